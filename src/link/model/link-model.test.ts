import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { InvalidInputError } from '../../core/index.js'
import { DEFAULT_MODEL } from './default-model.js'
import { parseModel, weightTable } from './link-model.js'

/** The default model as a model saved before `short_one_edit` and `year_one_digit` existed. */
function savedWithoutAddedLevels(): unknown {
  const copy = JSON.parse(JSON.stringify(DEFAULT_MODEL)) as { fields: Record<string, { m: Record<string, number>; u: Record<string, number> }> }
  for (const which of ['m', 'u'] as const) {
    delete copy.fields.given_name?.[which].short_one_edit
    delete copy.fields.dob?.[which].year_one_digit
  }
  return copy
}

describe('parseModel', () => {
  it('reads a model saved before the added levels, giving them the m and u of the levels whose pairs they took', () => {
    const model = parseModel(savedWithoutAddedLevels())
    assert.equal(model.fields.given_name.m.short_one_edit, DEFAULT_MODEL.fields.given_name.m.jaro_winkler_mid)
    assert.equal(model.fields.given_name.u.short_one_edit, DEFAULT_MODEL.fields.given_name.u.jaro_winkler_mid)
    assert.equal(model.fields.dob.m.year_one_digit, DEFAULT_MODEL.fields.dob.m.one_digit)
    assert.equal(model.fields.dob.u.year_one_digit, DEFAULT_MODEL.fields.dob.u.one_digit)
    assert.equal(weightTable(model).length, weightTable(DEFAULT_MODEL).length)
  })
  it('still refuses a model missing any other level, naming the file', () => {
    const broken = savedWithoutAddedLevels() as { fields: { dob: { m: Record<string, number> } } }
    delete broken.fields.dob.m.year
    assert.throws(() => parseModel(broken, 'old.json'), (e: unknown) => e instanceof InvalidInputError && /old\.json/.test(e.message))
  })
  it('names every problem by its path: a probability out of range, an unknown key, a wrong format', () => {
    const bad = JSON.parse(JSON.stringify(DEFAULT_MODEL)) as Record<string, unknown> & { fields: { tin: { u: Record<string, number> } } }
    bad.fields.tin.u.exact = 0
    bad.format = 'verigate-link-model/2'
    bad.extra = true
    assert.throws(
      () => parseModel(bad, 'bad.json'),
      (e: unknown) => {
        assert.ok(e instanceof InvalidInputError)
        assert.deepEqual(e.issues.map((i) => [i.code, i.path?.file, i.path?.field]).sort(), [
          ['invalid_model', 'bad.json', 'extra'],
          ['invalid_model', 'bad.json', 'fields.tin.u.exact'],
          ['invalid_model', 'bad.json', 'format'],
        ])
        return true
      },
    )
    assert.throws(() => parseModel(null), /not a verigate-link-model\/1 document/)
  })
  it('reads the default model unchanged', () => {
    assert.deepEqual(parseModel(JSON.parse(JSON.stringify(DEFAULT_MODEL))), DEFAULT_MODEL)
  })
})
