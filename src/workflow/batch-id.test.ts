import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { batchIdOf } from './batch-id.js'
import type { BatchIdentity } from './batch-id.js'

const identity: BatchIdentity = {
  agreementId: 'irs-ice-2025',
  agreementVersion: '2025-04-07-corrected',
  agreementDigest: `sha256:${'a'.repeat(64)}`,
  requestFileDigest: `sha256:${'b'.repeat(64)}`,
  masterDigest: `sha256:${'c'.repeat(64)}`,
}

describe('batchIdOf', () => {
  it('gives the same id for the same agreement, request file and master', () => {
    assert.equal(batchIdOf(identity), batchIdOf({ ...identity }))
    assert.match(batchIdOf(identity), /^b-[0-9a-f]{20}$/)
  })

  it('gives another id when any part changes', () => {
    const ids = new Set([
      batchIdOf(identity),
      batchIdOf({ ...identity, agreementVersion: '2025-04-07-as-run' }),
      batchIdOf({ ...identity, agreementDigest: `sha256:${'d'.repeat(64)}` }),
      batchIdOf({ ...identity, requestFileDigest: `sha256:${'d'.repeat(64)}` }),
      batchIdOf({ ...identity, masterDigest: `sha256:${'d'.repeat(64)}` }),
    ])
    assert.equal(ids.size, 5)
  })
})
