/**
 * `npm run bench -- blocking [--scale PEOPLE]… [--master PATH]… [--requests N] [--rules SET]… [--unsplit] [--try NAME=PART+PART]… [--split RULE=ABOVE:PART+PART|none]…`
 *
 * Whether blocking grows with the master (issue 20): the same number of requests (default 20,000,
 * the first of the file) against generated incident masters of several sizes (`--scale PEOPLE`,
 * generated into the system temp folder and kept, or `--master` a master CSV or `.vgx` with the
 * generator's requests.csv and truth.csv beside it). For each master and rule set (`--rules`:
 * national, wide, small-file; default national) it prints candidates a request (distinct pairs /
 * requests), blocking recall (in-master requests whose true record is among the candidates: what
 * no later step can recover), capped blocks met a request and the share of requests that met one;
 * then per rule its pairs a request, its largest block and how many blocks are over the cap.
 * `--try NAME=PART+PART` adds an ad-hoc rule to every set, to see what a finer key would cost
 * and find. `--split RULE=ABOVE:PART+PART` gives a rule (of every set, or a tried one) that split
 * of its blocks over ABOVE records (`none`: no split), to choose splits by measurement;
 * `--unsplit` also measures each set with its splits removed, beside it. The index is built (or a
 * snapshot loaded, without its digest check: a benchmark reads its own files) once a master;
 * other rule sets reuse its records, and the postings of rules they share with it.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { BLOCKING_RULE_SETS, type BlockSplit, type BlockingPostings, type BlockingKeyPart, type BlockingRule, DEFAULT_LINK_SETTINGS, MasterIndex, createLinker, indexMasterFile, loadMasterIndex, readRequestFile, reblockIndex, toLinkRequests } from '../src/link/index.js'
import { nicknameGroups } from '../src/standardize/index.js'
import { generate } from '../src/synth/index.js'
import { peakRssMiB, printTable } from './support/report.js'

const args = process.argv.slice(2)
const valuesOf = (flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1] ?? ''] : []))
const requestCount = args.includes('--requests') ? Number(args[args.indexOf('--requests') + 1]) : 20_000
const setNames = valuesOf('--rules')
if (setNames.length === 0) setNames.push('national')
for (const name of setNames) if (!(name in BLOCKING_RULE_SETS)) throw new Error(`--rules ${name}: not a rule set (${Object.keys(BLOCKING_RULE_SETS).join(', ')})`)
const tried: BlockingRule[] = valuesOf('--try').map((spec) => {
  const [name = '', parts = ''] = spec.split('=')
  if (!name || !parts) throw new Error(`--try ${spec}: expected NAME=PART+PART`)
  return { name, parts: parts.split('+') as BlockingKeyPart[] }
})
const splits = new Map<string, BlockSplit | null>(
  valuesOf('--split').map((spec) => {
    const [name = '', how = ''] = spec.split('=')
    if (how === 'none') return [name, null]
    const [above = '', parts = ''] = how.split(':')
    if (!name || !(Number(above) > 0) || !parts) throw new Error(`--split ${spec}: expected RULE=ABOVE:PART+PART or RULE=none`)
    return [name, { above: Number(above), parts: parts.split('+') as BlockingKeyPart[] }]
  }),
)
/** `rule` with the split `--split` gives it (or without any, `unsplit`). */
function withSplit(rule: BlockingRule, unsplit: boolean): BlockingRule {
  const split = unsplit ? null : splits.has(rule.name) ? splits.get(rule.name) : rule.split
  return split ? { name: rule.name, parts: rule.parts, split } : { name: rule.name, parts: rule.parts }
}
const variants = setNames.flatMap((name) => (args.includes('--unsplit') ? [{ name, unsplit: true }, { name, unsplit: false }] : [{ name, unsplit: false }]))
const masters = [...valuesOf('--scale').map((people) => generated(Number(people))), ...valuesOf('--master')]
if (masters.length === 0) throw new Error('name a master: --scale PEOPLE or --master PATH')
const cap = DEFAULT_LINK_SETTINGS.maxBlockSize
const seconds = (ms: number) => Math.round(ms) / 1000

/** The master CSV of generated incident data for `people` (made once, kept in the temp folder). */
function generated(people: number): string {
  return join(tmpdir(), 'verigate-bench', `incident-p${people}-r${requestCount}-s1`, 'master.csv')
}

/** The first `n` requests of a file (written beside nothing: into the temp folder). */
function firstRequests(path: string, n: number): string {
  const text = readFileSync(path, 'utf8')
  let at = 0
  for (let line = 0; line <= n && at >= 0; line++) at = text.indexOf('\n', at + 1)
  const out = join(tmpdir(), `verigate-blocking-bench-requests-${process.pid}.csv`)
  writeFileSync(out, at < 0 ? text : text.slice(0, at + 1))
  return out
}

/** Truth rows by request id: the true master id (either of two, for a person listed twice) of in-master requests. */
function truthOf(path: string, ids: ReadonlySet<string>): Map<string, string[]> {
  // Line by line, parsing only the lines of the chosen requests: a 1.28M-request truth file
  // parsed whole would hold over a million row objects for twenty thousand wanted.
  const lines = readFileSync(path, 'utf8').split('\n')
  const header = parse(lines[0] ?? '')[0] as string[]
  const truth = new Map<string, string[]>()
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string
    if (!ids.has(line.slice(0, line.indexOf(',')))) continue
    const cells = parse(line)[0] as string[]
    const r = Object.fromEntries(header.map((h, j) => [h, cells[j] ?? '']))
    if (r.request_kind === 'in_master' && r.master_id) truth.set(r.request_id as string, [r.master_id, r.other_master_id ?? ''].filter((x) => x))
  }
  return truth
}

