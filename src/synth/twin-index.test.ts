import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { TwinIndex, hashPair, hashParts } from './twin-index.js'

describe('TwinIndex', () => {
  it('hashes a key from its parts exactly as from the joined key', () => {
    const joined = new Uint32Array(2)
    const parts = new Uint32Array(2)
    hashPair('JOSE|GARCIA|LOPEZ|HOUSTON|TX', joined)
    hashParts('JOSE', 'GARCIA', 'LOPEZ', 'HOUSTON', 'TX', parts)
    assert.deepEqual([...parts], [...joined])
    hashParts('JOSE', 'GARCIA', '', 'HOUSTON', 'TX', parts)
    hashPair('JOSE|GARCIA||HOUSTON|TX', joined)
    assert.deepEqual([...parts], [...joined])
  })

  it('finds a twin only in another person with the same key', () => {
    const twins = new TwinIndex(10)
    twins.add('MARIA|LOPEZ||LAREDO|TX')
    twins.add('ANA|RUIZ||LAREDO|TX')
    twins.observe('MARIA|LOPEZ||LAREDO|TX', 7)
    twins.observe('MARIA|LOPEZ||LAREDO|TX', 7)
    twins.observe('ANA|RUIZ||LAREDO|TX', 1)
    twins.observe('ANA|RUIZ||LAREDO|TX', 2)
    twins.observe('NOBODY|ASKED||LAREDO|TX', 3)
    assert.equal(twins.hasTwin('MARIA|LOPEZ||LAREDO|TX', 7), false)
    assert.equal(twins.hasTwin('MARIA|LOPEZ||LAREDO|TX', 8), true)
    assert.equal(twins.hasTwin('ANA|RUIZ||LAREDO|TX', 1), true)
    assert.equal(twins.hasTwin('NOBODY|ASKED||LAREDO|TX', 3), false)
  })

  it('shares its arrays with a view built from them', () => {
    const twins = new TwinIndex(4, true)
    twins.add('A|B||C|D')
    const view = TwinIndex.fromBuffers(twins.buffers())
    assert.ok(view.lookup('A|B||C|D') >= 0)
    assert.ok(twins.buffers().keyA.buffer instanceof SharedArrayBuffer)
  })
})
