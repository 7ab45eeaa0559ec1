import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HOLD_REASONS, VerigateError, holdReason } from '../core/index.js'
import { compilePolicy } from './compile-policy.js'
import { readAgreementFile, readOrdersDir, readPolicyFile } from './load-policy.js'
import { POLICIES_DIR } from '../../test/support/policy-fixtures.js'
import { parseEvidenceLines } from './read-evidence.js'
import { CONTEXT, DISCLOSURE_DAY, evidence, exampleAgreement } from '../../test/support/policy-fixtures.js'

describe('readOrdersDir', () => {
  it('reads the shipped orders in file-name order', () => {
    const orders = readOrdersDir(join(POLICIES_DIR, 'orders'))
    assert.deepEqual(
      orders.map((o) => o.document.id),
      ['dcd-2025-11-21-injunction', 'dmass-2026-02-05-residential'],
    )
  })
  it('refuses the whole folder when one order is invalid, listing its issues', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    copyFileSync(join(POLICIES_DIR, 'orders', 'dcd-2025-11-21-injunction.yaml'), join(dir, 'a.yaml'))
    writeFileSync(join(dir, 'b.yaml'), 'kind: order\nid: b\n')
    writeFileSync(join(dir, 'notes.txt'), 'not a policy document')
    assert.throws(
      () => readOrdersDir(dir),
      (e: unknown) => e instanceof VerigateError && e.code === 'invalid_document' && e.issues.length > 0 && e.issues.every((i) => i.path?.file === join(dir, 'b.yaml')),
    )
  })
  it('refuses an agreement among the orders and two orders with one id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    copyFileSync(join(POLICIES_DIR, 'orders', 'dcd-2025-11-21-injunction.yaml'), join(dir, 'a.yaml'))
    copyFileSync(join(POLICIES_DIR, 'orders', 'dcd-2025-11-21-injunction.yaml'), join(dir, 'b.yaml'))
    copyFileSync(join(POLICIES_DIR, 'agreements', 'irs-ice-2025-as-run.yaml'), join(dir, 'c.yaml'))
    assert.throws(
      () => readOrdersDir(dir),
      (e: unknown) => e instanceof VerigateError && e.issues.map((i) => i.code).sort().join() === 'duplicate_order,unknown_kind',
    )
  })
  it('says when the folder does not exist', () => {
    assert.throws(() => readOrdersDir('/no/such/folder'), (e: unknown) => e instanceof VerigateError && e.code === 'not_found')
  })
})

describe('readPolicyFile', () => {
  it('reads an agreement', () => {
    assert.equal(readAgreementFile(join(POLICIES_DIR, 'agreements', 'irs-ice-2025-corrected.yaml')).document.version, '2025-04-07-corrected')
  })
  it('refuses an order where an agreement is expected', () => {
    assert.throws(() => readAgreementFile(join(POLICIES_DIR, 'orders', 'dcd-2025-11-21-injunction.yaml')), /not an agreement/)
  })
  it('throws invalid_document with every issue', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    writeFileSync(join(dir, 'x.json'), JSON.stringify({ kind: 'agreement', id: 'x', extra: 1 }))
    assert.throws(
      () => readPolicyFile(join(dir, 'x.json')),
      (e: unknown) => e instanceof VerigateError && e.code === 'invalid_document' && e.issues.some((i) => i.code === 'unknown_field'),
    )
  })
})

describe('parseEvidenceLines', () => {
  it('reads one MatchResult per line, skipping blank lines and dropping extra members', () => {
    const e = evidence()
    const r = parseEvidenceLines(`${JSON.stringify({ ...e, explanation: 'TIN agrees' })}\n\n${JSON.stringify(e)}\n`)
    assert.ok(r.ok)
    assert.equal(r.value.length, 2)
    assert.deepEqual(r.value[0], e)
  })
  it('keeps comparisons of fields the contract does not name, with any level', () => {
    const e = evidence()
    const withSuffix = { ...e, best: { ...e.best!, comparisons: [...e.best!.comparisons, { field: 'suffix', level: 'missing', weight: 0 }] } }
    const r = parseEvidenceLines(JSON.stringify(withSuffix))
    assert.ok(r.ok)
    assert.equal(r.value[0]?.best?.comparisons.length, 5)
  })
  it('keeps the hold reasons, reads evidence written before they existed, and decides both alike', () => {
    const held = { ...evidence({ status: 'possible' }), holds: [holdReason('NO_DOB_OR_TIN')] }
    const { holds: _none, ...old } = held
    const r = parseEvidenceLines(`${JSON.stringify(held)}\n${JSON.stringify(old)}\n`)
    assert.ok(r.ok)
    assert.deepEqual(r.value[0]?.holds, [{ code: 'NO_DOB_OR_TIN', message: HOLD_REASONS.NO_DOB_OR_TIN }])
    assert.equal('holds' in r.value[1]!, false)
    // No decision reads the holds: only the digest of the evidence differs.
    const policy = compilePolicy(exampleAgreement('irs-ice-2025-corrected'), [])
    const [a, b] = r.value.map((e) => policy.decide(e, CONTEXT, DISCLOSURE_DAY))
    assert.notEqual(a!.evidenceDigest, b!.evidenceDigest)
    assert.deepEqual({ ...a!, evidenceDigest: '' }, { ...b!, evidenceDigest: '' })
  })
  it('refuses a hold code outside the closed list', () => {
    const r = parseEvidenceLines(JSON.stringify({ ...evidence({ status: 'possible' }), holds: [{ code: 'FELT_WRONG', message: 'x' }] }))
    assert.ok(!r.ok)
    assert.equal(r.issues[0]?.path?.field, 'holds.0.code')
  })
  it('reports bad lines with their numbers and members', () => {
    const e = evidence()
    const bad = { ...e, status: 'maybe', best: { ...e.best, comparisons: [{ field: 'tin', level: 'nickname', weight: 1 }] } }
    const r = parseEvidenceLines(`${JSON.stringify(e)}\n{oops\n${JSON.stringify(bad)}\n`, 'e.jsonl')
    assert.ok(!r.ok)
    assert.deepEqual(
      r.issues.map((i) => `${i.path?.line} ${i.code} ${i.path?.field ?? ''}`),
      ['2 invalid_json ', '3 invalid_evidence status', '3 invalid_evidence best.comparisons.0.level'],
    )
  })
})