const summary: (string | number)[][] = []
const perRule: (string | number)[][] = []
for (const master of masters) {
  const dir = dirname(master)
  if (!existsSync(master)) {
    const people = Number(/incident-p(\d+)-/.exec(master)?.[1])
    await generate({ scenario: 'incident', people, requests: requestCount, seed: 1 }, dir)
  }
  let t = performance.now()
  const base: MasterIndex = master.endsWith('.vgx') ? loadMasterIndex(master, { verify: false }) : (await indexMasterFile(master)).index
  const openS = seconds(performance.now() - t)
  const chosen = firstRequests(join(dir, 'requests.csv'), requestCount)
  const { records } = await readRequestFile(chosen)
  rmSync(chosen)
  const requests = toLinkRequests(records)
  const truth = truthOf(join(dir, 'truth.csv'), new Set(records.map((r) => r.id)))
  const wanted = new Set([...truth.values()].flat())
  const rowOf = new Map<string, number>()
  for (let row = 0; row < base.count; row++) {
    const id = base.id(row)
    if (wanted.has(id)) rowOf.set(id, row)
  }
  console.log(`${master}: ${base.count.toLocaleString('en-US')} records (opened in ${openS} s), ${requests.length.toLocaleString('en-US')} requests, ${truth.size.toLocaleString('en-US')} in the master`)
  for (const { name: setName, unsplit } of variants) {
    const rules = [...BLOCKING_RULE_SETS[setName as keyof typeof BLOCKING_RULE_SETS], ...tried].map((rule) => withSplit(rule, unsplit))
    t = performance.now()
    const index = reblockIndex(base, rules)
    const reblockS = seconds(performance.now() - t)
    const linker = createLinker({ index, nicknameGroups })
    // One linker a rule over the same postings, to count the true pairs each rule finds and those
    // only it finds (where a split of it can lose recall).
    const single = rules.map((rule, r) => createLinker({ index: new MasterIndex({ ...index.meta, rules: [rule] }, index.arrays, [index.postings[r] as BlockingPostings]), nicknameGroups }))
    const finds = rules.map(() => 0)
    const alone = rules.map(() => 0)
    let found = 0
    let metCap = 0
    let cappedBefore = 0
    let linkMs = 0
    t = performance.now()
    for (const request of requests) {
      // Linked one at a time, so the counters say which requests met a capped block.
      const l = performance.now()
      linker.link([request])
      linkMs += performance.now() - l
      const capped = linker.blocking.counters().capped.reduce((a, b) => a + b, 0)
      if (capped > cappedBefore) metCap++
      cappedBefore = capped
      const want = truth.get(request.standardized.id)
      if (!want) continue
      const has = (rows: Int32Array) => want.some((id) => { const row = rowOf.get(id); return row !== undefined && rows.includes(row) })
      if (has(linker.blocking.candidates(request))) found++
      const by = single.map((l) => has(l.blocking.candidates(request)))
      by.forEach((yes, r) => { if (yes) finds[r] = (finds[r] as number) + 1 })
      if (by.filter((yes) => yes).length === 1) alone[by.indexOf(true)] = (alone[by.indexOf(true)] as number) + 1
    }
    const findS = seconds(performance.now() - t)
    const counters = linker.blocking.counters()
    const splitNote = unsplit ? ' unsplit' : rules.some((r) => r.split) ? ' split' : ''
    const label = `${index.count.toLocaleString('en-US')} × ${setName}${splitNote}${tried.length > 0 ? ` + ${tried.map((r) => r.name).join(', ')}` : ''}`
    summary.push([label, counters.distinct / requests.length, truth.size > 0 ? found / truth.size : 0, cappedBefore / requests.length, metCap / requests.length, index.byteLength / index.count, reblockS, seconds(linkMs), findS])
    const statistics = index.ruleStatistics(cap)
    counters.rules.forEach((rule, i) => {
      const s = statistics[i]
      const split = index.postings[i]?.split.length ?? 0
      const how = rules[i]?.split
      perRule.push([label, rule, how ? `${split} over ${how.above} by ${how.parts.join('+')}` : '', (counters.pairs[i] as number) / requests.length, s?.largest ?? 0, s?.oversized ?? 0, (counters.capped[i] as number) / requests.length, finds[i] as number, alone[i] as number])
    })
  }
}
printTable(
  `blocking by master size (${requestCount.toLocaleString('en-US')} requests; cap ${cap.toLocaleString('en-US')} records a block; peak RSS ${Math.round(peakRssMiB())} MiB)`,
  ['master × rules', 'candidates a request', 'blocking recall (in-master)', 'capped blocks a request', 'requests meeting a capped block', 'index bytes a record', 'rule postings built s', 'link s (one request a call)', 'link and candidates s'],
  summary,
  4,
)
printTable('blocking per rule', ['master × rules', 'rule', 'blocks split', 'pairs a request', 'largest block', `blocks over ${cap}`, 'capped a request', 'true pairs found', 'found by it alone'], perRule, 3)
