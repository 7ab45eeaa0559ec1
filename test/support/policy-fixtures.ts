/**
 * Evidence, contexts and documents for the policy tests: a complete, lawful request matched on
 * its TIN and full address, and small functions to weaken it one element at a time. Under test/,
 * so it never ships.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Candidate, ComparedField, ComparisonLevel, FieldComparison, MatchResult, RequestContext, RequestFacts } from '../../src/core/index.js'
import { parsePolicyDocument } from '../../src/policy/validate-document.js'
import type { ValidatedAgreement, ValidatedDocument, ValidatedOrder } from '../../src/policy/validate-document.js'

/** The repository's `policies/` folder (dist/src/policy/ is three folders below the root). */
export const POLICIES_DIR = fileURLToPath(new URL('../../../policies/', import.meta.url))

function load(relative: string): ValidatedDocument {
  const result = parsePolicyDocument(readFileSync(`${POLICIES_DIR}${relative}`, 'utf8'), relative)
  if (!result.ok) throw new Error(`${relative}: ${result.issues.map((i) => i.message).join('; ')}`)
  return result.value
}

/** An example agreement by its file name without extension. */
export function exampleAgreement(name: 'irs-ice-2025-as-run' | 'irs-ice-2025-corrected' | 'irs-ice-2025-court-reading' | 'irs-ice-2025-agency-reading'): ValidatedAgreement {
  return load(`agreements/${name}.yaml`) as ValidatedAgreement
}

/** An example order by its file name without extension. */
export function exampleOrder(name: 'dcd-2025-11-21-injunction' | 'dmass-2026-02-05-residential'): ValidatedOrder {
  return load(`orders/${name}.yaml`) as ValidatedOrder
}

/** Validates a document given as a plain object; throws when it is not valid. */
export function validated<T extends ValidatedDocument>(content: object): T {
  const result = parsePolicyDocument(JSON.stringify(content), 'test.json')
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.path?.field}: ${i.message}`).join('; '))
  return result.value as T
}

/** A complete request: full name and address, a TIN, every legal element, a case reference. */
export const COMPLETE_REQUEST: RequestFacts = {
  name: 'FULL',
  address: 'FULL',
  addressReasons: [],
  hasDob: false,
  hasTin: true,
  caseRef: 'ERO-2025-000123',
  hasTaxPeriods: true,
  hasStatute: true,
  hasReasons: true,
  hasOrderDate: true,
}

/** A candidate from comparison levels (fields not given are `missing`). */
export function candidate(levels: Partial<{ [F in ComparedField]: ComparisonLevel<F> }>, weight = 40, masterId = 'M-0001'): Candidate {
  const comparisons: FieldComparison[] = (Object.keys(levels) as ComparedField[]).map((field) => ({
    field,
    level: levels[field] as ComparisonLevel,
    weight: levels[field] === 'missing' ? 0 : 4,
  }))
  return { masterId, weight, probability: 2 ** weight / (1 + 2 ** weight), comparisons }
}

/** The strongest TIN-path candidate: TIN, names and the full address agree. */
export const TIN_FULL = { tin: 'exact', surname: 'exact', given_name: 'exact', address: 'full' } as const

/** Evidence for one request; by default a confident TIN match on the full address. */
export function evidence(over: { request?: Partial<RequestFacts>; best?: Candidate | null; status?: MatchResult['status']; rivals?: Candidate[]; requestId?: string } = {}): MatchResult {
  const best = over.best === null ? undefined : (over.best ?? candidate(TIN_FULL))
  return {
    requestId: over.requestId ?? 'R-1',
    status: over.status ?? (best === undefined ? 'none' : 'match'),
    request: { ...COMPLETE_REQUEST, ...over.request },
    ...(best === undefined ? {} : { best }),
    rivals: over.rivals ?? [],
    masterDigest: 'sha256:0000000000000000000000000000000000000000000000000000000000000001',
    modelDigest: 'sha256:0000000000000000000000000000000000000000000000000000000000000002',
  }
}

/** An authorised requester with no open safeguard findings and no disclosures yet. */
export const CONTEXT: RequestContext = { requester: 'dhs-ice', disclosuresSoFar: {}, safeguards: { openFindings: 0, correctivePlan: false } }

/** The day the IRS disclosed the 47,289 matches (docs/rules.md). */
export const DISCLOSURE_DAY = '2025-08-07T12:00:00Z'
