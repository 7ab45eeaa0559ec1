import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { fingerprintId, IdFingerprintSet, MAX_LOCATOR } from './id-set.js'

describe('IdFingerprintSet', () => {
  it('finds the locator of every id added, across growth', () => {
    const set = new IdFingerprintSet(16)
    for (let i = 0; i < 50_000; i++) set.add(fingerprintId(`id-${i}`), i * 1000)
    assert.equal(set.size, 50_000)
    for (let i = 0; i < 50_000; i += 997) assert.deepEqual(set.lookup(fingerprintId(`id-${i}`)), [i * 1000])
    let falseHits = 0
    for (let i = 50_000; i < 100_000; i++) falseHits += set.lookup(fingerprintId(`id-${i}`)).length
    assert.equal(falseHits, 0)
  })

  it('keeps 48-bit locators exactly and refuses larger ones', () => {
    const set = new IdFingerprintSet()
    set.add(fingerprintId('a'), MAX_LOCATOR)
    set.add(fingerprintId('b'), 2 ** 40 + 7)
    assert.deepEqual(set.lookup(fingerprintId('a')), [MAX_LOCATOR])
    assert.deepEqual(set.lookup(fingerprintId('b')), [2 ** 40 + 7])
    assert.throws(() => set.add(fingerprintId('c'), MAX_LOCATOR + 1), RangeError)
  })

  it('returns every entry sharing a fingerprint, for the caller to compare exactly', () => {
    const set = new IdFingerprintSet()
    const fp = fingerprintId('same')
    set.add(fp, 1)
    set.add(fp, 2)
    assert.deepEqual(set.lookup(fp), [1, 2])
  })

  it('gives fingerprints whose high part is never zero', () => {
    for (let i = 0; i < 10_000; i++) assert.notEqual(fingerprintId(String(i)).high, 0)
    assert.notDeepEqual(fingerprintId('ab'), fingerprintId('ba'))
  })
})

describe('IdFingerprintSet.reserve', () => {
  it('sizes the table once for the entries to come, keeping what it holds', () => {
    const set = new IdFingerprintSet(16)
    set.add(fingerprintId('kept'), 7)
    set.reserve(1000)
    assert.equal(set.bytes, 2048 * 3 * 4)
    assert.deepEqual(set.lookup(fingerprintId('kept')), [7])
    set.reserve(10)
    assert.equal(set.bytes, 2048 * 3 * 4)
  })
})
