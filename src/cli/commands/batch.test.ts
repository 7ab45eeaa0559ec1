import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generate } from '../../synth/index.js'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const BIN = join(ROOT, 'bin/verigate.js')

function verigate(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

describe('verigate batch and verigate review', () => {
  let dir: string
  let db: string
  let orders: string
  let batchId = ''
  let cases: { requestId: string; state: string; approvalsNeeded: number }[] = []

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    db = join(dir, 'cli.sqlite')
    // A simulation store: these runs replay 7 August 2025 (a real store refuses --as-of).
    assert.equal(verigate('store', 'create', '--db', db, '--simulation').status, 0)
    await generate({ scenario: 'demo', people: 1500, requests: 150, seed: 11 }, join(dir, 'data'))
    // Every would-be disclosure goes to two reviewers under this order, so the batch has cases.
    orders = join(dir, 'orders')
    mkdirSync(orders)
    writeFileSync(
      join(orders, 'review.yaml'),
      'kind: order\nid: cli-review\ncourt: Test court\ncase: Test v. Test\ntitle: Review everything\nissued: 2025-01-01\neffective:\n  from: 2025-01-01\nbinds:\n  agreements: [irs-ice-2025]\nactions:\n  - kind: require_review\n    approvers: 2\n',
    )
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  const run = (...extra: string[]) =>
    verigate(
      'batch', 'run',
      '--agreement', join(ROOT, 'policies/agreements/irs-ice-2025-corrected.yaml'),
      '--orders', orders,
      '--master', join(dir, 'data/master.csv'),
      '--requests', join(dir, 'data/requests.csv'),
      '--as-of', '2025-08-07T12:00:00Z',
      '--release-at', '2025-08-07T16:00:00Z',
      '--out', join(dir, 'out'),
      '--db', db,
      '--json',
      ...extra,
    )

  it('runs a batch and prints the summary as JSON', () => {
    const result = run()
    assert.equal(result.status, 0, result.stderr)
    const summary = JSON.parse(result.stdout) as Record<string, unknown>
    for (const key of ['batch_id', 'requested', 'intake_refused', 'matched', 'ambiguous', 'review', 'disclosed', 'withheld', 'by_reason']) assert.ok(key in summary, key)
    assert.equal(summary.requested, 150)
    assert.equal(summary.disclosed, 0)
    assert.ok((summary.review as number) > 0)
    batchId = summary.batch_id as string
    assert.ok(existsSync(summary.report as string))
    assert.match(result.stderr, /created the ledger key of this new store/)
  })

  it('links with a model `verigate link --train --save-model` wrote, as another batch; refuses a file that is no model', () => {
    const model = join(dir, 'model.json')
    const trained = verigate('link', '--master', join(dir, 'data/master.csv'), '--requests', join(dir, 'data/requests.csv'), '--train', '--save-model', model, '--out', join(dir, 'matches.csv'))
    assert.equal(trained.status, 0, trained.stderr)
    const result = run('--model', model, '--out', join(dir, 'out-model'))
    assert.equal(result.status, 0, result.stderr)
    const summary = JSON.parse(result.stdout) as Record<string, unknown>
    assert.notEqual(summary.batch_id, batchId)
    assert.equal(summary.requested, 150)
    const bad = run('--model', join(dir, 'data/master.csv'), '--out', join(dir, 'out-bad'))
    assert.notEqual(bad.status, 0)
    assert.match(bad.stderr, /master\.csv is not JSON/)
  })

  it('names where the unreadable rows are in its human summary', () => {
    const broken = join(dir, 'requests-broken.csv')
    const text = readFileSync(join(dir, 'data/requests.csv'), 'utf8').trimEnd()
    writeFileSync(broken, `${text}\nR-broken,too,few\n`)
    const result = verigate(
      'batch', 'run',
      '--agreement', join(ROOT, 'policies/agreements/irs-ice-2025-corrected.yaml'),
      '--master', join(dir, 'data/master.csv'),
      '--requests', broken,
      '--as-of', '2025-08-07T12:00:00Z',
      '--out', join(dir, 'out-broken'),
      '--db', db,
    )
    assert.equal(result.status, 0, result.stderr)
    assert.match(result.stdout, /unreadable rows \(1\), refused at intake:/)
    assert.ok(result.stdout.includes(`${broken}:${text.split('\n').length + 1}  wrong_column_count`), result.stdout)
  })

  it('lists the review cases and refuses an approval without a reason', () => {
    const list = verigate('review', 'list', '--db', db, '--batch', batchId, '--json')
    assert.equal(list.status, 0, list.stderr)
    cases = JSON.parse(list.stdout) as typeof cases
    assert.ok(cases.length > 0)
    const missing = verigate('review', 'approve', cases[0]!.requestId, '--batch', batchId, '--db', db)
    assert.notEqual(missing.status, 0)
    assert.match(missing.stderr, /--reason/)
    const show = verigate('review', 'show', cases[0]!.requestId, '--batch', batchId, '--db', db)
    assert.equal(show.status, 0, show.stderr)
    assert.match(show.stdout, /ORDER_REQUIRES_REVIEW/)
  })

  it('takes two approvals from two reviewers’ keys, refuses the same one twice, then releases once under a supervisor’s key', () => {
    const id = cases[0]!.requestId
    assert.equal(verigate('party', 'add', 'irs', '--name', 'Internal Revenue Service', '--kind', 'holder', '--db', db).status, 0)
    for (const [person, role] of [['ana', 'reviewer'], ['ben', 'reviewer'], ['cy', 'supervisor']]) {
      const created = verigate('party', 'key', 'create', 'irs', '--role', role!, '--person', person!, '--out', join(dir, `${person}.key`), '--db', db)
      assert.equal(created.status, 0, created.stderr)
    }
    const approve = (who: string) => verigate('review', 'approve', id, '--batch', batchId, '--db', db, '--credential', join(dir, `${who}.key`), '--reason', 'same person')
    const typed = verigate('review', 'approve', id, '--batch', batchId, '--db', db, '--reviewer', 'ana', '--reason', 'same person')
    assert.equal(typed.status, 65, typed.stderr)
    assert.match(typed.stderr, /--reviewer is no longer taken/)
    assert.equal(approve('ana').status, 0)
    const twice = approve('ana')
    assert.equal(twice.status, 75, twice.stderr)
    assert.match(twice.stderr, /already reviewed/)
    assert.equal(approve('ben').status, 0)
    const release = verigate('batch', 'release', batchId, '--db', db, '--credential', join(dir, 'cy.key'), '--release-at', '2025-08-08T09:00:00Z', '--json')
    assert.equal(release.status, 0, release.stderr)
    assert.equal((JSON.parse(release.stdout) as { disclosed: number }).disclosed, 1)
    const response = readFileSync(join(dir, 'out', `response-${batchId}.csv`), 'utf8')
    assert.match(response, new RegExp(`^${id},DISCLOSED,`, 'm'))
  })
})
