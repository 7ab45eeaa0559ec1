import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sharedDataFile, skipUnlessShared } from '../../test/support/shared-data.js'
import { InvalidInputError } from '../core/index.js'
import { compileColumnMap, inferColumnMap, loadColumnMap, normalizeColumnName, parseColumnMap } from './column-map.js'
import { readAll } from '../../test/support/intake-test-support.js'

const MAPS = fileURLToPath(new URL('../../../examples/maps/', import.meta.url))

describe('parseColumnMap', () => {
  it('accepts single columns and lists of columns', () => {
    const map = parseColumnMap({ id: 'rec_id', street_name: ['address_1', 'address_2'] })
    assert.deepEqual(map, { id: 'rec_id', street_name: ['address_1', 'address_2'] })
  })

  it('trims column names and lists fields in canonical order, whatever the order of the keys', () => {
    const map = parseColumnMap({ zip: 'postcode', id: ' rec_id ', street_name: [' address_1', 'address_2 '] })
    assert.deepEqual(Object.entries(map), [
      ['id', 'rec_id'],
      ['street_name', ['address_1', 'address_2']],
      ['zip', 'postcode'],
    ])
    assert.ok(Object.isFrozen(map) && Object.isFrozen(map.street_name))
  })

  it('refuses an unknown canonical field, naming it and the source', () => {
    assert.throws(
      () => parseColumnMap({ id: 'rec_id', firstname: 'x', postcode: 'y' }, 'maps/bad.json'),
      (error: unknown) => {
        assert.ok(error instanceof InvalidInputError)
        assert.deepEqual(
          error.issues.map((i) => [i.code, i.path?.file, i.path?.field]),
          [
            ['unknown_field', 'maps/bad.json', 'firstname'],
            ['unknown_field', 'maps/bad.json', 'postcode'],
          ],
        )
        assert.match(error.message, /maps\/bad\.json/)
        return true
      },
    )
  })

  it('refuses blank column names, empty lists and non-objects', () => {
    for (const bad of [{ id: '' }, { id: [] }, { id: 3 }, ['id'], 'id', null]) {
      assert.throws(() => parseColumnMap(bad), (e: unknown) => e instanceof InvalidInputError && e.issues.every((i) => i.code === 'invalid_column_map'))
    }
    assert.throws(() => parseColumnMap({ id: ['a', ''] }), (e: unknown) => e instanceof InvalidInputError && e.issues[0]?.path?.field === 'id.1')
  })

  it('loads a map from a file and refuses one that is not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    writeFileSync(join(dir, 'ok.json'), '{"id": "unique_id", "given_name": "first_name"}')
    writeFileSync(join(dir, 'bad.json'), '{"id": ')
    assert.deepEqual(await loadColumnMap(join(dir, 'ok.json')), { id: 'unique_id', given_name: 'first_name' })
    await assert.rejects(loadColumnMap(join(dir, 'bad.json')), /not JSON/)
    await assert.rejects(loadColumnMap(join(dir, 'missing.json')), (e: unknown) => e instanceof InvalidInputError && e.issues[0]?.code === 'unreadable_file')
  })
})

describe('inferColumnMap', () => {
  it('takes canonical names and synonyms, whatever their case and separators', () => {
    assert.deepEqual(inferColumnMap(['Unique ID', 'firstName', 'Last-Name', 'Date of Birth', 'SSN', 'postcode', 'house_number', 'street', 'email']), {
      id: 'Unique ID',
      given_name: 'firstName',
      surname: 'Last-Name',
      dob: 'Date of Birth',
      tin: 'SSN',
      street_number: 'house_number',
      street_name: 'street',
      zip: 'postcode',
    })
  })

  it('prefers the canonical name over a synonym and uses a column once', () => {
    assert.deepEqual(inferColumnMap(['rec_id', 'id', 'zip', 'zipcode']), { id: 'id', zip: 'zip' })
  })

  it('normalizes column names to lower-case words joined by underscores', () => {
    assert.equal(normalizeColumnName(' First  Name '), 'first_name')
    assert.equal(normalizeColumnName('dateOfBirth'), 'date_of_birth')
    assert.equal(normalizeColumnName('ZIP-Code'), 'zip_code')
  })
})

describe('compileColumnMap', () => {
  it('resolves names exactly, else case-insensitively', () => {
    const compiled = compileColumnMap({ id: 'REC_ID', street_name: ['address_1', 'address_2'] }, ['rec_id', 'address_1', 'address_2'], 'a.csv')
    assert.deepEqual(compiled.fields, [
      { field: 'id', columns: [0] },
      { field: 'street_name', columns: [1, 2] },
    ])
    assert.deepEqual(compiled.usedColumns, [0, 1, 2])
  })

  it('refuses the file when a mapped column is missing, listing the columns it has', () => {
    assert.throws(
      () => compileColumnMap({ id: 'rec_id', zip: 'postcode' }, ['rec_id', 'zip_code', 'city'], 'req.csv'),
      (error: unknown) => {
        assert.ok(error instanceof InvalidInputError)
        assert.match(error.message, /postcode/)
        assert.match(error.message, /rec_id, zip_code, city/)
        assert.equal(error.issues[0]?.code, 'missing_column')
        assert.equal(error.issues[0]?.path?.field, 'postcode')
        return true
      },
    )
  })

  it('refuses a file where nothing maps onto id', () => {
    assert.throws(() => compileColumnMap(undefined, ['first_name', 'surname'], 'x.csv'), /no column maps onto id.*first_name, surname/)
  })
})

describe('examples/maps', () => {
  it('holds only valid column maps', async () => {
    const files = readdirSync(MAPS).filter((f) => f.endsWith('.json'))
    assert.ok(files.length >= 2)
    for (const file of files) assert.ok((await loadColumnMap(join(MAPS, file))).id, file)
  })

  it('reads Splink fake_1000 with its map, as without one', { skip: skipUnlessShared('splink_examples/fake_1000.csv') }, async () => {
    const path = sharedDataFile('splink_examples/fake_1000.csv') as string
    const map = await loadColumnMap(join(MAPS, 'fake_1000.json'))
    const mapped = await readAll(path, { map })
    const inferred = await readAll(path)
    assert.equal(mapped.records.length, 1000)
    assert.deepEqual(mapped.records, inferred.records)
    assert.deepEqual(mapped.records[0], { id: '0', given_name: 'Robert', surname: 'Alan', dob: '1971-06-24' })
  })

  it('reads FEBRL dataset4a with febrl.json, joining address_1 and address_2', { skip: skipUnlessShared('febrl/dataset4a.csv') }, async () => {
    const path = sharedDataFile('febrl/dataset4a.csv') as string
    const { records, summary } = await readAll(path, { map: await loadColumnMap(join(MAPS, 'febrl.json')) })
    assert.deepEqual(summary, { file: path, rowsRead: 5000, accepted: 5000, rejected: 0, byCode: {} })
    assert.deepEqual(records[0], {
      id: 'rec-1070-org',
      given_name: 'michaela',
      surname: 'neumann',
      dob: '19151111',
      tin: '5304218',
      street_number: '8',
      street_name: 'stanley street miami',
      city: 'winston hills',
      state: 'nsw',
      zip: '4223',
    })
  })
})
