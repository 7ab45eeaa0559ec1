// Builds the compact reference tables of the synthetic data generator (src/synth/data/*.csv) from
// a folder of reference sources (src/synth/data/README.md names them). Run it again only when
// those sources change:
//   node scripts/make-synth-reference.mjs REFERENCE_DIR
// Every output is a small CSV with a header; src/synth/data/README.md gives sources and licences.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const source = process.argv[2]
if (!source) {
  console.error('usage: node scripts/make-synth-reference.mjs REFERENCE_DIR')
  process.exit(64)
}
const out = 'src/synth/data'

/** Reads a CSV without quoted fields (true of every source used here) into rows of strings. */
function readCsv(path) {
  const lines = readFileSync(join(source, path), 'utf8').split(/\r?\n/).filter((l) => l.length > 0)
  const header = lines[0].split(',')
  return lines.slice(1).map((line) => {
    const cells = line.split(',')
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']))
  })
}

function write(name, header, rows) {
  writeFileSync(join(out, name), `${header.join(',')}\n${rows.map((r) => r.join(',')).join('\n')}\n`)
  console.log(`${name}: ${rows.length} rows`)
}

// Surnames: the Census 2010 list, split into the Spanish-list names (Hispanic culture) and the top
// 50,000 of the rest (general culture), each with its count of bearers.
const spanish = new Set(readCsv('census_spanish_surnames/spanish_surnames.csv').map((r) => r.name))
const surnames = readCsv('census_surnames_2010/surnames_2010.csv')
write(
  'surnames-general.csv',
  ['name', 'count'],
  surnames.filter((r) => !spanish.has(r.name)).slice(0, 50_000).map((r) => [r.name, r.count]),
)
write(
  'surnames-hispanic.csv',
  ['name', 'count'],
  surnames.filter((r) => spanish.has(r.name)).map((r) => [r.name, r.count]),
)

// Given names: SSA births since 1940 (the living adult population), split by sex in the
// proportion of all-years births, top 10,000 per sex.
const given = readCsv('ssa_first_names/ssa_first_names_1880_2023.csv').filter((r) => r.name.length >= 2)
for (const sex of ['female', 'male']) {
  const rows = given
    .map((r) => {
      const total = Number(r.count)
      const share = total > 0 ? Number(r[`count_${sex}`]) / total : 0
      return [r.name, Math.round(Number(r.count_since_1940) * share)]
    })
    .filter(([, c]) => c > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 10_000)
  write(`given-names-${sex}.csv`, ['name', 'count'], rows)
}

// ZIP prefixes: census rows only (military prefixes have no residential ZCTAs).
write(
  'zip3-state.csv',
  ['zip3', 'state', 'zcta_count'],
  readCsv('zip3_state/zip3_state.csv')
    .filter((r) => r.source === 'census_zcta' && Number(r.zcta_count) > 0)
    .map((r) => [r.zip3, r.state, r.zcta_count]),
)

// Nicknames: canonical → nickname pairs whose canonical name is a common given name.
const common = new Set(given.slice(0, 3_000).map((r) => r.name))
write(
  'nicknames.csv',
  ['name', 'nickname'],
  readCsv('nicknames/names.csv')
    .map((r) => [r.name1.toUpperCase(), r.name2.toUpperCase()])
    .filter(([n, k]) => common.has(n) && /^[A-Z]{2,}$/.test(k) && k !== n),
)

// Street suffix spellings: USPS standard abbreviation → every commonly used form (Pub. 28 C1).
write(
  'street-suffixes.csv',
  ['usps_standard', 'variant'],
  readCsv('usps/street_suffixes.csv').map((r) => [r.usps_standard, r.variant]),
)
