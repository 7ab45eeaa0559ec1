import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signCheckpoint } from './checkpoint.js'
import { loadOrCreateLedgerKeys, publicKeyPem } from './ledger-keys.js'
import { MerkleLevels } from './merkle.js'
import { ledgerOf } from '../../test/support/ledger-fixture.js'
import {
  CONSISTENCY_PROOF_FORMAT,
  INCLUSION_PROOF_FORMAT,
  checkpointFromFile,
  checkpointToFile,
  encodeCheckpoint,
  hashLeaf,
  verifyCheckpoint,
  verifyProofFile,
} from './verify.js'

const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
const keys = loadOrCreateLedgerKeys(join(dir, 'ledger-key')).keys
const pem = publicKeyPem(keys)
rmSync(dir, { recursive: true, force: true })

describe('checkpoints', () => {
  it('encodes the 85 bytes ENCODING.md describes', () => {
    const bytes = encodeCheckpoint({ treeSize: 2, rootHash: 'ab'.repeat(32), time: '2026-11-26T12:00:00.000Z', keyId: 'cd'.repeat(32) })
    assert.equal(bytes.toString('hex'), `5647435001${'0000000000000002'}${'ab'.repeat(32)}000001a217ba1200${'cd'.repeat(32)}`)
  })

  it('verifies a signed checkpoint and rejects any changed field, a flipped signature or another key', () => {
    const signed = signCheckpoint(keys, 7, Buffer.alloc(32, 1), new Date(Date.UTC(2026, 10, 26)))
    assert.deepEqual(verifyCheckpoint(signed, pem), { valid: true })
    assert.equal(verifyCheckpoint({ ...signed, treeSize: 8 }, pem).valid, false)
    assert.equal(verifyCheckpoint({ ...signed, rootHash: '02'.repeat(32) }, pem).valid, false)
    assert.equal(verifyCheckpoint({ ...signed, time: '2026-11-26T00:00:00.001Z' }, pem).valid, false)
    const signature = Buffer.from(signed.signature, 'base64')
    signature[10] = (signature[10] as number) ^ 0x04
    assert.match((verifyCheckpoint({ ...signed, signature: signature.toString('base64') }, pem) as { reason: string }).reason, /does not verify/)
    const other = generateKeyPairSync('ed25519').publicKey
    assert.match((verifyCheckpoint(signed, other) as { reason: string }).reason, /not by the key given/)
  })

  it('round-trips through its file form and refuses malformed files', () => {
    const signed = signCheckpoint(keys, 3, Buffer.alloc(32, 9), new Date(Date.UTC(2026, 10, 26)))
    assert.deepEqual(checkpointFromFile(JSON.parse(JSON.stringify(checkpointToFile(signed)))), { ok: true, value: signed })
    const file = checkpointToFile(signed)
    assert.equal(checkpointFromFile({ ...file, format: 'other/1' }).ok, false)
    assert.equal(checkpointFromFile({ ...file, tree_size: 1.5 }).ok, false)
    assert.equal(checkpointFromFile({ ...file, time: '2026-11-26' }).ok, false)
    assert.equal(checkpointFromFile({ ...file, root_hash: 'AB' }).ok, false)
  })
})

describe('the standalone proof verifier', () => {
  const { entries, tree } = ledgerOf(23)
  const at = (ms: number) => new Date(Date.UTC(2026, 10, 26) + ms)

  it('accepts an inclusion proof against the trusted checkpoint, and rejects a flipped byte anywhere', async () => {
    const checkpoint = signCheckpoint(keys, 20, tree.root(20), at(0))
    const proof = {
      format: INCLUSION_PROOF_FORMAT,
      leaf_index: 13,
      tree_size: 20,
      entry: (entries[13] as Buffer).toString('base64'),
      proof: (await tree.inclusionProof(13, 20)).map((p) => p.toString('hex')),
      checkpoint: checkpointToFile(checkpoint),
    }
    const trusted = checkpointToFile(checkpoint)
    const result = verifyProofFile(proof, trusted, pem)
    assert.equal(result.ok, true, JSON.stringify(result))
    const entry = Buffer.from(entries[13] as Buffer)
    entry[entry.length - 4] = (entry[entry.length - 4] as number) ^ 0x01
    assert.equal(verifyProofFile({ ...proof, entry: entry.toString('base64') }, trusted, pem).ok, false)
    for (let i = 0; i < proof.proof.length; i++) {
      const flipped = [...proof.proof]
      flipped[i] = `${(flipped[i] as string)[0] === 'f' ? 'e' : 'f'}${(flipped[i] as string).slice(1)}`
      assert.equal(verifyProofFile({ ...proof, proof: flipped }, trusted, pem).ok, false, `element ${i}`)
    }
    assert.equal(verifyProofFile({ ...proof, leaf_index: 12 }, trusted, pem).ok, false, 'another index')
    assert.equal(verifyProofFile(proof, { ...trusted, root_hash: tree.root(19).toString('hex') }, pem).ok, false, 'a checkpoint not signed so')
    assert.equal(verifyProofFile(proof, trusted, generateKeyPairSync('ed25519').publicKey).ok, false, 'another key')
  })

  it('accepts a consistency proof from the trusted checkpoint to a newer one, and rejects a rewritten history', async () => {
    const older = signCheckpoint(keys, 9, tree.root(9), at(0))
    const newer = signCheckpoint(keys, 23, tree.root(23), at(1000))
    const proof = {
      format: CONSISTENCY_PROOF_FORMAT,
      from_size: 9,
      from_root: older.rootHash,
      proof: (await tree.consistencyProof(9, 23)).map((p) => p.toString('hex')),
      checkpoint: checkpointToFile(newer),
    }
    const result = verifyProofFile(proof, checkpointToFile(older), pem)
    assert.equal(result.ok, true, JSON.stringify(result))
    assert.equal(result.ok && result.value.summary.includes('extends the one of 9 entries'), true)
    const rewritten = ledgerOf(23)
    const forgedTree = new MerkleLevels()
    for (let i = 0; i < 23; i++) forgedTree.append(i === 4 ? hashLeaf(Buffer.from('rewritten')) : rewritten.tree.node(0, i))
    const forgedHead = signCheckpoint(keys, 23, forgedTree.root(23), at(2000))
    const forged = { ...proof, proof: (await forgedTree.consistencyProof(9, 23)).map((p) => p.toString('hex')), checkpoint: checkpointToFile(forgedHead) }
    assert.equal(verifyProofFile(forged, checkpointToFile(older), pem).ok, false)
  })
})
