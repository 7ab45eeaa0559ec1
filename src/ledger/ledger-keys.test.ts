import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadLedgerKeys, loadOrCreateLedgerKeys, publicKeyPem } from './ledger-keys.js'

describe('ledger keys', () => {
  it('creates a key file once (mode 0600, public key beside it) and reads the same keys back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    try {
      const path = join(dir, 'db.sqlite.ledger-key')
      const first = loadOrCreateLedgerKeys(path)
      assert.equal(first.created, true)
      assert.equal(statSync(path).mode & 0o777, 0o600)
      assert.equal(readFileSync(`${path}.pub.pem`, 'utf8'), publicKeyPem(first.keys))
      const again = loadOrCreateLedgerKeys(path)
      assert.equal(again.created, false)
      assert.equal(again.keys.keyId, first.keys.keyId)
      assert.deepEqual(again.keys.holderSecret, first.keys.holderSecret)
      assert.doesNotMatch(readFileSync(`${path}.pub.pem`, 'utf8'), /PRIVATE/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
  it('refuses a missing or foreign key file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    try {
      assert.throws(() => loadLedgerKeys(join(dir, 'none')), /no ledger key file/)
      writeFileSync(join(dir, 'other'), JSON.stringify({ format: 'something/1' }))
      assert.throws(() => loadLedgerKeys(join(dir, 'other')), /not a ledger key file/)
      assert.equal(existsSync(join(dir, 'none')), false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
