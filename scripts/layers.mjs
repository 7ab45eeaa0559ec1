// The one table of Verigate's layers. eslint.config.js reads it (through
// scripts/eslint-layers.mjs) to enforce that imports only point down and that other folders are
// reached through their index.ts; docs/architecture.md holds the same table, drawn by
// `node scripts/layers-doc.mjs --write`, and test/layers/layer-doc.test.ts fails when they differ.
// Change the layers here, never in the doc or the lint config.

/**
 * @typedef {object} Layer
 * @property {string} folder  a folder under src/
 * @property {number} level   0 at the bottom; a file may import folders of lower levels only
 * @property {string} purpose what lives there, in one line
 */

/** @type {readonly Layer[]} Every folder under src/, from the bottom up. */
export const LAYERS = Object.freeze([
  { folder: 'core', level: 0, purpose: 'the canonical record types, evidence, ids, digests, typed errors; depends on nothing' },
  { folder: 'standardize', level: 1, purpose: 'names, addresses, dates and taxpayer numbers made into match keys, with reference tables' },
  { folder: 'synth', level: 1, purpose: 'the synthetic population and request generator, on core alone so it cannot share a bug with standardize' },
  { folder: 'intake', level: 2, purpose: 'reading CSV, JSON Lines and Parquet through column maps, with per-row issues' },
  { folder: 'link', level: 3, purpose: 'entity resolution: the master index, blocking, comparisons, the Fellegi–Sunter model' },
  { folder: 'policy', level: 3, purpose: 'agreements, court orders and the pure decision engine' },
  { folder: 'ledger', level: 3, purpose: 'the tamper-evident ledger as an engine: encoding, hash chain, Merkle tree, checkpoints, proofs' },
  { folder: 'report', level: 3, purpose: 'the report data types and the HTML reports with their charts' },
  { folder: 'store', level: 4, purpose: 'persistence behind one interface (SQLite, PostgreSQL), the migrations; the only place with SQL' },
  { folder: 'workflow', level: 5, purpose: 'the use cases: run a batch, review, release, audit, recall; transactions and idempotency' },
  { folder: 'cli', level: 6, purpose: 'the face for operators: the `verigate` commands' },
  { folder: 'api', level: 6, purpose: 'the face for agencies: the HTTP API with its schemas and per-party keys' },
  { folder: 'web', level: 6, purpose: 'the face for people: the reviewer and oversight pages' },
])

/**
 * Faces on one level may not import one another, except that a face may start the ones listed
 * here: `verigate serve` (cli) starts the HTTP API, and the API serves the web pages.
 * @type {Readonly<Record<string, readonly string[]>>}
 */
export const FACE_STARTS = Object.freeze({ cli: ['api', 'web'], api: ['web'] })

/** The layer of a folder under src/, or undefined when the table does not name it. */
export function layerOf(folder) {
  return LAYERS.find((layer) => layer.folder === folder)
}

/**
 * Why `from` may not import `to` (both folders under src/ named by the table), or null when it
 * may: a lower level, or a face that `from` starts.
 */
export function importRefusal(from, to) {
  const a = layerOf(from)
  const b = layerOf(to)
  if (!a || !b || from === to) return null
  if (b.level < a.level) return null
  if (b.level === a.level && (FACE_STARTS[from] ?? []).includes(to)) return null
  const where = b.level === a.level ? 'on the same level' : 'above it'
  return `src/${from} (level ${a.level}) may not import src/${to} (level ${b.level}, ${where}): imports only point down (docs/architecture.md)`
}

/** The table as docs/architecture.md shows it: one Markdown row per level, top level first. */
export function layerTableMarkdown() {
  const levels = [...new Set(LAYERS.map((layer) => layer.level))].sort((a, b) => b - a)
  const rows = ['| level | folder | what lives there | faces it starts (same level) |', '|---|---|---|---|']
  for (const level of levels) {
    for (const layer of LAYERS.filter((l) => l.level === level)) {
      const starts = FACE_STARTS[layer.folder] ?? []
      const also = starts.length === 0 ? '' : starts.map((s) => `\`${s}/\``).join(', ')
      rows.push(`| ${level} | \`${layer.folder}/\` | ${layer.purpose} | ${also} |`)
    }
  }
  return rows.join('\n')
}

/** The markers around the drawn table in docs/architecture.md. */
export const DOC_TABLE_START = '<!-- layer table: drawn from scripts/layers.mjs by `node scripts/layers-doc.mjs --write`; do not edit by hand -->'
export const DOC_TABLE_END = '<!-- end of layer table -->'
