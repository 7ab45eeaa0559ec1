import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { person } from '../../../test/support/person-fixture.js'
import { buildMasterIndex } from './master-index.js'
import { REC, RECORD_STRIDE } from './record-layout.js'
import { loadMasterIndex, saveMasterIndex } from './snapshot.js'

const records = [
  person({ id: 'A1', given: 'ANNA', surname: 'NOWAK', dob: '1970-01-02', tin: '123456789', number: '5', street: 'MAIN', streetSuffix: 'ST', city: 'AUSTIN', state: 'TX', zip: '78701' }),
  person({ id: 'A2', given: 'JOSÉ', surname: 'GARCIA LOPEZ', dob: '1980-03', number: '9', street: 'OAK', city: 'AUSTIN', state: 'TX', zip: '78702' }),
  person({ id: 'A3', given: 'LI', surname: 'WEI' }),
]

describe('index snapshot', () => {
  it('loads back the same content, digest and lookups', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    const index = buildMasterIndex(records)
    const path = join(dir, 'm.vgx')
    saveMasterIndex(index, path)
    const loaded = loadMasterIndex(path)
    assert.equal(loaded.digest, index.digest)
    assert.equal(loaded.count, 3)
    assert.equal(loaded.id(1), 'A2')
    assert.equal(loaded.dictionary.value(loaded.arrays.records[1 * RECORD_STRIDE + REC.given] as number), 'JOSÉ')
    assert.equal(loaded.dictionary.find('GARCIA LOPEZ'), index.dictionary.find('GARCIA LOPEZ'))
    assert.ok(loaded.arrays.records.buffer instanceof SharedArrayBuffer)
    // Ids of one width keep no offsets; ids of several widths keep them.
    assert.equal(loaded.arrays.idOffsets.length, 0)
    assert.equal(loaded.meta.idWidth, 2)
    const mixed = buildMasterIndex([...records, person({ id: 'B100', given: 'EVA', surname: 'KIM' })])
    assert.equal(mixed.meta.idWidth, 0)
    assert.deepEqual([0, 1, 2, 3].map((row) => mixed.id(row)), ['A1', 'A2', 'A3', 'B100'])
  })
  it('gives the same digest for the same records and another for others', () => {
    assert.equal(buildMasterIndex(records).digest, buildMasterIndex(records).digest)
    assert.notEqual(buildMasterIndex(records).digest, buildMasterIndex(records.slice(0, 2)).digest)
  })
  it('refuses a snapshot with a flipped byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    const path = join(dir, 'm.vgx')
    saveMasterIndex(buildMasterIndex(records), path)
    const bytes = readFileSync(path)
    const at = bytes.length - 3
    bytes[at] = (bytes[at] as number) ^ 0xff
    writeFileSync(path, bytes)
    assert.throws(() => loadMasterIndex(path), /content digest/)
  })
  it('refuses a file that is not a snapshot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    const path = join(dir, 'x.vgx')
    writeFileSync(path, 'id,name\n1,x\n')
    assert.throws(() => loadMasterIndex(path), /not a Verigate index snapshot/)
  })
})
