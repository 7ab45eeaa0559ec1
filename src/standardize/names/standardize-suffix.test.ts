import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { standardizeName, standardizeNameDetailed } from './standardize-name.js'
import { standardizeSuffix } from './standardize-suffix.js'

describe('standardizeSuffix', () => {
  it('reads every common spelling of a generation to its standard form', () => {
    const cases: [string, string][] = [
      ['JR', 'JR'], ['Jr.', 'JR'], ['jr', 'JR'], ['Junior', 'JR'], ['JNR', 'JR'],
      ['SR', 'SR'], ['Sr.', 'SR'], ['SENIOR', 'SR'], ['Snr', 'SR'],
      ['II', 'II'], ['2nd', 'II'], ['2d', 'II'], ['III', 'III'], ['3rd', 'III'], ['3d', 'III'],
      ['IV', 'IV'], ['4th', 'IV'], ['V', 'V'], ['5th', 'V'],
      [' Jr., M.D. ', 'JR'], ['JR JUNIOR', 'JR'],
    ]
    for (const [text, standard] of cases) assert.deepEqual(standardizeSuffix(text), { suffix: standard }, text)
  })

  it('keeps JR and II apart, as the link index does', () => {
    assert.notEqual(standardizeSuffix('Jr').suffix, standardizeSuffix('II').suffix)
  })

  it('takes nothing from a blank field or one holding only a credential', () => {
    for (const text of [undefined, '', '   ', '.', 'MD', 'Esq.', 'PhD']) assert.deepEqual(standardizeSuffix(text), { suffix: '' }, String(text))
  })

  it('reports a field that holds no generational suffix, or two generations at once', () => {
    for (const text of ['AVE', 'ST', 'X', 'JR III', 'SR JR', 'the third', '7']) assert.deepEqual(standardizeSuffix(text), { suffix: '', issue: 'suffix_unrecognized' }, text)
  })
})

describe('standardizeName with a suffix field', () => {
  it('gives the same name as the suffix written inside it, in every name form', () => {
    const written = standardizeName({ name: 'JOHN SMITH JR' })
    for (const input of [
      { given_name: 'John', surname: 'Smith', suffix: 'Jr.' },
      { given_name: 'John', surname: 'Smith Jr', suffix: 'JR' },
      { name: 'John Smith', suffix: 'Junior' },
      { name: 'SMITH, JOHN', suffix: 'jr' },
      { name: 'John Smith, Jr.', suffix: 'JR' },
    ]) {
      const n = standardizeName(input)
      assert.deepEqual([n.given, n.middle, n.surname, n.surnameParts, n.suffix, n.grade], [written.given, written.middle, written.surname, written.surnameParts, written.suffix, written.grade], JSON.stringify(input))
    }
  })

  it('reads a V from the suffix field but not from the end of a name, where it may be an initial', () => {
    assert.equal(standardizeName({ given_name: 'John', surname: 'Smith', suffix: 'V' }).suffix, 'V')
    const initial = standardizeName({ name: 'SMITH, JOHN V' })
    assert.deepEqual([initial.middle, initial.suffix], ['V', ''])
  })

  it('keeps the field text in the original name', () => {
    assert.equal(standardizeName({ given_name: 'John', surname: 'Smith', suffix: 'Jr.' }).original, 'John Smith Jr.')
  })

  it('takes the field over a different suffix in the name, and says so', () => {
    const r = standardizeNameDetailed({ given_name: 'John', surname: 'Smith Jr', suffix: 'Sr' })
    assert.equal(r.name.suffix, 'SR')
    assert.deepEqual(r.issues, ['suffix_conflict'])
    assert.equal(r.name.grade, 'FULL')
  })

  it('keeps the name’s own suffix when the field holds none, reporting a field that is not a suffix', () => {
    assert.deepEqual(standardizeNameDetailed({ given_name: 'John', surname: 'Smith Jr', suffix: 'MD' }), standardizeNameDetailed({ given_name: 'John', surname: 'Smith Jr MD' }))
    const r = standardizeNameDetailed({ given_name: 'John', surname: 'Smith Jr', suffix: 'AVE' })
    assert.equal(r.name.suffix, 'JR')
    assert.deepEqual(r.issues, ['suffix_unrecognized'])
  })

  it('adds its issue beside the grade reasons, leaving the grade alone', () => {
    const r = standardizeNameDetailed({ surname: 'Smith', suffix: 'zz' })
    assert.equal(r.name.grade, 'PARTIAL')
    assert.deepEqual(r.issues, ['given_name_missing', 'suffix_unrecognized'])
    assert.deepEqual(r.name.gradeReasons, ['given_name_missing'])
  })
})
