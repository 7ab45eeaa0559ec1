/**
 * The layer rules of docs/architecture.md, fed to the real eslint with the repository's own
 * eslint.config.js: each kind of violation is reported, the code that keeps the rules passes, and
 * for every pair of folders in scripts/layers.mjs eslint refuses exactly the imports the table
 * refuses. The files are linted as text under src/ (they need not exist).
 */
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ESLint } from 'eslint'

/** The repository root (this file runs as dist/test/layers/layer-rules.test.js). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** What this test uses of scripts/layers.mjs. */
interface LayersModule {
  readonly LAYERS: readonly { readonly folder: string; readonly level: number }[]
  importRefusal(from: string, to: string): string | null
}

let eslint: ESLint
let layers: LayersModule

before(async () => {
  eslint = new ESLint({ cwd: ROOT })
  layers = (await import(pathToFileURL(join(ROOT, 'scripts/layers.mjs')).href)) as LayersModule
})

/** The messages eslint reports for `code` as if it were the file `path` (relative to the root). */
async function lint(path: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) })
  assert.ok(result, `eslint returned no result for ${path}`)
  return result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }))
}

describe('layer rules (eslint.config.js from scripts/layers.mjs)', () => {
  it('passes a file that imports down, through an index', async () => {
    const messages = await lint('src/workflow/probe.ts', "export { openStore } from '../store/index.js'\nexport { digest } from '../core/index.js'\n")
    assert.deepEqual(messages, [])
  })

  it('reports an upward import: the store importing the workflow', async () => {
    const messages = await lint('src/store/probe.ts', "export { runBatch } from '../workflow/index.js'\n")
    assert.equal(messages.length, 1)
    assert.equal(messages[0]?.ruleId, 'verigate/layers')
    assert.match(messages[0]?.message ?? '', /src\/store \(level 4\) may not import src\/workflow \(level 5, above it\): imports only point down/)
  })

  it('reports a sideways import between engines of one level: link importing policy', async () => {
    const messages = await lint('src/link/probe.ts', "export { decide } from '../policy/index.js'\n")
    assert.equal(messages[0]?.ruleId, 'verigate/layers')
    assert.match(messages[0]?.message ?? '', /src\/link \(level 3\) may not import src\/policy \(level 3, on the same level\)/)
  })

  it('reports a dynamic import that points up: synth importing standardize is sideways, intake importing link is up', async () => {
    const synth = await lint('src/synth/probe.ts', "export const m = await import('../standardize/index.js')\n")
    assert.match(synth[0]?.message ?? '', /src\/synth \(level 1\) may not import src\/standardize/)
    const intake = await lint('src/intake/probe.ts', "export const m = await import('../link/index.js')\n")
    assert.match(intake[0]?.message ?? '', /src\/intake \(level 2\) may not import src\/link/)
  })

  it('lets a face start the faces the table names, and no other way round', async () => {
    assert.deepEqual(await lint('src/cli/commands/probe.ts', "export const m = await import('../../api/index.js')\n"), [])
    const web = await lint('src/web/probe.ts', "export { buildApp } from '../api/index.js'\n")
    assert.match(web[0]?.message ?? '', /src\/web \(level 6\) may not import src\/api/)
  })

  it('reports a side-door import past an index.ts, naming the index to use', async () => {
    const messages = await lint('src/workflow/probe.ts', "export { partiesFacade } from '../store/facades/parties.js'\n")
    assert.equal(messages.length, 1)
    assert.equal(messages[0]?.ruleId, 'verigate/layers')
    assert.match(messages[0]?.message ?? '', /'\.\.\/store\/facades\/parties\.js' reaches past src\/store\/index\.ts: .*import '\.\.\/store\/index\.js'/)
  })

  it('reports a side door into a sub-folder\'s own index (workflow/audit/index.ts is not workflow\'s index)', async () => {
    const messages = await lint('src/api/routes/probe.ts', "export { loadAudit } from '../../workflow/audit/index.js'\n")
    assert.match(messages[0]?.message ?? '', /reaches past src\/workflow\/index\.ts/)
  })

  it('lets a file import its own folder\'s internals', async () => {
    assert.deepEqual(await lint('src/store/facades/probe.ts', "export { partiesFacade } from './parties.js'\nexport { APPEND_ONLY_TABLES } from '../schema.js'\n"), [])
  })

  it('reports product code importing test scaffolding, and lets a test import it', async () => {
    const code = "export { makeFixture } from '../../test/support/workflow-test-support.js'\n"
    const product = await lint('src/workflow/probe.ts', code)
    assert.match(product[0]?.message ?? '', /is test scaffolding under test\/: product code may not import it/)
    assert.deepEqual(await lint('src/workflow/probe.test.ts', code), [])
  })

  it('reports a folder under src/ that the table does not name', async () => {
    const messages = await lint('src/newfolder/probe.ts', "export const x = 1\n")
    assert.match(messages[0]?.message ?? '', /src\/newfolder is not in the layer table: add it to scripts\/layers\.mjs/)
  })

  it('reports raw Kysely outside the store: an import of kysely, a store\'s .kysely, a destructured kysely', async () => {
    const imported = await lint('src/cli/commands/probe.ts', "import { sql } from 'kysely'\nexport const q = sql`select 1`\n")
    assert.deepEqual(imported.map((m) => m.ruleId), ['no-restricted-imports'])
    assert.match(imported[0]?.message ?? '', /raw Kysely outside src\/store/)
    const property = await lint('src/workflow/probe.ts', "import type { Store } from '../store/index.js'\nexport const rows = (store: Store) => store.kysely.selectFrom('parties').selectAll().execute()\n")
    assert.deepEqual(property.map((m) => m.ruleId), ['no-restricted-syntax'])
    assert.match(property[0]?.message ?? '', /raw Kysely outside src\/store: SQL belongs to the store; add a store method/)
    const destructured = await lint('src/api/probe.ts', "import type { Store } from '../store/index.js'\nexport const db = ({ kysely }: Store) => kysely\n")
    assert.deepEqual(destructured.map((m) => m.ruleId), ['no-restricted-syntax'])
  })

  it('lets the store, and tests that tamper with the database on purpose, use raw Kysely', async () => {
    const code = "import { sql } from 'kysely'\nimport type { Store } from '../store/index.js'\nexport const n = (store: Store) => sql`select 1`.execute(store.kysely)\n"
    assert.deepEqual(await lint('src/workflow/tamper.test.ts', code), [])
    assert.deepEqual(await lint('src/store/probe.ts', "import { sql } from 'kysely'\nimport type { Store } from './store.js'\nexport const n = (store: Store) => sql`select 1`.execute(store.kysely)\n"), [])
  })

  it('refuses exactly the imports the table refuses, for every pair of folders (synth included)', async () => {
    const folders = layers.LAYERS.map((l) => l.folder)
    assert.ok(folders.includes('synth') && folders.includes('intake'), 'the table names synth and intake')
    const disagreements: string[] = []
    for (const from of folders) {
      for (const to of folders) {
        if (from === to) continue
        const messages = await lint(`src/${from}/probe.ts`, `export const m = await import('../${to}/index.js')\n`)
        const refusal = layers.importRefusal(from, to)
        const reported = messages.some((m) => m.ruleId === 'verigate/layers')
        if (reported !== (refusal !== null)) disagreements.push(`${from} → ${to}: table ${refusal === null ? 'allows' : 'refuses'}, eslint ${reported ? 'reports' : 'passes'}`)
      }
    }
    assert.deepEqual(disagreements, [])
  })
})
