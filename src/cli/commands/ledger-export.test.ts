import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { appendOrderChanges } from '../../../test/support/ledger-fixture.js'
import type { LedgerSegmentFile } from './ledger-export.js'

const BIN = fileURLToPath(new URL('../../../../bin/verigate.js', import.meta.url))
/** The standalone verifier's bin (packages/verify), as an overseer runs it. */
const VERIFY_BIN = fileURLToPath(new URL('../../../../packages/verify/bin/verigate-verify.js', import.meta.url))

function run(bin: string, ...args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

describe('verigate ledger export, checked by the standalone verifier', () => {
  let dir: string
  let db: string
  let vkey: string
  const file = (name: string): string => join(dir, name)

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    db = file('verigate.sqlite')
    const made = run(BIN, 'ledger', 'public-key', '--db', db, '--format', 'note', '--out', file('vkey.txt'))
    assert.equal(made.status, 0, made.out)
    vkey = readFileSync(file('vkey.txt'), 'utf8').trim()
    await appendOrderChanges(db, 0, 10)
    assert.equal(run(BIN, 'ledger', 'checkpoint', '--db', db, '--format', 'c2sp', '--out', file('kept.note')).status, 0)
    await appendOrderChanges(db, 10, 7)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('exports the whole ledger with its checkpoint; the verifier recomputes the root from the entries', () => {
    const exported = run(BIN, 'ledger', 'export', '--db', db, '--out', file('segment.json'))
    assert.equal(exported.status, 0, exported.out)
    assert.match(exported.out, /entries 0 to 16 of verigate\.local\/verigate\/[0-9a-f]{16}/)
    assert.equal(statSync(file('segment.json')).mode & 0o777, 0o600)
    const checked = run(VERIFY_BIN, 'segment', '--verifier-key', vkey, '--segment', file('segment.json'))
    assert.equal(checked.status, 0, checked.out)
    assert.match(checked.out, /^valid: the 17 entries make the root of the checkpoint/)
  })

  it('fails when an entry is changed or dropped', () => {
    const segment = JSON.parse(readFileSync(file('segment.json'), 'utf8')) as LedgerSegmentFile
    const entry = Buffer.from(segment.entries[3]!, 'base64')
    const changed = Buffer.from(entry.toString('latin1').replace('"o3"', '"o9"'), 'latin1').toString('base64')
    writeFileSync(file('changed.json'), JSON.stringify({ ...segment, entries: segment.entries.map((e, i) => (i === 3 ? changed : e)) }))
    const c = run(VERIFY_BIN, 'segment', '--verifier-key', vkey, '--segment', file('changed.json'))
    assert.equal(c.status, 1, c.out)
    assert.match(c.out, /entry 4 does not chain to entry 3/)
    writeFileSync(file('dropped.json'), JSON.stringify({ ...segment, entries: segment.entries.slice(0, -1) }))
    const d = run(VERIFY_BIN, 'segment', '--verifier-key', vkey, '--segment', file('dropped.json'))
    assert.equal(d.status, 1, d.out)
    assert.match(d.out, /holds 16 entries, the checkpoint covers 17/)
  })

  it('exports up to a kept checkpoint with --to, and refuses a size no checkpoint covers exactly', () => {
    assert.equal(run(BIN, 'ledger', 'export', '--db', db, '--to', '10', '--out', file('ten.json')).status, 0)
    const ten = run(VERIFY_BIN, 'segment', '--verifier-key', vkey, '--segment', file('ten.json'), '--checkpoint', file('kept.note'))
    assert.equal(ten.status, 0, ten.out)
    const seven = run(BIN, 'ledger', 'export', '--db', db, '--to', '7', '--out', file('seven.json'))
    assert.notEqual(seven.status, 0)
    assert.match(seven.out, /no checkpoint of exactly 7 entries/)
  })

  it('proves with the verifier alone that today’s log extends the kept checkpoint', () => {
    assert.equal(run(BIN, 'ledger', 'consistency', '--db', db, '--from', file('kept.note'), '--out', file('consistency.json')).status, 0)
    assert.equal(run(BIN, 'ledger', 'checkpoint', '--db', db, '--format', 'c2sp', '--out', file('newer.note')).status, 0)
    const ok = run(VERIFY_BIN, 'consistency', '--verifier-key', vkey, '--checkpoint', file('kept.note'), '--newer', file('newer.note'), '--proof', file('consistency.json'))
    assert.equal(ok.status, 0, ok.out)
    assert.match(ok.out, /extends .* at 10 entries: nothing the older checkpoint held has left it/)
    const reversed = run(VERIFY_BIN, 'consistency', '--verifier-key', vkey, '--checkpoint', file('newer.note'), '--newer', file('kept.note'), '--proof', file('consistency.json'))
    assert.equal(reversed.status, 1, reversed.out)
  })
})
