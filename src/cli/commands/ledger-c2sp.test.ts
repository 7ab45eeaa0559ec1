import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { appendOrderChanges } from '../../../test/support/ledger-fixture.js'
import { keyIdOf, loadLedgerKeys, noteVerifierOf, parseNoteVerifierKey, verifyNote } from '../../ledger/index.js'
import type { NoteVerifier } from '../../ledger/index.js'
import { openStore } from '../../store/index.js'

const BIN = fileURLToPath(new URL('../../../../bin/verigate.js', import.meta.url))

function verigate(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

describe('verigate ledger with C2SP checkpoints', () => {
  let dir: string
  let db: string
  const file = (name: string): string => join(dir, name)
  let vkey: string
  let origin: string

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    db = file('verigate.sqlite')
    const made = verigate('ledger', 'public-key', '--db', db, '--format', 'note', '--origin-prefix', 'records.example.gov', '--out', file('vkey.txt'))
    assert.equal(made.status, 0, made.stderr)
    vkey = readFileSync(file('vkey.txt'), 'utf8').trim()
    origin = vkey.split('+')[0] as string
    await appendOrderChanges(db, 0, 10)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('prints the note verifier key of the log, named by its origin and its first key', () => {
    const keyId = keyIdOf(loadLedgerKeys(`${db}.ledger-key`).publicKey)
    assert.equal(origin, `records.example.gov/verigate/${keyId.slice(0, 16)}`)
    assert.match(vkey, /^records\.example\.gov\/verigate\/[0-9a-f]{16}\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/)
  })

  it('writes a C2SP checkpoint: origin, size and base64 root, signed as a note that opens with the verifier key', () => {
    const run = verigate('ledger', 'checkpoint', '--db', db, '--format', 'c2sp', '--origin-prefix', 'records.example.gov', '--out', file('cp1.note'))
    assert.equal(run.status, 0, run.stderr)
    const note = readFileSync(file('cp1.note'), 'utf8')
    const [body, signatures] = note.split('\n\n') as [string, string]
    const lines = body.split('\n')
    assert.equal(lines[0], origin)
    assert.equal(lines[1], '10')
    assert.match(lines[2] as string, /^[A-Za-z0-9+/]{43}=$/)
    assert.match(signatures, new RegExp(`^— ${origin.replaceAll('.', '\\.')} [A-Za-z0-9+/]+=*\\n$`))
    const opened = verifyNote(note, [parseNoteVerifierKey(vkey) as NoteVerifier])
    assert.equal(opened.valid, true)
    // The default stays the Verigate checkpoint file.
    const json = verigate('ledger', 'checkpoint', '--db', db)
    assert.equal((JSON.parse(json.stdout) as { format: string }).format, 'verigate-checkpoint/1')
  })

  it('proves an entry against the kept C2SP checkpoint, and verify-proof checks it with the verifier key or the PEM alone', () => {
    const proof = verigate('ledger', 'proof', '--entry', '3', '--db', db, '--checkpoint', file('cp1.note'), '--out', file('proof.json'))
    assert.equal(proof.status, 0, proof.stderr)
    const withVkey = verigate('ledger', 'verify-proof', '--proof', file('proof.json'), '--checkpoint', file('cp1.note'), '--verifier-key', vkey)
    assert.equal(withVkey.status, 0, withVkey.stderr)
    assert.equal(withVkey.stdout, `valid inclusion proof: entry 3 is in the ledger of 10 entries of ${origin}\n`)
    const withPem = verigate('ledger', 'verify-proof', '--proof', file('proof.json'), '--checkpoint', file('cp1.note'), '--public-key', `${db}.ledger-key.pub.pem`, '--json')
    assert.equal(withPem.status, 0, withPem.stderr)
    assert.equal((JSON.parse(withPem.stdout) as { valid: boolean; mode: string }).mode, 'real')
  })

  it('refuses a C2SP checkpoint whose tree size or root was changed, and a verifier key of another log', () => {
    const note = readFileSync(file('cp1.note'), 'utf8')
    writeFileSync(file('cp-forged.note'), note.replace(`${origin}\n10\n`, `${origin}\n11\n`))
    const forged = verigate('ledger', 'verify-proof', '--proof', file('proof.json'), '--checkpoint', file('cp-forged.note'), '--verifier-key', vkey)
    assert.notEqual(forged.status, 0)
    assert.match(forged.stderr, /does not verify/)
    const other = verigate('ledger', 'public-key', '--db', file('other.sqlite'), '--format', 'note', '--origin-prefix', 'records.example.gov')
    assert.equal(other.status, 0, other.stderr)
    const wrongLog = verigate('ledger', 'verify-proof', '--proof', file('proof.json'), '--checkpoint', file('cp1.note'), '--verifier-key', other.stdout.trim())
    assert.notEqual(wrongLog.status, 0)
    assert.match(wrongLog.stderr, /the checkpoint is of the log records\.example\.gov\/verigate\/[0-9a-f]{16}, the key given is records\.example\.gov\/verigate\/[0-9a-f]{16}'s/)
    const both = verigate('ledger', 'verify-proof', '--proof', file('proof.json'), '--checkpoint', file('cp1.note'))
    assert.notEqual(both.status, 0)
    assert.match(both.stderr, /--public-key FILE \(PEM\) or --verifier-key VKEY/)
  })

  it('proves today’s ledger extends the kept C2SP checkpoint', async () => {
    await appendOrderChanges(db, 10, 5)
    const made = verigate('ledger', 'consistency', '--db', db, '--from', file('cp1.note'), '--out', file('consistency.json'))
    assert.equal(made.status, 0, made.stderr)
    const check = verigate('ledger', 'verify-proof', '--proof', file('consistency.json'), '--checkpoint', file('cp1.note'), '--verifier-key', vkey, '--json')
    assert.equal(check.status, 0, check.stderr)
    const verdict = JSON.parse(check.stdout) as { valid: boolean; kind: string; fromSize: number; treeSize: number }
    assert.deepEqual([verdict.valid, verdict.kind, verdict.fromSize, verdict.treeSize], [true, 'consistency', 10, 15])
  })

  it('says SIMULATION in a simulation store’s origin: a real log’s verifier key refuses its checkpoint, and its proofs say simulation', async () => {
    const simulation = file('simulation.sqlite')
    await (await openStore(simulation, { mode: 'simulation' })).close()
    const simVkey = verigate('ledger', 'public-key', '--db', simulation, '--format', 'note', '--origin-prefix', 'records.example.gov').stdout.trim()
    assert.match(simVkey, /^records\.example\.gov\/verigate-simulation\/[0-9a-f]{16}\+/)
    await appendOrderChanges(simulation, 0, 3)
    const run = verigate('ledger', 'checkpoint', '--db', simulation, '--format', 'c2sp', '--origin-prefix', 'records.example.gov', '--out', file('sim.note'))
    assert.equal(run.status, 0, run.stderr)
    const note = readFileSync(file('sim.note'), 'utf8')
    assert.match(note, /^records\.example\.gov\/verigate-simulation\/[0-9a-f]{16}\n3\n/)
    assert.equal(verifyNote(note, [parseNoteVerifierKey(simVkey) as NoteVerifier]).valid, true)
    // The same key named as a real log is another key hash: the note does not open with it.
    const simulationKey = loadLedgerKeys(`${simulation}.ledger-key`).publicKey
    const realName = (note.split('\n')[0] as string).replace('/verigate-simulation/', '/verigate/')
    assert.equal(verifyNote(note, [noteVerifierOf(realName, simulationKey)]).valid, false)
    assert.equal('reason' in parseNoteVerifierKey(simVkey.replace('/verigate-simulation/', '/verigate/')), true, 'the key hash covers the name')
    // With the bare PEM, the verifier says what the signed origin says.
    const proof = verigate('ledger', 'proof', '--entry', '1', '--db', simulation, '--checkpoint', file('sim.note'), '--out', file('sim-proof.json'))
    assert.equal(proof.status, 0, proof.stderr)
    const check = verigate('ledger', 'verify-proof', '--proof', file('sim-proof.json'), '--checkpoint', file('sim.note'), '--public-key', `${simulation}.ledger-key.pub.pem`)
    assert.equal(check.status, 0, check.stderr)
    assert.match(check.stdout, /entry 1 is in the ledger of 3 entries of records\.example\.gov\/verigate-simulation\/[0-9a-f]{16} \(a SIMULATION ledger/)
    // A simulation's C2SP checkpoint is not taken by a real store.
    const crossed = verigate('ledger', 'consistency', '--db', db, '--from', file('sim.note'))
    assert.notEqual(crossed.status, 0)
  })
})
