import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { parse, stringify } from 'yaml'
import { parsePolicyDocument } from './validate-document.js'
import { POLICIES_DIR } from '../../test/support/policy-fixtures.js'

const AGREEMENT_TEXT = readFileSync(`${POLICIES_DIR}agreements/irs-ice-2025-corrected.yaml`, 'utf8')
const ORDER_TEXT = readFileSync(`${POLICIES_DIR}orders/dmass-2026-02-05-residential.yaml`, 'utf8')

/** A parsed example, edited freely by the refusal cases (its shape is what is under test). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>

/** The issues of a document made from an example by `change`. */
function issuesOf(base: string, change: (doc: Doc) => void): { code: string; field: string | undefined; line: number | undefined; message: string }[] {
  const doc = parse(base)
  change(doc)
  const result = parsePolicyDocument(stringify(doc), 'doc.yaml')
  assert.equal(result.ok, false, 'expected the document to be refused')
  if (result.ok) return []
  return result.issues.map((i) => ({ code: i.code, field: i.path?.field, line: i.path?.line, message: i.message }))
}

interface Refusal {
  readonly name: string
  readonly base: string
  readonly change: (doc: Doc) => void
  readonly code: string
  readonly field: string
  readonly message: RegExp
}

const REFUSALS: readonly Refusal[] = [
  { name: 'an unknown top-level field', base: AGREEMENT_TEXT, change: (d) => (d.colour = 'blue'), code: 'unknown_field', field: 'colour', message: /unknown field "colour"/ },
  { name: 'an unknown nested field', base: AGREEMENT_TEXT, change: (d) => (d.disclose[0].when = 'always'), code: 'unknown_field', field: 'disclose[0].when', message: /unknown field "when"/ },
  { name: 'a missing required field', base: AGREEMENT_TEXT, change: (d) => delete d.purpose, code: 'missing_field', field: 'purpose', message: /required field is missing/ },
  { name: 'a field of the wrong type', base: AGREEMENT_TEXT, change: (d) => (d.match.requireDobOrTin = 'yes'), code: 'wrong_type', field: 'match.requireDobOrTin', message: /expected boolean, found string/ },
  { name: 'a disclosure field that does not exist', base: AGREEMENT_TEXT, change: (d) => (d.disclose[0].field = 'home_address'), code: 'invalid_value', field: 'disclose[0].field', message: /"home_address" is not allowed here; expected one of: name, address/ },
  { name: 'an order forbidding a field that does not exist', base: ORDER_TEXT, change: (d) => (d.actions[0].fields = ['residence']), code: 'invalid_value', field: 'actions[0].fields[0]', message: /"residence"/ },
  { name: 'a comparison level the field does not have', base: AGREEMENT_TEXT, change: (d) => (d.match.tin.fields.tin = 'nickname'), code: 'invalid_value', field: 'match.tin.fields.tin', message: /expected one of: exact, one_digit, transposition/ },
  { name: 'a standard on a field that is never compared', base: AGREEMENT_TEXT, change: (d) => (d.match.tin.fields.phone = 'exact'), code: 'unknown_field', field: 'match.tin.fields.phone', message: /unknown field "phone"/ },
  { name: 'a request element that does not exist', base: AGREEMENT_TEXT, change: (d) => d.request.required.push('photo'), code: 'invalid_value', field: 'request.required[7]', message: /"photo"/ },
  { name: 'an agreement that ends before it starts', base: AGREEMENT_TEXT, change: (d) => (d.effective.until = '2025-01-01'), code: 'dates_out_of_order', field: 'effective.until', message: /until \(2025-01-01\) is not after from \(2025-04-07\)/ },
  { name: 'an order that takes effect before it was issued', base: ORDER_TEXT, change: (d) => (d.effective.from = '2026-01-01'), code: 'dates_out_of_order', field: 'effective.from', message: /before the order was issued/ },
  { name: 'an order that ends before it starts', base: ORDER_TEXT, change: (d) => (d.effective.until = '2026-02-01'), code: 'dates_out_of_order', field: 'effective.until', message: /not after from/ },
  { name: 'a date that does not exist', base: AGREEMENT_TEXT, change: (d) => (d.effective.from = '2025-02-30'), code: 'invalid_format', field: 'effective.from', message: /expected a date YYYY-MM-DD/ },
  { name: 'a date-time without its offset', base: ORDER_TEXT, change: (d) => (d.effective.from = '2026-02-05T10:00:00'), code: 'invalid_format', field: 'effective.from', message: /with its offset/ },
  { name: 'a match standard with no path', base: AGREEMENT_TEXT, change: (d) => (d.match = { requireDobOrTin: true }), code: 'no_match_path', field: 'match', message: /defines no path/ },
  { name: 'a disclosure rule on a path with no standard', base: AGREEMENT_TEXT, change: (d) => { delete d.match.address; d.disclose[0].paths = ['address'] }, code: 'undefined_path', field: 'disclose[0].paths', message: /path "address" has no match standard/ },
  { name: 'a field governed by two rules on the same path', base: AGREEMENT_TEXT, change: (d) => d.disclose.push({ field: 'zip' }), code: 'field_governed_twice', field: 'disclose[1].field', message: /field zip on the tin path is already governed by disclose\[0\]/ },
  { name: 'two caps for the same period', base: AGREEMENT_TEXT, change: (d) => d.caps.push({ period: 'day', maxDisclosures: 5 }), code: 'duplicate_cap', field: 'caps[1].period', message: /already given/ },
  { name: 'a request element listed twice', base: AGREEMENT_TEXT, change: (d) => d.request.required.push('name'), code: 'duplicate_element', field: 'request.required[7]', message: /listed twice/ },
  { name: 'a non-positive cap', base: AGREEMENT_TEXT, change: (d) => (d.caps[0].maxDisclosures = 0), code: 'too_small', field: 'caps[0].maxDisclosures', message: /more than 0/ },
  { name: 'a borderline-review weight of zero', base: AGREEMENT_TEXT, change: (d) => (d.review.matchesBelowWeight = 0), code: 'too_small', field: 'review.matchesBelowWeight', message: /more than 0/ },
  { name: 'a negative borderline-review weight', base: AGREEMENT_TEXT, change: (d) => (d.review.matchesBelowWeight = -3), code: 'too_small', field: 'review.matchesBelowWeight', message: /more than 0/ },
  { name: 'an infinite borderline-review weight', base: AGREEMENT_TEXT, change: (d) => (d.review.matchesBelowWeight = Infinity), code: 'wrong_type', field: 'review.matchesBelowWeight', message: /expected number/ },
  { name: 'a borderline-review weight given as words', base: AGREEMENT_TEXT, change: (d) => (d.review.matchesBelowWeight = 'high'), code: 'wrong_type', field: 'review.matchesBelowWeight', message: /expected number, found string/ },
  { name: 'an empty disclosure list', base: AGREEMENT_TEXT, change: (d) => (d.disclose = []), code: 'too_small', field: 'disclose', message: /at least 1 item/ },
  { name: 'an upper-case identifier', base: AGREEMENT_TEXT, change: (d) => (d.id = 'IRS ICE'), code: 'invalid_format', field: 'id', message: /identifier/ },
  { name: 'an order that binds nobody', base: ORDER_TEXT, change: (d) => (d.binds = {}), code: 'no_binding', field: 'binds', message: /at least one agreement or party/ },
  { name: 'an order action of an unknown kind', base: ORDER_TEXT, change: (d) => (d.actions = [{ kind: 'seize' }]), code: 'invalid_value', field: 'actions[0].kind', message: /"seize" is not a known kind; expected one of: forbid_disclosure/ },
  { name: 'a require action adding no condition', base: ORDER_TEXT, change: (d) => (d.actions = [{ kind: 'require', fields: ['address'] }]), code: 'empty_condition', field: 'actions[0]', message: /at least one condition/ },
  { name: 'a document of an unknown kind', base: ORDER_TEXT, change: (d) => (d.kind = 'memo'), code: 'unknown_kind', field: 'kind', message: /expected "agreement" or "order", found "memo"/ },
]

