import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkKeyRotation, encodeKeyRotation, KEY_ROTATION_SIZE, signKeyRotation } from './key-rotation.js'
import { createLedgerKeys, holderSecretTag, signingKeyMismatch } from './ledger-keys.js'
import { EMPTY_ROOT } from './verify.js'

const dir = mkdtempSync(join(tmpdir(), 'verigate-rotation-'))
const current = createLedgerKeys(join(dir, 'one.key'))
const next = createLedgerKeys(join(dir, 'two.key'), { holderSecret: current.holderSecret })

describe('key rotations', () => {
  it('encodes the statement in 109 bytes, opening with VGKR and version 1', () => {
    const bytes = encodeKeyRotation({ treeSize: 3, rootHash: EMPTY_ROOT.toString('hex'), oldKeyId: current.keyId, newKeyId: next.keyId })
    assert.equal(bytes.length, KEY_ROTATION_SIZE)
    assert.equal(bytes.subarray(0, 5).toString('latin1'), 'VGKR\u0001')
  })

  it('is signed by both keys and checks on its own', () => {
    const payload = signKeyRotation(current, next, 0, EMPTY_ROOT)
    assert.deepEqual(checkKeyRotation(payload), { valid: true })
  })

  it('rejects a rotation whose statement was changed, or whose new key is swapped for another', () => {
    const payload = signKeyRotation(current, next, 0, EMPTY_ROOT)
    assert.equal(checkKeyRotation({ ...payload, treeSize: 1 }).valid, false)
    const other = createLedgerKeys(join(dir, 'three.key'))
    const swapped = { ...payload, newKeyId: other.keyId, newPublicKey: other.publicKey.export({ type: 'spki', format: 'der' }).toString('base64') }
    assert.match((checkKeyRotation(swapped) as { reason: string }).reason, /signature does not verify/)
    const flipped = Buffer.from(payload.oldKeySignature, 'base64')
    flipped[0] = (flipped[0] as number) ^ 1
    assert.equal(checkKeyRotation({ ...payload, oldKeySignature: flipped.toString('base64') }).valid, false)
  })

  it('keeps the pseudonym secret: the new key file has the same secret tag', () => {
    assert.equal(holderSecretTag(next.holderSecret), holderSecretTag(current.holderSecret))
    assert.equal(signingKeyMismatch({ keyId: next.keyId, secretTag: holderSecretTag(current.holderSecret) }, next), undefined)
    assert.match(signingKeyMismatch({ keyId: current.keyId, secretTag: 'x' }, current) ?? '', /another pseudonym secret/)
  })
})
