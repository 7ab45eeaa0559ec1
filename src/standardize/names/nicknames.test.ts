import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { areNicknames, nicknameGroups } from './nicknames.js'

describe('nickname equivalence', () => {
  it('finds English nicknames from the table in both directions', () => {
    assert.equal(areNicknames('WILLIAM', 'BILL'), true)
    assert.equal(areNicknames('BILL', 'WILLIAM'), true)
    assert.equal(areNicknames('ROBERT', 'BOB'), true)
    assert.equal(areNicknames('ELIZABETH', 'BETSY'), true)
  })
  it('finds the hand-made Spanish hypocorisms', () => {
    const pairs: readonly (readonly [string, string])[] = [['JOSE', 'PEPE'], ['FRANCISCO', 'PACO'], ['FRANCISCO', 'PANCHO'], ['GUADALUPE', 'LUPE'], ['JESUS', 'CHUY'], ['GUILLERMO', 'MEMO'], ['IGNACIO', 'NACHO'], ['CONCEPCION', 'CONCHA'], ['PACO', 'PANCHO']]
    for (const [a, b] of pairs) {
      assert.equal(areNicknames(a, b), true, `${a}/${b}`)
    }
  })
  it('does not relate unrelated names', () => {
    assert.equal(areNicknames('JOHN', 'MARY'), false)
    assert.equal(areNicknames('JOSE', 'MARIA'), false)
    assert.equal(areNicknames('', ''), false)
  })
  it('treats a name as equivalent to itself, even one in no group', () => {
    assert.equal(areNicknames('XZAVIER', 'XZAVIER'), true)
    assert.deepEqual(nicknameGroups('XZAVIER'), [])
  })
  it('gives group ids that are shared exactly when names are nickname-equivalent', () => {
    const bill = nicknameGroups('BILL')
    assert.ok(bill.length >= 1)
    assert.ok(nicknameGroups('WILLIAM').some((id) => bill.includes(id)))
  })
  it('folds unstandardized input before looking it up', () => {
    assert.deepEqual(nicknameGroups('José'), nicknameGroups('JOSE'))
  })
})
