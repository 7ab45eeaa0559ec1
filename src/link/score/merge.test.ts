/**
 * The merge on hand-made shard answers: a rival in another shard makes the request ambiguous, a
 * second record of the best's person in another shard is no rival, and answers that do not belong
 * together (other requests, other builds) are refused. (Exactness against one whole index on
 * generated data: src/link/shards.test.ts.)
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { RequestFacts } from '../../core/index.js'
import { ADDRESS, DOB, GIVEN, SUFFIX, SURNAME, TIN } from './compare-pair.js'
import { type ShardCandidate, type ShardCandidates, mergeCandidates } from './merge.js'
import { DEFAULT_RESOLVE_SETTINGS } from './resolve.js'

const SETTINGS = { ...DEFAULT_RESOLVE_SETTINGS, maxRivals: 3 }
const STRONG = [GIVEN.exact, SURNAME.exact, DOB.exact, ADDRESS.full, TIN.exact, SUFFIX.missing]

function candidate(row: number, weight: number, person: Partial<ShardCandidate['person']> = {}): ShardCandidate {
  return {
    row,
    weight,
    levels: STRONG,
    middleInitialsDiffer: false,
    middleInitialsAgree: false,
    givenSexDiffers: false,
    person: { tin: 100_000_000 + row, dob: 19700101, given: 1, surname: 2, suffix: 0, ...person },
    evidence: { masterId: `M${row}`, weight, probability: 0, comparisons: [] },
  }
}

function answer(candidates: ShardCandidate[], o: { requestId?: string; masterDigest?: string } = {}): ShardCandidates {
  return { requestId: o.requestId ?? 'R1', facts: {} as RequestFacts, candidates, masterDigest: o.masterDigest ?? 'sha256:whole', modelDigest: 'sha256:model' }
}

describe('mergeCandidates', () => {
  it('takes the best of every shard, and a close rival in another shard makes the request ambiguous', () => {
    const alone = mergeCandidates([answer([candidate(7, 40)]), answer([])], SETTINGS)
    assert.equal(alone.status, 'match')
    assert.equal(alone.best?.masterId, 'M7')
    const rivalled = mergeCandidates([answer([candidate(7, 40)]), answer([candidate(900, 38)])], SETTINGS)
    assert.equal(rivalled.status, 'ambiguous')
    assert.deepEqual(rivalled.rivals.map((r) => r.masterId), ['M900'])
    assert.equal(rivalled.masterDigest, 'sha256:whole')
  })

  it('counts a record of the best’s own person in another shard as no rival, and breaks ties by the whole row', () => {
    const same = mergeCandidates([answer([candidate(900, 38, { tin: 100_000_007 })]), answer([candidate(7, 40)])], SETTINGS)
    assert.equal(same.status, 'match')
    assert.deepEqual(same.rivals, [])
    const tie = mergeCandidates([answer([candidate(900, 40)]), answer([candidate(7, 40)])], SETTINGS)
    assert.equal(tie.best?.masterId, 'M7')
  })

  it('refuses answers of other requests or of another build, and no answer at all', () => {
    assert.throws(() => mergeCandidates([answer([]), answer([], { requestId: 'R2' })], SETTINGS), /requests R1 and R2/)
    assert.throws(() => mergeCandidates([answer([]), answer([], { masterDigest: 'sha256:other' })], SETTINGS), /different builds/)
    assert.throws(() => mergeCandidates([], SETTINGS), /no shard answered/)
    assert.equal(mergeCandidates([answer([]), answer([])], SETTINGS).status, 'none')
  })
})
