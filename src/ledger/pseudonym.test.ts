import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { pseudonymize } from './pseudonym.js'

const SECRET = Buffer.alloc(32, 0x5a)

describe('pseudonymize', () => {
  it('gives the same pseudonym for a TIN however it is written', () => {
    const a = pseudonymize(SECRET, { scheme: 'tin', value: '123-45-6789' })
    assert.match(a, /^pn:[0-9a-f]{64}$/)
    assert.equal(pseudonymize(SECRET, { scheme: 'tin', value: '123456789' }), a)
  })
  it('gives different pseudonyms under another secret, another scheme or another person', () => {
    const a = pseudonymize(SECRET, { scheme: 'tin', value: '123456789' })
    assert.notEqual(pseudonymize(Buffer.alloc(32, 0x5b), { scheme: 'tin', value: '123456789' }), a)
    assert.notEqual(pseudonymize(SECRET, { scheme: 'master_id', value: '123456789' }), a)
    assert.notEqual(pseudonymize(SECRET, { scheme: 'tin', value: '123456780' }), a)
  })
  it('refuses a short secret and an empty identifier', () => {
    assert.throws(() => pseudonymize(Buffer.alloc(16), { scheme: 'tin', value: '1' }), /at least 32 bytes/)
    assert.throws(() => pseudonymize(SECRET, { scheme: 'tin', value: '--' }), /empty/)
  })
})
