/**
 * @module link/score
 * Requests against the index: probes, candidates, field comparisons, weights, resolution.
 */
export { makeProbe, masterProbe, requestFacts, impossibleDateDigits, UNKNOWN } from './request-probe.js'
export type { RequestProbe } from './request-probe.js'
export { PairComparer, compareDob, compareImpossibleDob, compareTin, genderedPair, DEFAULT_THRESHOLDS, GIVEN, SURNAME, DOB, ADDRESS, TIN, SUFFIX, F_GIVEN, F_SURNAME, F_DOB, F_ADDRESS, F_TIN, F_SUFFIX } from './compare-pair.js'
export type { ComparisonThresholds } from './compare-pair.js'
export { Scorer, roundWeight, SURNAME_SHRINKAGE } from './scorer.js'
export { CandidateFinder, emptyCounters, addCounters } from './candidate-finder.js'
export type { BlockingCounters } from './candidate-finder.js'
export { resolveStatus, resolveRanked, resultOf, personFacts, samePersonFacts, holdsOf, holdCodes, householdKind, samePerson, isItin, identifierAgrees, corroborated, nameAgrees, looksLikeHouseholdMember, weaklyIdentified, mayMatch, DEFAULT_RESOLVE_SETTINGS } from './resolve.js'
export type { ResolveSettings, Scored, RankedCandidates, Resolution, PersonFacts } from './resolve.js'
export { mergeCandidates } from './merge.js'
export type { ShardCandidate, ShardCandidates, MergeSettings } from './merge.js'
