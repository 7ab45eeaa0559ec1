/**
 * `npm run bench -- intake [rows] [--plain]`: how fast `openRecords` reads a generated master file
 * (default 1,000,000 rows, 11 columns, about 90 bytes a row), as the link engine's index build
 * reads it, plain and with every field quoted (`--plain`: the plain file only). Each stage runs in
 * its own process, so its peak memory is its own: the duplicate check's typed arrays grow with the
 * rows (12 bytes a slot), nothing else does.
 *
 * Baselines in the same run: reading the bytes only, and csv-parse's stream alone (the parser the
 * task named), so the table shows what each layer costs and how csv-parse would compare.
 *
 * Rows per CPU-second (user + system time of the process) is given beside wall-clock rows per
 * second: on a shared machine wall time counts other processes' load.
 */
import { spawnSync } from 'node:child_process'
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse'
import { openRecords } from '../src/intake/index.js'
import { peakRssMiB, printTable } from './support/report.js'

const GIVEN = ['michaela', 'José', 'courtney', 'charles', 'vanessa', 'Zoë', 'robert', 'ann', 'li', 'mohammed']
const SURNAMES = ['neumann', 'García López', 'painter', 'green', 'parr', "O'Brien", 'de la cruz', 'smith-jones', 'nguyen', 'lee']
const STREETS = ['stanley street', 'pinkerton circuit', 'salkauskas crescent', 'calle del sol', 'main st', 'state hwy 9']
const CITIES = ['winston hills', 'richlands', 'dapto', 'south grafton', 'santa fe', 'denver']

/** Writes `rows` generated master rows; every 10th row quotes a field holding a comma. */
function generate(path: string, rows: number, quoted: boolean): void {
  const header = 'rec_id,given_name,surname,street_number,address_1,address_2,suburb,postcode,state,date_of_birth,soc_sec_id\n'
  writeFileSync(path, header)
  const block: string[] = []
  for (let i = 0; i < rows; i++) {
    const fields = [
      `rec-${i}-org`,
      GIVEN[i % GIVEN.length] as string,
      SURNAMES[(i * 7) % SURNAMES.length] as string,
      String((i * 13) % 999),
      STREETS[(i * 3) % STREETS.length] as string,
      i % 10 === 0 ? '"apt 4, rear"' : '',
      CITIES[(i * 5) % CITIES.length] as string,
      String(10000 + ((i * 31) % 89999)),
      'nsw',
      String(19000101 + (i % 99) * 10000 + (i % 12) * 100 + (i % 28)),
      String(1000000 + ((i * 7919) % 8999999)),
    ]
    block.push(quoted ? fields.map((f) => (f.startsWith('"') ? f : `"${f}"`)).join(',') : fields.join(','))
    if (block.length === 10_000) {
      writeFileSync(path, `${block.join('\n')}\n`, { flag: 'a' })
      block.length = 0
    }
  }
  if (block.length > 0) writeFileSync(path, `${block.join('\n')}\n`, { flag: 'a' })
}

interface Measure {
  readonly rows: number
  readonly wallS: number
  readonly cpuS: number
}

async function measure(run: () => Promise<number>): Promise<Measure> {
  const cpu = process.cpuUsage()
  const start = performance.now()
  const rows = await run()
  const wallS = (performance.now() - start) / 1000
  const used = process.cpuUsage(cpu)
  return { rows, wallS, cpuS: (used.user + used.system) / 1e6 }
}

const STAGES: Record<string, (path: string) => Promise<number>> = {
  'bytes only (64 KiB reads)': async (path) => {
    const handle = await open(path)
    const buffer = Buffer.allocUnsafe(1 << 16)
    let newlines = 0
    let position = 0
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position)
      if (bytesRead === 0) break
      position += bytesRead
      let at = buffer.indexOf(10)
      while (at !== -1 && at < bytesRead) {
        newlines++
        at = buffer.indexOf(10, at + 1)
      }
    }
    await handle.close()
    return newlines - 1
  },
  'csv-parse stream alone': async (path) => {
    let rows = -1
    for await (const record of createReadStream(path).pipe(parse({ bom: true, ltrim: true, relax_column_count: true }))) if (record) rows++
    return rows
  },
  'openRecords batches(), no duplicate check': async (path) => {
    const source = await openRecords(path, { checkDuplicateIds: false })
    let rows = 0
    for await (const batch of source.batches()) rows += batch.length
    return rows
  },
  'openRecords batches()': async (path) => {
    const source = await openRecords(path)
    let rows = 0
    for await (const batch of source.batches()) rows += batch.length
    return rows
  },
  'openRecords rows()': async (path) => {
    const source = await openRecords(path)
    let rows = 0
    for await (const row of source.rows()) if (row.record.id) rows++
    return rows
  },
}

const SELF = fileURLToPath(import.meta.url)
const stageIndex = process.argv.indexOf('--stage')
if (stageIndex !== -1) {
  // A child: run one stage on one file and print its measure as JSON.
  const name = process.argv[stageIndex + 1] as string
  const path = process.argv[stageIndex + 2] as string
  const result = await measure(() => (STAGES[name] as (p: string) => Promise<number>)(path))
  process.stdout.write(JSON.stringify({ ...result, peakMiB: peakRssMiB() }))
} else {
  const rows = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000)
  const plainOnly = process.argv.includes('--plain')
  const dir = mkdtempSync(join(tmpdir(), 'verigate-bench-'))
  try {
    const files: Record<string, string> = { plain: join(dir, 'master.csv') }
    if (!plainOnly) files['all quoted'] = join(dir, 'quoted.csv')
    for (const [kind, path] of Object.entries(files)) generate(path, rows, kind !== 'plain')
    const table: (string | number)[][] = []
    for (const [kind, path] of Object.entries(files)) {
      const mib = statSync(path).size / 2 ** 20
      let baseline: number | undefined
      for (const name of Object.keys(STAGES)) {
        const child = spawnSync(process.execPath, ['--expose-gc', SELF, '--stage', name, path], { encoding: 'utf8', maxBuffer: 1 << 20 })
        if (child.status !== 0) throw new Error(`stage ${name} failed: ${child.stderr}`)
        const m = JSON.parse(child.stdout) as Measure & { peakMiB: number }
        if (m.rows !== rows) throw new Error(`stage ${name} read ${m.rows} rows, not ${rows}`)
        const perCpu = m.rows / m.cpuS
        if (name === 'csv-parse stream alone') baseline = perCpu
        const ratio = baseline === undefined ? '' : `${(perCpu / baseline).toFixed(2)}×`
        table.push([`${kind} (${mib.toFixed(0)} MiB)`, name, Math.round(m.rows / m.wallS), Math.round(perCpu), ratio, Math.round(m.peakMiB)])
      }
    }
    printTable(`intake: reading ${rows.toLocaleString('en-US')} generated master rows`, ['file', 'stage', 'rows/s (wall)', 'rows per CPU-second', 'vs csv-parse', 'peak RSS MiB'], table)
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true })
  }
}
