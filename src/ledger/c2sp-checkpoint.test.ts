import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signC2spCheckpoint, signCheckpoint } from './checkpoint.js'
import { loadOrCreateLedgerKeys, publicKeyPem } from './ledger-keys.js'
import { ledgerOf } from '../../test/support/ledger-fixture.js'
import type { C2spCheckpoint, NoteVerifier } from './verify.js'
import {
  CONSISTENCY_PROOF_FORMAT,
  INCLUSION_PROOF_FORMAT,
  checkpointToFile,
  formatC2spCheckpoint,
  ledgerOrigin,
  noteVerifierKey,
  noteVerifierOf,
  openC2spCheckpoint,
  originMode,
  parseC2spCheckpoint,
  parseNoteVerifierKey,
  signNote,
  verifyNote,
  verifyProofFile,
} from './verify.js'

const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
const keys = loadOrCreateLedgerKeys(join(dir, 'ledger-key')).keys
const otherKeys = loadOrCreateLedgerKeys(join(dir, 'other-key')).keys
const pem = publicKeyPem(keys)
rmSync(dir, { recursive: true, force: true })

const REAL_ORIGIN = ledgerOrigin({ prefix: 'records.example.gov', firstKeyId: keys.keyId, mode: 'real' })
const SIMULATION_ORIGIN = ledgerOrigin({ prefix: 'records.example.gov', firstKeyId: keys.keyId, mode: 'simulation' })

