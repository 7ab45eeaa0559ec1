import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { standardizeTin, standardizeTinDetailed } from './tin.js'

describe('standardizeTin', () => {
  it('keeps the nine digits of an SSN, ITIN or EIN with or without dashes', () => {
    assert.equal(standardizeTin('512-34-8761'), '512348761')
    assert.equal(standardizeTin('512348761'), '512348761')
    assert.equal(standardizeTin('912-70-1234'), '912701234')
    assert.equal(standardizeTin('45-6789012'), '456789012')
    assert.equal(standardizeTin(' 512 34 8761 '), '512348761')
  })
  it('drops placeholders and impossible numbers with tin_invalid', () => {
    for (const t of ['000-00-0000', '123-45-6789', '123456789', '999-99-9999', '111111111', '987654321', '000-12-3456', '078-05-1121']) {
      assert.deepEqual(standardizeTinDetailed(t), { value: '', issues: ['tin_invalid'] }, t)
    }
  })
  it('drops wrong lengths and letters with tin_invalid', () => {
    for (const t of ['12345', '1234567890', '512-34-876X', 'unknown', '123456']) assert.deepEqual(standardizeTinDetailed(t), { value: '', issues: ['tin_invalid'] }, t)
  })
  it("keeps FEBRL's 7-digit soc_sec_id for linking, flagged tin_not_us, but never as a US TIN", () => {
    assert.deepEqual(standardizeTinDetailed('5304218'), { value: '5304218', issues: ['tin_not_us'] })
    assert.deepEqual(standardizeTinDetailed('53042187'), { value: '53042187', issues: ['tin_not_us'] })
    assert.equal(standardizeTin('5304218'), '')
    assert.deepEqual(standardizeTinDetailed('0000000'), { value: '', issues: ['tin_invalid'] })
  })
  it('reports an absent number as tin_missing', () => {
    assert.deepEqual(standardizeTinDetailed(undefined), { value: '', issues: ['tin_missing'] })
    assert.deepEqual(standardizeTinDetailed('  '), { value: '', issues: ['tin_missing'] })
  })
})
