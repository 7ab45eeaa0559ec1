import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { standardizeName, standardizeNameDetailed } from './standardize-name.js'

describe('standardizeName', () => {
  it('keeps the original text, accents and case, beside the folded match keys', () => {
    const n = standardizeName({ given_name: 'José', surname: 'García-López' })
    assert.equal(n.original, 'José García-López')
    assert.equal(n.given, 'JOSE')
    assert.equal(n.surname, 'GARCIA LOPEZ')
    assert.deepEqual(n.surnameParts, ['GARCIA', 'LOPEZ'])
  })
  it('reads LAST, FIRST MIDDLE order', () => {
    const n = standardizeName({ name: 'GARCIA LOPEZ, JOSE A' })
    assert.deepEqual([n.given, n.middle, n.surname, n.grade], ['JOSE', 'A', 'GARCIA LOPEZ', 'FULL'])
  })
  it('removes titles and credentials and moves generational suffixes into suffix', () => {
    const n = standardizeName({ name: 'Dr. John Q. Public III, Esq.' })
    assert.deepEqual([n.given, n.middle, n.surname, n.suffix], ['JOHN', 'Q', 'PUBLIC', 'III'])
    assert.equal(standardizeName({ name: 'John Smith, Jr.' }).suffix, 'JR')
    assert.equal(standardizeName({ surname: 'Smith Sr', given_name: 'John' }).suffix, 'SR')
  })
  it('keeps particles in the surname but not in its parts', () => {
    assert.deepEqual(standardizeName({ name: 'Juan de la Cruz' }).surnameParts, ['CRUZ'])
    assert.deepEqual(standardizeName({ name: 'Pieter van der Berg' }).surnameParts, ['BERG'])
    assert.deepEqual(standardizeName({ name: 'Juan Martinez de la Cruz' }).surnameParts, ['MARTINEZ', 'CRUZ'])
  })
  it('keeps a particle phrase before a second surname with the surname, not as a middle name (issue 18)', () => {
    const cruz = standardizeName({ name: 'Juan de la Cruz Hernandez' })
    assert.deepEqual([cruz.given, cruz.middle, cruz.surname], ['JUAN', '', 'DE LA CRUZ HERNANDEZ'])
    assert.deepEqual(cruz.surnameParts, ['CRUZ', 'HERNANDEZ'])
    assert.deepEqual([standardizeName({ name: 'Anna van Dyke Miller' }).middle, standardizeName({ name: 'Anna van Dyke Miller' }).surname], ['', 'VAN DYKE MILLER'])
    assert.equal(standardizeName({ name: 'Jose de los Santos Ramirez' }).surname, 'DE LOS SANTOS RAMIREZ')
    assert.equal(standardizeName({ name: 'Pedro van der Berg Smit' }).surname, 'VAN DER BERG SMIT')
    // The surname alone keeps its particles; a particle that is a given name of its own does not start one.
    assert.equal(standardizeName({ name: 'Luis del Rio' }).surname, 'DEL RIO')
    assert.deepEqual([standardizeName({ name: 'Ahmed Ben Ali Hassan' }).middle], ['BEN ALI'])
  })
  it('leaves a devotional given name that begins with a particle in the middle name (MARIA DE JESUS)', () => {
    const n = standardizeName({ name: 'Maria de Jesus Garcia' })
    assert.deepEqual([n.given, n.middle, n.surname], ['MARIA', 'DE JESUS', 'GARCIA'])
    assert.deepEqual([standardizeName({ name: 'Rosa del Carmen Lopez' }).middle, standardizeName({ name: 'Juan de Dios Perez' }).middle], ['DEL CARMEN', 'DE DIOS'])
    assert.equal(standardizeName({ name: 'Maria de Jesus dos Santos' }).surname, 'DOS SANTOS')
  })
  it('takes a Hispanic double surname whole, but not a common given name as a surname', () => {
    assert.equal(standardizeName({ name: 'Maria Garcia Lopez' }).surname, 'GARCIA LOPEZ')
    const n = standardizeName({ name: 'Jose Luis Garcia' })
    assert.deepEqual([n.middle, n.surname], ['LUIS', 'GARCIA'])
  })
  it('keeps a hyphenated surname together and lists both halves', () => {
    const n = standardizeName({ name: 'Mary Smith-Jones' })
    assert.deepEqual([n.given, n.middle, n.surname, n.surnameParts], ['MARY', '', 'SMITH JONES', ['SMITH', 'JONES']])
  })
  it('grades a placeholder name NONE and a placeholder part PARTIAL, with name_placeholder', () => {
    for (const name of ['BABY GIRL', 'Baby Boy', 'UNKNOWN', 'NA', 'FNU LNU', 'John Doe']) {
      const n = standardizeName({ name })
      assert.equal(n.grade, 'NONE', name)
      assert.deepEqual(n.gradeReasons, ['name_placeholder'], name)
    }
    assert.deepEqual(standardizeName({ name: 'Baby Girl Garcia' }).gradeReasons, ['name_placeholder', 'given_name_missing'])
    assert.deepEqual(standardizeName({ given_name: 'FNU', surname: 'Smith' }).gradeReasons, ['name_placeholder', 'given_name_missing'])
    assert.deepEqual(standardizeName({ given_name: 'John', surname: 'LNU' }).gradeReasons, ['name_placeholder', 'surname_missing'])
  })
  it('grades one part or an initial PARTIAL, with the reason', () => {
    assert.deepEqual(standardizeNameDetailed({ given_name: 'John' }).issues, ['surname_missing'])
    assert.deepEqual(standardizeName({ surname: 'Smith' }).gradeReasons, ['given_name_missing'])
    assert.deepEqual(standardizeName({ name: 'J Smith' }).gradeReasons, ['given_name_initial_only'])
    assert.equal(standardizeName({ name: 'J Smith' }).grade, 'PARTIAL')
  })
  it('grades a blank name NONE with name_missing', () => {
    const n = standardizeName({})
    assert.deepEqual([n.grade, n.gradeReasons, n.original], ['NONE', ['name_missing'], ''])
  })
  it('drops NMN placeholders from the middle name', () => {
    assert.equal(standardizeName({ given_name: 'John', middle_name: 'NMN', surname: 'Smith' }).middle, '')
  })
  it('prefers the parts to the unparsed name when both are given', () => {
    assert.equal(standardizeName({ given_name: 'Ann', surname: 'Lee', name: 'Something Else' }).given, 'ANN')
  })
  it('returns equal values for equal input, from the memo or not', () => {
    const a = standardizeName({ name: 'Memo Test' })
    assert.deepEqual(standardizeName({ name: 'Memo Test' }), a)
    assert.deepEqual(standardizeName({ given_name: 'Ann', surname: 'Lee' }), standardizeName({ given_name: 'Ann', surname: 'Lee' }))
  })
})
