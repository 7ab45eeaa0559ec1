import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { thousands } from './thousands.js'

describe('thousands', () => {
  it('writes counts as toLocaleString(\'en-US\') does, without loading Intl', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 41_950, 1_280_000, 10_000_000, 123_456_789_012]) assert.equal(thousands(n), n.toLocaleString('en-US'))
  })
})
