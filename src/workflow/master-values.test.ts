import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openRecords } from '../intake/index.js'
import { readMasterValues } from './master-values.js'

/** Every record of a file by id, read in full through intake (the first of each id). */
async function everything(path: string): Promise<Map<string, unknown>> {
  const all = new Map<string, unknown>()
  const source = await openRecords(path, { checkDuplicateIds: false })
  for await (const batch of source.batches()) for (const row of batch) if (!all.has(row.record.id)) all.set(row.record.id, row.record)
  return all
}

describe('readMasterValues', () => {
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'verigate-'))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('finds the same records as a full read, through quotes, line breaks in fields, CRLF and duplicate ids', async () => {
    const rows = [
      'given_name,surname,id,city,state,zip',
      'Ana,Lopez,M1,Austin,TX,78701',
      '"Bo, Jr",Smith,M2,Dallas,TX,75201',
      '"Cy\r\nline",Jones,M3,Waco,TX,76701',
      'Di,"O""Neil",M4,Tyler,TX,75701',
      'Ed,Kim,M5,Plano,TX,75023',
      'Ed,Kim,M5,Frisco,TX,75033',
      'Fay,Wu,M6,Irving,TX,75038',
    ]
    const path = join(dir, 'master.csv')
    writeFileSync(path, `${rows.join('\r\n')}\r\n`)
    const all = await everything(path)
    const ids = new Set(['M2', 'M3', 'M4', 'M5', 'M9'])
    const values = await readMasterValues(path, undefined, ids)
    assert.deepEqual([...values.keys()].sort(), ['M2', 'M3', 'M4', 'M5'])
    for (const [id, record] of values) assert.deepEqual(record, all.get(id))
    assert.equal(values.get('M5')?.city, 'Plano', 'the first record of an id is the one kept')
  })

  it('reads a semicolon-separated file and a JSON Lines file', async () => {
    const csv = join(dir, 'semi.csv')
    writeFileSync(csv, 'id;given_name;surname\nM1;Ana;Lopez\nM2;Bo;Smith\n')
    assert.equal((await readMasterValues(csv, undefined, new Set(['M2']))).get('M2')?.surname, 'Smith')
    const jsonl = join(dir, 'master.jsonl')
    writeFileSync(jsonl, '{"id":"M1","surname":"Lopez"}\n{"id":"M2","surname":"Smith"}\n')
    assert.equal((await readMasterValues(jsonl, undefined, new Set(['M1']))).get('M1')?.surname, 'Lopez')
  })
})
