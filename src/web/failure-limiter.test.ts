import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createFailureLimiter } from './failure-limiter.js'

describe('the failure limiter', () => {
  it('lets an address fail max times, then makes it wait until its window ends', () => {
    let t = 1_000_000
    const failures = createFailureLimiter({ max: 3, windowMs: 60_000, now: () => t })
    for (let i = 0; i < 3; i++) {
      assert.equal(failures.retryAfter('10.0.0.1'), 0)
      failures.fail('10.0.0.1')
    }
    assert.equal(failures.retryAfter('10.0.0.1'), 60)
    assert.equal(failures.retryAfter('10.0.0.2'), 0, 'another address keeps its own count')
    t += 59_001
    assert.equal(failures.retryAfter('10.0.0.1'), 1)
    t += 1_000
    assert.equal(failures.retryAfter('10.0.0.1'), 0, 'a new window begins')
  })

  it('remembers a bounded number of addresses, forgetting ended windows first, then the oldest', () => {
    let t = 0
    const failures = createFailureLimiter({ max: 1, windowMs: 10, maxAddresses: 2, now: () => t })
    failures.fail('a')
    t = 5
    failures.fail('b')
    failures.fail('c')
    assert.equal(failures.retryAfter('a'), 0, 'the oldest was forgotten')
    assert.equal(failures.retryAfter('b'), 1)
    assert.equal(failures.retryAfter('c'), 1)
  })

  it('refuses settings that would never let anyone in', () => {
    assert.throws(() => createFailureLimiter({ max: 0 }), RangeError)
  })
})
