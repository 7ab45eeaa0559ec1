import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createSessionStore, sameToken } from './sessions.js'

describe('sessions', () => {
  const alice = { userId: 'rev-alice', person: 'alice', partyId: 'irs', role: 'reviewer' } as const

  it('finds a session by its token, with a 32-byte token and its own CSRF token', () => {
    const sessions = createSessionStore({ now: () => 0 })
    const { token, session } = sessions.open(alice)
    assert.equal(Buffer.from(token, 'base64url').length, 32)
    assert.equal(sessions.find(token)?.userId, 'rev-alice')
    assert.notEqual(session.csrfToken, token)
    assert.equal(sessions.find(`${token}x`), undefined)
    assert.equal(sessions.find(undefined), undefined)
  })

  it('ends a session after the idle timeout, and after the absolute lifetime even when in use', () => {
    let t = 0
    const sessions = createSessionStore({ now: () => t, limits: { idleMs: 1000, absoluteMs: 5000 } })
    const idle = sessions.open(alice).token
    t = 1001
    assert.equal(sessions.find(idle), undefined)
    const busy = sessions.open(alice).token
    for (t = 1500; t <= 6000; t += 900) assert.ok(sessions.find(busy), `alive at ${t}`)
    t = 6100
    assert.equal(sessions.find(busy), undefined, 'past 5 s from its start')
  })

  it('closes a session on sign-out', () => {
    const sessions = createSessionStore()
    const { token } = sessions.open(alice)
    sessions.close(token)
    assert.equal(sessions.find(token), undefined)
    assert.equal(sessions.size(), 0)
  })

  it('compares tokens of different lengths as unequal', () => {
    assert.equal(sameToken('abc', 'abc'), true)
    assert.equal(sameToken('abc', 'abcd'), false)
  })
})
