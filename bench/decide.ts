/**
 * `npm run bench -- decide [decisions]`: decisions per second on prepared evidence (evidence
 * digests computed once, as link writes them), single-threaded, over a mix of outcomes. The
 * target is at least 1,000,000 decisions per second per core.
 *
 * Baseline in the same process: the simple `decide()` entry computing each evidence digest
 * itself (SHA-256 over canonical JSON), which is what preparing the evidence saves.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { digest } from '../src/core/index.js'
import type { Candidate, ComparedField, Decision, Digest, JsonValue, MatchResult, RequestContext, RequestFacts } from '../src/core/index.js'
import { compilePolicy, decide, parsePolicyDocument } from '../src/policy/index.js'
import type { ValidatedAgreement, ValidatedOrder } from '../src/policy/index.js'
import { printTable } from './support/report.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

function load<T>(relative: string): T {
  const r = parsePolicyDocument(readFileSync(`${ROOT}policies/${relative}`, 'utf8'), relative)
  if (!r.ok) throw new Error(`${relative} is not valid`)
  return r.value as T
}

const REQUEST: RequestFacts = {
  name: 'FULL',
  address: 'FULL',
  addressReasons: [],
  hasDob: false,
  hasTin: true,
  caseRef: 'ERO-2025-1',
  hasTaxPeriods: true,
  hasStatute: true,
  hasReasons: true,
  hasOrderDate: true,
}

function candidate(levels: Record<string, string>, weight: number, masterId: string): Candidate {
  return {
    masterId,
    weight,
    probability: 2 ** weight / (1 + 2 ** weight),
    comparisons: Object.entries(levels).map(([field, level]) => ({ field: field as ComparedField, level, weight: 3 }) as Candidate['comparisons'][number]),
  }
}

/**
 * One evidence value, always built with the same members in the same order (as link builds it),
 * so that the engine sees one object shape.
 */
function result(requestId: string, status: MatchResult['status'], request: RequestFacts, best: Candidate | undefined, rivals: Candidate[]): MatchResult {
  return { requestId, status, request, best, rivals, masterDigest: 'sha256:m', modelDigest: 'sha256:n' }
}

/** A deterministic mix: proper matches, junk and ZIP-only addresses, ties, no-matches, refused requests. */
function makeEvidence(n: number): MatchResult[] {
  const out: MatchResult[] = []
  const full = { tin: 'exact', surname: 'exact', given_name: 'exact', address: 'full' }
  for (let i = 0; i < n; i++) {
    const id = `R-${i}`
    switch (i % 8) {
      case 0:
      case 1:
      case 2:
        out.push(result(id, 'match', REQUEST, candidate(full, 40 + (i % 5), `M-${i}`), []))
        break
      case 3:
        out.push(result(id, 'match', { ...REQUEST, address: 'NONE', addressReasons: ['address_junk'] }, candidate({ ...full, address: 'missing' }, 18, `M-${i}`), []))
        break
      case 4:
        out.push(result(id, 'match', { ...REQUEST, hasTin: false, hasDob: true, address: 'LOCALITY' }, candidate({ surname: 'exact', given_name: 'exact', dob: 'exact', address: 'zip' }, 16, `M-${i}`), []))
        break
      case 5:
        out.push(result(id, 'ambiguous', REQUEST, candidate(full, 40, `M-${i}`), [candidate(full, 39, `M-${i}b`)]))
        break
      case 6:
        out.push(result(id, 'none', REQUEST, undefined, []))
        break
      default:
        out.push(result(id, 'match', { ...REQUEST, caseRef: '' }, candidate(full, 40, `M-${i}`), []))
    }
  }
  return out
}

const CONTEXT: RequestContext = { requester: 'dhs-ice', disclosuresSoFar: { day: 10 }, safeguards: { openFindings: 0, correctivePlan: false } }

interface Run {
  /** Wall-clock seconds. */
  readonly seconds: number
  /** CPU seconds of this process (user + system): the per-core cost when other work shares the cores. */
  readonly cpuSeconds: number
  readonly counts: Record<Decision['outcome'], number>
}

function measure(total: number, one: (i: number) => Decision): Run {
  const counts = { disclose: 0, withhold: 0, review: 0 }
  const cpu = process.cpuUsage()
  const start = process.hrtime.bigint()
  for (let i = 0; i < total; i++) counts[one(i).outcome] += 1
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const used = process.cpuUsage(cpu)
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, counts }
}

const total = Number(process.argv[2] ?? 3_000_000)
const pool = makeEvidence(4096)
const digests: Digest[] = pool.map((e) => digest(e as unknown as JsonValue))
const mask = pool.length - 1
const corrected = load<ValidatedAgreement>('agreements/irs-ice-2025-corrected.yaml')
const asRun = load<ValidatedAgreement>('agreements/irs-ice-2025-as-run.yaml')
const residential = load<ValidatedOrder>('orders/dmass-2026-02-05-residential.yaml')
const injunction = load<ValidatedOrder>('orders/dcd-2025-11-21-injunction.yaml')
const ASOF = Date.parse('2025-08-07T12:00:00Z')

const scenarios: [string, number, (i: number) => Decision][] = []
for (const [name, agreement] of [
  ['corrected + 2 orders (not yet in force)', corrected],
  ['as run + 2 orders (not yet in force)', asRun],
] as const) {
  const policy = compilePolicy(agreement, [injunction, residential])
  scenarios.push([`compiled, prepared evidence: ${name}`, total, (i) => policy.decide(pool[i & mask]!, CONTEXT, ASOF, digests[i & mask])])
}
scenarios.push(['baseline: decide(), digest per decision: corrected', Math.max(1, Math.floor(total / 20)), (i) => decide(pool[i & mask]!, CONTEXT, corrected, [injunction, residential], ASOF)])

const rows: (string | number)[][] = []
let firstRate = 0
for (const [name, n, one] of scenarios) {
  measure(Math.min(n, 200_000), one) // warm-up: let the JIT settle
  const run = measure(n, one)
  const rate = n / run.seconds
  const cpuRate = n / run.cpuSeconds
  if (firstRate === 0) firstRate = cpuRate
  const share = (k: Decision['outcome']) => `${((100 * run.counts[k]) / n).toFixed(1)}%`
  rows.push([name, n, run.seconds, Math.round(rate), run.cpuSeconds, Math.round(cpuRate), share('disclose'), share('withhold'), share('review'), `${(cpuRate / firstRate).toFixed(3)}×`])
}
printTable(
  'decide: decisions per second, one thread',
  ['scenario', 'decisions', 'wall s', 'decisions/s (wall)', 'CPU s', 'decisions/CPU-s', 'disclose', 'withhold', 'review', 'vs first row (CPU)'],
  rows,
  3,
)