describe('C2SP checkpoints (tlog-checkpoint)', () => {
  it('reads the specification’s example body', () => {
    const example = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n'
    const parsed = parseC2spCheckpoint(example) as C2spCheckpoint
    assert.equal(parsed.origin, 'example.com/behind-the-sofa')
    assert.equal(parsed.treeSize, 20852163)
    assert.equal(Buffer.from(parsed.rootHash, 'hex').toString('base64'), 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=')
    assert.equal(formatC2spCheckpoint(parsed), example)
  })

  it('round-trips a body with extension lines, and refuses malformed ones', () => {
    const body: C2spCheckpoint = { origin: REAL_ORIGIN, treeSize: 0, rootHash: 'e3'.repeat(32), extensions: ['opaque one', 'opaque two'] }
    const text = formatC2spCheckpoint(body)
    assert.deepEqual(parseC2spCheckpoint(text), body)
    assert.match((parseC2spCheckpoint(text.replace('\n0\n', '\n00\n')) as { reason: string }).reason, /leading zeros/)
    assert.match((parseC2spCheckpoint(text.replace('\n0\n', '\n-1\n')) as { reason: string }).reason, /decimal/)
    assert.match((parseC2spCheckpoint(`${REAL_ORIGIN}\n1\n`) as { reason: string }).reason, /at least three lines/)
    assert.match((parseC2spCheckpoint(`${REAL_ORIGIN}\n1\nAAAA\n`) as { reason: string }).reason, /32 bytes/)
    assert.match((parseC2spCheckpoint(text.slice(0, -1)) as { reason: string }).reason, /ends with a newline/)
    assert.throws(() => formatC2spCheckpoint({ ...body, extensions: [''] }), /extension line/)
    assert.throws(() => formatC2spCheckpoint({ ...body, origin: 'two\nlines' }), /origin/)
  })

  it('names the ledger by its first key, and says simulation in a simulation store’s origin', () => {
    assert.equal(REAL_ORIGIN, `records.example.gov/verigate/${keys.keyId.slice(0, 16)}`)
    assert.equal(SIMULATION_ORIGIN, `records.example.gov/verigate-simulation/${keys.keyId.slice(0, 16)}`)
    assert.equal(originMode(REAL_ORIGIN), 'real')
    assert.equal(originMode(SIMULATION_ORIGIN), 'simulation')
    assert.notEqual(ledgerOrigin({ firstKeyId: otherKeys.keyId, mode: 'real' }), ledgerOrigin({ firstKeyId: keys.keyId, mode: 'real' }))
    // A prefix cannot smuggle in the segment that decides the mode, either way.
    assert.throws(() => ledgerOrigin({ prefix: 'x.example/verigate-simulation', firstKeyId: keys.keyId, mode: 'real' }), /segment/)
    assert.throws(() => ledgerOrigin({ prefix: 'x.example/verigate', firstKeyId: keys.keyId, mode: 'simulation' }), /segment/)
    assert.throws(() => ledgerOrigin({ prefix: 'has space', firstKeyId: keys.keyId, mode: 'real' }), /origin prefix/)
  })

  it('signs a checkpoint as a note under its origin that opens with the verifier key and the PEM, and refuses a changed byte in each line', () => {
    const body: C2spCheckpoint = { origin: REAL_ORIGIN, treeSize: 1234, rootHash: 'ab'.repeat(32), extensions: ['ext'] }
    const note = signC2spCheckpoint(keys, body)
    const verifier = noteVerifierOf(REAL_ORIGIN, keys.publicKey)
    assert.equal(note.split('\n\n')[1]?.startsWith(`— ${REAL_ORIGIN} `), true)
    const viaVkey = openC2spCheckpoint(note, parseNoteVerifierKey(noteVerifierKey(verifier)) as NoteVerifier)
    assert.ok(viaVkey.ok)
    assert.deepEqual(viaVkey.value.checkpoint, body)
    assert.equal(viaVkey.value.mode, 'real')
    const viaPem = openC2spCheckpoint(note, pem)
    assert.ok(viaPem.ok)
    assert.deepEqual(viaPem.value.checkpoint, body)
    const lines = note.split('\n')
    for (let line = 0; line < 4; line++) {
      const changed = [...lines]
      const value = changed[line] as string
      changed[line] = `${value.slice(0, -2)}${value.at(-2) === 'A' ? 'B' : 'A'}${value.at(-1) as string}`
      const result = openC2spCheckpoint(changed.join('\n'), verifier)
      assert.equal(result.ok, false, `line ${line} changed: ${changed[line] as string}`)
    }
    assert.equal(openC2spCheckpoint(note, otherKeys.publicKey).ok, false)
  })

  it('keeps a witness’s co-signature, unchecked, beside the log’s', () => {
    const body: C2spCheckpoint = { origin: REAL_ORIGIN, treeSize: 9, rootHash: '01'.repeat(32), extensions: [] }
    const cosigned = signNote(formatC2spCheckpoint(body), [
      { name: REAL_ORIGIN, privateKey: keys.privateKey },
      { name: 'witness.example/overseer', privateKey: otherKeys.privateKey },
    ])
    const opened = openC2spCheckpoint(cosigned, pem)
    assert.ok(opened.ok)
    assert.deepEqual(opened.value.unverified.map((s) => s.name), ['witness.example/overseer'])
    // Signed by the witness alone, it does not open with the log's key.
    const witnessOnly = signNote(formatC2spCheckpoint(body), [{ name: 'witness.example/overseer', privateKey: otherKeys.privateKey }])
    assert.equal(openC2spCheckpoint(witnessOnly, pem).ok, false)
  })

  it('never lets a simulation’s checkpoint pass for a real one: the real log’s verifier key refuses it, the PEM says simulation', () => {
    const body: C2spCheckpoint = { origin: SIMULATION_ORIGIN, treeSize: 3, rootHash: '02'.repeat(32), extensions: [] }
    const note = signC2spCheckpoint(keys, body)
    const realVerifier = noteVerifierOf(REAL_ORIGIN, keys.publicKey)
    const refused = openC2spCheckpoint(note, realVerifier)
    assert.equal(refused.ok, false)
    assert.match(refused.ok ? '' : (refused.issues[0]?.message ?? ''), /checkpoint is of the log .*verigate-simulation/)
    // The signature line under the simulation origin is not the real log's key hash either.
    assert.equal(verifyNote(note, [realVerifier]).valid, false)
    // Rewriting the origin (in the body and the signature line) to the real one leaves a
    // signature over other text, under a key hash that is not the name's.
    assert.equal(openC2spCheckpoint(note.replaceAll('verigate-simulation', 'verigate'), realVerifier).ok, false)
    assert.equal(openC2spCheckpoint(note.replaceAll('verigate-simulation', 'verigate'), pem).ok, false)
    const withPem = openC2spCheckpoint(note, pem)
    assert.ok(withPem.ok)
    assert.equal(withPem.value.mode, 'simulation')
  })
})

describe('the standalone proof verifier with a C2SP checkpoint', () => {
  const { entries, tree } = ledgerOf(23)
  const c2sp = (size: number, origin = REAL_ORIGIN): string => signC2spCheckpoint(keys, { origin, treeSize: size, rootHash: tree.root(size).toString('hex'), extensions: [] })
  const inclusion = async (index: number, size: number) => ({
    format: INCLUSION_PROOF_FORMAT,
    leaf_index: index,
    tree_size: size,
    entry: (entries[index] as Buffer).toString('base64'),
    proof: (await tree.inclusionProof(index, size)).map((h) => h.toString('hex')),
    checkpoint: checkpointToFile(signCheckpoint(keys, size, tree.root(size), new Date(Date.UTC(2026, 10, 26)))),
  })

  it('checks an inclusion proof against the C2SP checkpoint, with the verifier key or the PEM', async () => {
    const vkey = parseNoteVerifierKey(noteVerifierKey(noteVerifierOf(REAL_ORIGIN, keys.publicKey))) as NoteVerifier
    for (const key of [vkey, pem]) {
      const result = verifyProofFile(await inclusion(13, 20), c2sp(20), key)
      assert.ok(result.ok, JSON.stringify(result))
      assert.equal(result.value.summary, `entry 13 is in the ledger of 20 entries of ${REAL_ORIGIN}`)
      assert.equal(result.value.mode, 'real')
    }
    const wrongRoot = signC2spCheckpoint(keys, { origin: REAL_ORIGIN, treeSize: 20, rootHash: tree.root(19).toString('hex'), extensions: [] })
    const refused = verifyProofFile(await inclusion(13, 20), wrongRoot, pem)
    assert.equal(refused.ok, false)
    assert.equal(refused.ok ? '' : refused.issues[0]?.code, 'inclusion_proof')
    assert.equal(verifyProofFile(await inclusion(13, 20), c2sp(20), otherKeys.publicKey).ok, false)
  })

  it('checks a consistency proof from a kept C2SP checkpoint to a newer signed checkpoint', async () => {
    const proof = {
      format: CONSISTENCY_PROOF_FORMAT,
      from_size: 7,
      from_root: tree.root(7).toString('hex'),
      proof: (await tree.consistencyProof(7, 23)).map((h) => h.toString('hex')),
      checkpoint: checkpointToFile(signCheckpoint(keys, 23, tree.root(23), new Date(Date.UTC(2026, 10, 27)))),
    }
    const result = verifyProofFile(proof, c2sp(7), pem)
    assert.ok(result.ok, JSON.stringify(result))
    assert.equal(result.value.kind, 'consistency')
    assert.equal(result.value.fromSize, 7)
    // A real ledger's newer checkpoint does not extend a simulation's C2SP checkpoint.
    const fromSimulation = verifyProofFile(proof, c2sp(7, SIMULATION_ORIGIN), pem)
    assert.equal(fromSimulation.ok ? '' : fromSimulation.issues[0]?.code, 'checkpoint_mode')
    const notFromIt = verifyProofFile(proof, c2sp(8), pem)
    assert.equal(notFromIt.ok ? '' : notFromIt.issues[0]?.code, 'proof_from')
  })
})
