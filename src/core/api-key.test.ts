import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { hashApiKey, isApiRole, newApiKey, parseApiKey, verifyApiKey } from './api-key.js'

describe('API keys', () => {
  it('makes keys that parse into a 12-hex-digit prefix and a 43-character secret, each different', () => {
    const a = newApiKey()
    const b = newApiKey()
    assert.notEqual(a.key, b.key)
    const parts = parseApiKey(a.key)
    assert.equal(parts?.prefix, a.prefix)
    assert.equal(parts?.secret.length, 43)
  })

  it('refuses what is not a key', () => {
    for (const text of ['', 'vg_', 'vg_0123456789ab', `vg_0123456789AB_${'a'.repeat(43)}`, `vg_0123456789ab_${'a'.repeat(42)}`, `xx_0123456789ab_${'a'.repeat(43)}`, `vg_0123456789ab_${'a'.repeat(42)}!`]) {
      assert.equal(parseApiKey(text), undefined, text)
    }
  })

  it('stores a salted scrypt hash that verifies the key and nothing else', async () => {
    const { key } = newApiKey()
    const [h1, h2] = await Promise.all([hashApiKey(key), hashApiKey(key)])
    assert.match(h1, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/)
    assert.notEqual(h1, h2, 'a fresh salt each time')
    assert.ok(!h1.includes(key.slice(16)))
    assert.equal(await verifyApiKey(key, h1), true)
    assert.equal(await verifyApiKey(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`, h1), false)
  })

  it('refuses malformed or outlandish stored hashes without trying them', async () => {
    const { key } = newApiKey()
    for (const stored of ['', 'bcrypt$x', 'scrypt$32768$8$1$c2FsdA==', `scrypt$${2 ** 30}$8$1$c2FsdA==$${Buffer.alloc(32).toString('base64')}`, 'scrypt$32768$8$1$c2FsdA==$c2hvcnQ=']) {
      assert.equal(await verifyApiKey(key, stored), false, stored)
    }
  })

  it('knows the six roles', () => {
    assert.ok(isApiRole('supervisor'))
    assert.ok(!isApiRole('root'))
  })
})