describe('parsePolicyDocument', () => {
  it('accepts every shipped example', () => {
    for (const folder of ['agreements', 'orders']) {
      for (const name of readdirSync(`${POLICIES_DIR}${folder}`)) {
        const result = parsePolicyDocument(readFileSync(`${POLICIES_DIR}${folder}/${name}`, 'utf8'), name)
        assert.ok(result.ok, `${name}: ${result.ok ? '' : result.issues.map((i) => i.message).join('; ')}`)
      }
    }
  })
  for (const r of REFUSALS) {
    it(`refuses ${r.name}, with its path and a readable message`, () => {
      const issues = issuesOf(r.base, r.change)
      const hit = issues.find((i) => i.code === r.code && i.field === r.field)
      assert.ok(hit, `expected ${r.code} at ${r.field}; got ${JSON.stringify(issues)}`)
      assert.match(hit.message, r.message)
    })
  }
  it('reports every problem of a document at once', () => {
    const issues = issuesOf(AGREEMENT_TEXT, (d) => {
      d.colour = 'blue'
      d.disclose[0].field = 'home'
      delete d.title
    })
    assert.deepEqual(issues.map((i) => i.code).sort(), ['invalid_value', 'missing_field', 'unknown_field'])
  })
  it('gives the line of the offending value in the source text', () => {
    const text = AGREEMENT_TEXT.replace('    minRequestAddressGrade: FULL', '    minRequestAddressGrade: EXCELLENT')
    const result = parsePolicyDocument(text, 'a.yaml')
    assert.ok(!result.ok)
    const line = text.split('\n').findIndex((l) => l.includes('EXCELLENT')) + 1
    assert.deepEqual(result.issues[0]?.path, { file: 'a.yaml', line, field: 'disclose[0].minRequestAddressGrade' })
  })
  it('reports a YAML syntax error with its line', () => {
    const result = parsePolicyDocument('kind: order\nid: x\nactions: [\n', 'bad.yaml')
    assert.ok(!result.ok)
    assert.equal(result.issues[0]?.code, 'syntax_error')
    assert.equal(typeof result.issues[0]?.path?.line, 'number')
  })
  it('refuses duplicate keys', () => {
    const result = parsePolicyDocument(`${ORDER_TEXT}\nid: again\n`, 'dup.yaml')
    assert.ok(!result.ok)
    assert.equal(result.issues[0]?.code, 'syntax_error')
  })
  it('accepts JSON and gives it the same digest as the equivalent YAML', () => {
    const yaml = parsePolicyDocument(ORDER_TEXT, 'o.yaml')
    const json = parsePolicyDocument(JSON.stringify(parse(ORDER_TEXT), null, 2), 'o.json')
    assert.ok(yaml.ok && json.ok)
    assert.equal(json.value.digest, yaml.value.digest)
    assert.match(yaml.value.digest, /^sha256:[0-9a-f]{64}$/)
  })
  it('gives different versions different digests', () => {
    const a = parsePolicyDocument(AGREEMENT_TEXT)
    const b = parsePolicyDocument(AGREEMENT_TEXT.replace('days: 365', 'days: 30'))
    assert.ok(a.ok && b.ok)
    assert.notEqual(a.value.digest, b.value.digest)
  })
  it('freezes the validated document', () => {
    const result = parsePolicyDocument(AGREEMENT_TEXT)
    if (!result.ok || result.value.kind !== 'agreement') return assert.fail('expected a valid agreement')
    const doc = result.value.document
    assert.ok(Object.isFrozen(doc.disclose[0]))
    assert.throws(() => {
      ;(doc.match as { requireDobOrTin: boolean }).requireDobOrTin = false
    }, TypeError)
  })
})
