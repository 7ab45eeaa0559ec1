import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const BIN = join(ROOT, 'bin', 'verigate.js')
const AGREEMENTS = join(ROOT, 'policies', 'agreements')
const ORDERS = join(ROOT, 'policies', 'orders')

const REQUEST = { name: 'FULL', address: 'FULL', addressReasons: [], hasDob: false, hasTin: true, caseRef: 'ERO-1', hasTaxPeriods: true, hasStatute: true, hasReasons: true, hasOrderDate: true }
const levels = (l: Record<string, string>, weight: number) => ({ masterId: 'M-1', weight, probability: 0.99, comparisons: Object.entries(l).map(([field, level]) => ({ field, level, weight: 4 })) })
const line = (requestId: string, request: object, best: object | undefined, status = 'match') =>
  JSON.stringify({ requestId, status, request: { ...REQUEST, ...request }, ...(best ? { best } : {}), rivals: [], masterDigest: 'sha256:1', modelDigest: 'sha256:2' })

/** Four requests: a proper TIN match, a TIN match on a junk address, a ZIP-only address path, no match. */
const EVIDENCE = [
  line('R-1', {}, levels({ tin: 'exact', surname: 'exact', given_name: 'exact', address: 'full' }, 24)),
  line('R-2', { address: 'NONE' }, levels({ tin: 'exact', surname: 'exact', given_name: 'exact', address: 'missing' }, 18)),
  line('R-3', { hasTin: false, address: 'LOCALITY' }, levels({ surname: 'exact', given_name: 'exact', address: 'zip' }, 14)),
  line('R-4', {}, undefined, 'none'),
].join('\n')

function run(args: readonly string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
  writeFileSync(join(dir, 'evidence.jsonl'), `${EVIDENCE}\n`)
  mkdirSync(join(dir, 'no-orders'))
  return dir
}

describe('verigate decide', () => {
  it('replays the incident: the lax paths disclose as run, and not under the court’s reading', () => {
    const dir = setup()
    const asRun = run(['decide', '--agreement', join(AGREEMENTS, 'irs-ice-2025-as-run.yaml'), '--orders', join(dir, 'no-orders'), '--evidence', join(dir, 'evidence.jsonl'), '--as-of', '2025-08-07', '--out', join(dir, 'as-run.jsonl'), '--json'])
    assert.equal(asRun.status, 0, asRun.stderr)
    const summary = JSON.parse(asRun.stdout)
    assert.deepEqual(summary.byOutcome, { disclose: 3, withhold: 1, review: 0 })
    assert.equal(summary.byReason.ADDRESS_UNCHECKED, 2)
    const court = run(['decide', '--agreement', join(AGREEMENTS, 'irs-ice-2025-court-reading.yaml'), '--orders', join(dir, 'no-orders'), '--evidence', join(dir, 'evidence.jsonl'), '--as-of', '2025-08-07', '--out', join(dir, 'court.jsonl'), '--json'])
    const decisions = readFileSync(join(dir, 'court.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    assert.deepEqual(
      decisions.map((d: { requestId: string; outcome: string }) => `${d.requestId} ${d.outcome}`),
      ['R-1 disclose', 'R-2 withhold', 'R-3 disclose', 'R-4 withhold'],
    )
    assert.equal(JSON.parse(court.stdout).total, 4)
  })
  it('withholds everything under the injunction, and prints a readable table by default', () => {
    const dir = setup()
    const r = run(['decide', '--agreement', join(AGREEMENTS, 'irs-ice-2025-corrected.yaml'), '--orders', ORDERS, '--evidence', join(dir, 'evidence.jsonl'), '--as-of', '2025-12-01T00:00:00Z', '--out', join(dir, 'd.jsonl')])
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /Decided 4 request\(s\) under irs-ice-2025 2025-04-07-corrected with 2 order\(s\)/)
    assert.match(r.stdout, /withhold\s+4/)
    assert.match(r.stdout, /ORDER_FORBIDS_DISCLOSURE\s+4/)
    const first = JSON.parse(readFileSync(join(dir, 'd.jsonl'), 'utf8').split('\n')[0]!)
    assert.equal(first.orders[0].id, 'dcd-2025-11-21-injunction')
  })
  it('refuses a requester the agreement does not authorise', () => {
    const dir = setup()
    const r = run(['decide', '--agreement', join(AGREEMENTS, 'irs-ice-2025-corrected.yaml'), '--orders', join(dir, 'no-orders'), '--evidence', join(dir, 'evidence.jsonl'), '--as-of', '2025-08-07', '--out', join(dir, 'd.jsonl'), '--requester', 'dhs-cbp', '--json'])
    assert.equal(JSON.parse(r.stdout).byReason.REQUESTER_NOT_AUTHORISED, 4)
  })
  it('fails with exit code 65 on invalid evidence, naming the line', () => {
    const dir = setup()
    writeFileSync(join(dir, 'bad.jsonl'), `${EVIDENCE}\n{"requestId": "x"}\n`)
    const r = run(['decide', '--agreement', join(AGREEMENTS, 'irs-ice-2025-corrected.yaml'), '--orders', join(dir, 'no-orders'), '--evidence', join(dir, 'bad.jsonl'), '--as-of', '2025-08-07', '--out', join(dir, 'd.jsonl')])
    assert.equal(r.status, 65)
    assert.match(r.stderr, /bad\.jsonl:5/)
  })
  it('fails on a decision time without an offset', () => {
    const dir = setup()
    const r = run(['decide', '--agreement', join(AGREEMENTS, 'irs-ice-2025-corrected.yaml'), '--orders', join(dir, 'no-orders'), '--evidence', join(dir, 'evidence.jsonl'), '--as-of', '2025-08-07T10:00', '--out', join(dir, 'd.jsonl')])
    assert.equal(r.status, 65)
    assert.match(r.stderr, /--as-of/)
  })
})
