import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync, verify } from 'node:crypto'
import {
  checkCosignatureLine,
  cosignCheckpoint,
  noteTextOf,
  noteVerifierKey,
  noteVerifierOf,
  parseWitnessVerifierKey,
  signNote,
  verifyNote,
  witnessCosignatures,
  witnessVerifierKey,
  witnessVerifierOf,
} from './index.js'
import type { WitnessVerifier } from './index.js'

const log = generateKeyPairSync('ed25519')
const witness = generateKeyPairSync('ed25519')
const ORIGIN = 'records.example.gov/verigate/0123456789abcdef'
const text = (size: number, root: string) => `${ORIGIN}\n${size}\n${root}\n`
const ROOT_A = Buffer.alloc(32, 1).toString('base64')
const ROOT_B = Buffer.alloc(32, 2).toString('base64')
const note = signNote(text(10, ROOT_A), [{ name: ORIGIN, privateKey: log.privateKey }])
const verifier = witnessVerifierOf('overseer.example.gov/w1', witness.publicKey)
const AT = new Date('2026-12-07T12:00:00.500Z')

describe('witness co-signatures (C2SP cosignature/v1)', () => {
  it('signs the header, the time and the checkpoint text, and verifies under the witness key with its time', () => {
    const line = cosignCheckpoint(noteTextOf(note), { name: verifier.name, privateKey: witness.privateKey }, AT)
    const raw = Buffer.from(line.split(' ').at(-1) as string, 'base64')
    assert.equal(raw.length, 76)
    assert.equal(raw.readUInt32BE(0), verifier.keyHash)
    assert.equal(raw.readBigUInt64BE(4), BigInt(Math.floor(AT.getTime() / 1000)))
    const found = witnessCosignatures(`${note}${line}\n`, verifier)
    assert.ok('cosignatures' in found)
    assert.deepEqual(found.cosignatures.map((c) => [c.name, c.timestamp]), [[verifier.name, 1796644800]])
    // The signed message, spelled out as the spec gives it, checked with node:crypto alone.
    const message = `cosignature/v1\ntime 1796644800\n${ORIGIN}\n10\n${ROOT_A}\n`
    assert.equal(verify(null, Buffer.from(message), witness.publicKey, raw.subarray(12)), true)
  })

  it('is a signature line signed-note readers skip: the log key still opens the note and keeps the line unchecked', () => {
    const line = cosignCheckpoint(noteTextOf(note), { name: verifier.name, privateKey: witness.privateKey }, AT)
    const opened = verifyNote(`${note}${line}\n`, [noteVerifierOf(ORIGIN, log.publicKey)])
    assert.ok(opened.valid)
    assert.deepEqual(opened.unverified.map((u) => u.name), [verifier.name])
  })

  it('refuses a co-signature over another tree head, or with a byte changed, naming the witness', () => {
    const line = cosignCheckpoint(noteTextOf(note), { name: verifier.name, privateKey: witness.privateKey }, AT)
    const other = signNote(text(10, ROOT_B), [{ name: ORIGIN, privateKey: log.privateKey }])
    const moved = witnessCosignatures(`${other}${line}\n`, verifier)
    assert.ok('reason' in moved)
    assert.match(moved.reason, /co-signature of overseer\.example\.gov\/w1 \([0-9a-f]{8}\) does not verify over this checkpoint/)
    const raw = Buffer.from(line.split(' ').at(-1) as string, 'base64')
    raw[5] = (raw[5] ?? 0) ^ 1 // the timestamp: a co-signature claims no other time
    const retimed = checkCosignatureLine(noteTextOf(note), `— ${verifier.name} ${raw.toString('base64')}`, verifier)
    assert.ok(retimed !== undefined && 'reason' in retimed)
  })

  it('leaves lines of other keys alone, and finds none when the witness did not sign', () => {
    const stranger = witnessVerifierOf('someone.example/w', generateKeyPairSync('ed25519').publicKey)
    const line = cosignCheckpoint(noteTextOf(note), { name: verifier.name, privateKey: witness.privateKey }, AT)
    assert.deepEqual(witnessCosignatures(`${note}${line}\n`, stranger), { cosignatures: [] })
    // The same key under another name is another witness (the key id covers the name).
    const renamed: WitnessVerifier = witnessVerifierOf('overseer.example.gov/w2', witness.publicKey)
    assert.deepEqual(witnessCosignatures(`${note}${line}\n`, renamed), { cosignatures: [] })
  })

  it('reads a witness verifier key (type 0x04) and refuses a log key (type 0x01) or a wrong key id', () => {
    const vkey = witnessVerifierKey(verifier)
    const parsed = parseWitnessVerifierKey(vkey)
    assert.ok(!('reason' in parsed))
    assert.equal(parsed.keyHash, verifier.keyHash)
    const logKey = parseWitnessVerifierKey(noteVerifierKey(noteVerifierOf('overseer.example.gov/w1', witness.publicKey)))
    assert.ok('reason' in logKey)
    assert.match(logKey.reason, /type 0x01, not 0x04/)
    // The key's base64 may hold "+" itself: the name and id end at the first two.
    const [name, , ...keyParts] = vkey.split('+') as [string, string, ...string[]]
    const key = keyParts.join('+')
    const wrongId = parseWitnessVerifierKey(`${name}+00000000+${key}`)
    assert.ok('reason' in wrongId)
    assert.match(wrongId.reason, /not the hash of the name and key/)
  })
})
