/**
 * The decision engine. `compilePolicy(agreement, orders)` turns validated documents into lookup
 * tables once (field bit masks, level ranks, every reason sentence written out ahead of time), so
 * that its `decide(evidence, request, asOf)` is a tight, allocation-light pure function: no I/O,
 * no clock, the same inputs always giving the same decision.
 *
 * The rules are docs/rules.md's "Rules Verigate encodes"; those that the 2025 agreement ran laxly
 * (the TIN path's missing address check, the ZIP-like address check, matching without DOB or
 * TIN) are settings of the agreement, so the incident replays under the same code.
 */
import { VerigateError, digest } from '../core/index.js'
import type { Decision, DecisionReason, Digest, DocumentRef, JsonValue, MatchResult, RequestContext } from '../core/index.js'
import { compileOrder, compilePath, ELEMENT_CODES, ELEMENT_WORDS, orderBinds, ordersInForce } from './compile-rules.js'
import type { CompiledPath, Unit } from './compile-rules.js'
import { FIELD_BIT, describeMask, fieldsOf } from './field-mask.js'
import { dayPlus, instantMs } from './instant.js'
import type { Instant } from './instant.js'
import {
  ADDRESS_CAP,
  ADDRESS_LEVELS,
  DIFFERENT,
  DOB_IDENTIFIES,
  GIVEN_NAME_AGREES,
  LEVEL_INDEX,
  MISSING_ADDRESS,
  STATUS_RANK,
  TIN_IDENTIFIES,
} from './levels.js'
import { ANSWER_REASONS, UNVERIFIED_NOTICE, reason } from './reasons.js'
import { ADDRESS_GRADE_RANK, MATCH_PATHS, endOf, startOf } from './schema-parts.js'
import type { MatchPath } from './schema-parts.js'
import { isValidatedDocument } from './validate-document.js'
import type { ValidatedAgreement, ValidatedOrder } from './validate-document.js'

/** The version of these rules, recorded in every decision (bump it when a rule's meaning changes). */
export const RULE_SET_VERSION = 'verigate-decide/1'

export type { Instant } from './instant.js'

/** A compiled agreement plus orders: decide many requests fast under the same documents. */
export interface CompiledPolicy {
  readonly agreement: ValidatedAgreement
  readonly orders: readonly ValidatedOrder[]
  /**
   * Decides one request. `evidenceDigest` is the digest of `evidence` when the caller already has
   * it (prepared evidence); otherwise it is computed here.
   */
  decide(evidence: MatchResult, request: RequestContext, asOf: Instant, evidenceDigest?: Digest): Decision
}

/** How a policy is compiled for its caller. */
export interface CompileOptions {
  /**
   * The decisions are re-decisions of cases people have reviewed and approved (the workflow's
   * release of reviewed cases): the agreement's borderline band (`review.matchesBelowWeight`) is
   * what that review was for, so it is satisfied and not applied again. Every other rule holds.
   */
  readonly reviewed?: boolean
}

/** Everything that depends only on the decision time, computed once per distinct `asOf`. */
interface TimeState {
  readonly ms: number
  readonly iso: string
  readonly disposeBy: string
  readonly blocks: readonly DecisionReason[]
  readonly forbidMask: number
  readonly forbidReasons: readonly { readonly mask: number; readonly reason: DecisionReason }[]
  readonly pathStates: Readonly<Record<MatchPath, PathState | null>>
  readonly requireDobOrTin: DecisionReason | null
  readonly reviewApprovers: number
  readonly reviewReasons: readonly DecisionReason[]
  readonly orderRefs: readonly DocumentRef[]
}

interface PathState {
  readonly path: CompiledPath
  /** Permitted and not forbidden by an order in force. */
  readonly mask: number
  readonly units: readonly Unit[]
  /** Set when the mask is empty: nothing may be disclosed on this path at all. */
  readonly empty: DecisionReason | null
}

/**
 * Compiles validated documents into a fast decision function. Orders that do not bind the
 * agreement (by agreement id or party) are dropped here; those that do are applied whenever the
 * decision time falls within their effective period.
 *
 * @example
 * const policy = compilePolicy(agreement, orders)
 * const decision = policy.decide(evidence, { requester: 'dhs-ice', disclosuresSoFar: {}, safeguards: { openFindings: 0, correctivePlan: false } }, '2025-08-07T12:00:00Z')
 */
export function compilePolicy(agreement: ValidatedAgreement, orders: readonly ValidatedOrder[], options: CompileOptions = {}): CompiledPolicy {
  if (!isValidatedDocument(agreement) || agreement.kind !== 'agreement') throw new VerigateError('invalid_document', 'decisions are made only under a validated agreement')
  for (const o of orders) if (!isValidatedDocument(o) || o.kind !== 'order') throw new VerigateError('invalid_document', 'decisions are made only under validated court orders')
  const doc = agreement.document
  const agreementRef: DocumentRef = Object.freeze({ id: doc.id, version: doc.version, digest: agreement.digest })
  const source = `${doc.id} ${doc.version}`
  const from = startOf(doc.effective.from)
  const until = endOf(doc.effective.until)
  const notYet = reason('AGREEMENT_NOT_YET_IN_EFFECT', `agreement ${source} takes effect on ${doc.effective.from}`)
  const expired = reason('AGREEMENT_EXPIRED', `agreement ${source} expired after ${doc.effective.until}`)
  const authorised = new Set(doc.parties.requesting.authorised)
  const notAuthorised = reason('REQUESTER_NOT_AUTHORISED', `the requester is not among those the agreement authorises (${doc.parties.requesting.authorised.join(', ')})`)
  const safeguardsOpen = reason('SAFEGUARD_FINDINGS_OPEN', `${doc.parties.requesting.name} has open safeguard findings and no corrective action plan (IRS Publication 1075)`)
  const caps = doc.caps.map((c) => ({
    period: c.period,
    max: c.maxDisclosures,
    reached: reason('VOLUME_CAP_REACHED', `the agreement’s cap of ${c.maxDisclosures} disclosures per ${c.period} is reached`, { field: c.period }),
  }))
  const required = doc.request.required.map((e) => ({ element: e, missing: reason(ELEMENT_CODES[e], `the request does not state ${ELEMENT_WORDS[e]}`, { field: e }) }))
  const review = doc.review
  const minNameRank = doc.request.minNameGrade === 'FULL' ? 2 : 1
  const nameRequired = doc.request.required.includes('name')
  const nameInsufficient = reason('REQUEST_NAME_INSUFFICIENT', `the request’s name is not complete enough: the agreement requires a ${doc.request.minNameGrade} name`)
  const paths: Record<MatchPath, CompiledPath | null> = { tin: null, address: null }
  for (const p of MATCH_PATHS) {
    const standard = doc.match[p]
    if (standard !== undefined) paths[p] = compilePath(agreement, p, standard)
  }
  const noPath = reason('NO_MATCH_PATH', 'the agreement has no match path for this request (it states no TIN and the agreement defines only the TIN path)')
  const agreementNoIdentifier = doc.match.requireDobOrTin
    ? reason('MATCH_NO_IDENTIFIER', 'the agreement requires the date of birth or the TIN to agree, and neither does')
    : null
  const surnameAddressOnly = reason(
    'MATCH_SURNAME_ADDRESS_ONLY',
    'neither the date of birth, the TIN nor the given name agrees: surname and address alone are never a match (shared surnames, shared homes)',
  )
  const matchNone = reason('MATCH_NONE', 'no candidate reached the possible-match threshold')
  const ambiguous = reason('MATCH_AMBIGUOUS', 'a rival candidate is within the margin of the best one: never guess between two people')
  const tie = reason('MATCH_TIE', 'more than one candidate is at or above the match threshold')
  const possible = reason('MATCH_POSSIBLE', 'the best candidate is a possible match only; the agreement sends possible matches to review')
  // A disclosure below this weight goes to people first (5 U.S.C. 552a(p); the PVS clerical band).
  // -Infinity when the agreement sets no band or the case was already reviewed: one compare per decision.
  const borderlineWeight = options.reviewed === true ? -Infinity : (review.matchesBelowWeight ?? -Infinity)
  const borderline = reason(
    'MATCH_BORDERLINE',
    `the best candidate's match weight is below ${review.matchesBelowWeight ?? 0} bits, the agreement's borderline band: people verify the match before anything is disclosed`,
  )
  const nothing = reason('NOTHING_RELEASABLE', 'no permitted field met its release conditions')
  const releasedReasons = new Map<number, DecisionReason>()
  const released = (mask: number): DecisionReason => {
    let r = releasedReasons.get(mask)
    if (r === undefined) {
      r = reason('FIELDS_RELEASED', `released: ${fieldsOf(mask).join(', ')}`)
      releasedReasons.set(mask, r)
    }
    return r
  }
  const notRequestedReasons = new Map<number, DecisionReason>()
  const notRequested = (mask: number): DecisionReason => {
    let r = notRequestedReasons.get(mask)
    if (r === undefined) {
      r = reason('FIELD_NOT_REQUESTED', `not released because the request’s purpose does not need them: ${fieldsOf(mask).join(', ')}`, { field: describeMask(mask) })
      notRequestedReasons.set(mask, r)
    }
    return r
  }
  const compiledOrders = orders.filter((o) => orderBinds(o, doc.id, doc.parties.disclosing.id, doc.parties.requesting.id)).map(compileOrder)

  const timeState = (ms: number): TimeState => {
    const blocks: DecisionReason[] = []
    if (ms < from) blocks.push(notYet)
    else if (ms >= until) blocks.push(expired)
    const active = ordersInForce(compiledOrders, ms)
    let forbidMask = 0
    const forbidReasons: { mask: number; reason: DecisionReason }[] = []
    const orderUnits: Unit[] = []
    let requireDobOrTin: DecisionReason | null = agreementNoIdentifier
    let reviewApprovers = 0
    const reviewReasons: DecisionReason[] = []
    for (const o of active) {
      if (o.forbidAll) blocks.push(o.forbidAll)
      if (o.forbidReason) {
        forbidMask |= o.forbidMask
        forbidReasons.push({ mask: o.forbidMask, reason: o.forbidReason })
      }
      orderUnits.push(...o.units)
      if (o.requireDobOrTin && requireDobOrTin === null) requireDobOrTin = o.requireDobOrTin
      if (o.reviewReason) {
        reviewApprovers = Math.max(reviewApprovers, o.reviewApprovers)
        reviewReasons.push(o.reviewReason)
      }
    }
    const pathState = (p: CompiledPath | null): PathState | null => {
      if (p === null) return null
      const mask = p.permitted & ~forbidMask
      return {
        path: p,
        mask,
        units: [...p.units, ...orderUnits],
        empty: mask === 0 ? reason('NO_FIELD_PERMITTED', `no field the agreement permits on the ${p.path} path may be disclosed under the orders in force`) : null,
      }
    }
    return {
      ms,
      iso: new Date(ms).toISOString(),
      disposeBy: dayPlus(ms, doc.retention.days),
      blocks,
      forbidMask,
      forbidReasons,
      pathStates: { tin: pathState(paths.tin), address: pathState(paths.address) },
      requireDobOrTin,
      reviewApprovers,
      reviewReasons,
      orderRefs: Object.freeze(active.map((o) => o.ref)),
    }
  }

  let lastInput: Instant | undefined
  let last: TimeState | undefined
  const stateAt = (asOf: Instant): TimeState => {
    // Strings and numbers are values; a Date may have been changed since, so its time is re-read.
    if (last !== undefined && asOf === lastInput && typeof asOf !== 'object') return last
    const ms = instantMs(asOf)
    if (last === undefined || last.ms !== ms) last = timeState(ms)
    lastInput = asOf
    return last
  }

  const purpose = doc.purpose
  const legalBasis = doc.legalBasis
  const recipient = doc.parties.requesting.id
  const discloser = doc.parties.disclosing.id
  const disposal = doc.retention.disposal

  const decide = (evidence: MatchResult, request: RequestContext, asOf: Instant, evidenceDigest?: Digest): Decision => {
    const t = stateAt(asOf)
    const facts = evidence.request
    const reasons: DecisionReason[] = t.blocks.length === 0 ? [] : [...t.blocks]
    let blocked = reasons.length > 0
    if (!authorised.has(request.requester)) {
      reasons.push(notAuthorised)
      blocked = true
    }
    if (request.safeguards.openFindings > 0 && !request.safeguards.correctivePlan) {
      reasons.push(safeguardsOpen)
      blocked = true
    }
    for (let i = 0; i < caps.length; i++) {
      const c = caps[i]!
      if ((request.disclosuresSoFar[c.period] ?? 0) >= c.max) {
        reasons.push(c.reached)
        blocked = true
      }
    }

    // The request's own elements: refused outright when one is missing.
    let refused = false
    for (let i = 0; i < required.length; i++) {
      const r = required[i]!
      let stated: boolean
      switch (r.element) {
        case 'name':
          stated = facts.name !== 'NONE'
          break
        case 'address':
          stated = facts.address !== 'NONE'
          break
        case 'tax_periods':
          stated = facts.hasTaxPeriods
          break
        case 'statute':
          stated = facts.hasStatute
          break
        case 'reasons':
          stated = facts.hasReasons
          break
        case 'case_ref':
          stated = facts.caseRef.trim() !== ''
          break
        case 'order_date':
          stated = facts.hasOrderDate
          break
        case 'dob_or_tin':
          stated = facts.hasDob || facts.hasTin
          break
      }
      if (!stated) {
        reasons.push(r.missing)
        refused = true
      }
    }
    if ((facts.name === 'FULL' ? 2 : facts.name === 'PARTIAL' ? 1 : 0) < minNameRank && !(facts.name === 'NONE' && nameRequired)) {
      reasons.push(nameInsufficient)
      refused = true
    }

    // The path: a request with a TIN takes the TIN path; every path makes its own address decision.
    const ps = (facts.hasTin ? t.pathStates.tin : null) ?? t.pathStates.address
    let mask = 0
    if (ps === null) {
      reasons.push(noPath)
      blocked = true
    } else if (ps.empty !== null) {
      for (let i = 0; i < t.forbidReasons.length; i++) reasons.push(t.forbidReasons[i]!.reason)
      reasons.push(ps.empty)
      blocked = true
    } else {
      mask = ps.mask
      for (let i = 0; i < t.forbidReasons.length; i++) {
        const f = t.forbidReasons[i]!
        if ((f.mask & ps.path.permitted) !== 0) reasons.push(f.reason)
      }
      const wanted = request.fieldsRequested
      if (wanted !== undefined) {
        let wantedMask = 0
        for (let i = 0; i < wanted.length; i++) wantedMask |= FIELD_BIT.get(wanted[i]!) ?? 0
        const dropped = mask & ~wantedMask
        if (dropped !== 0) reasons.push(notRequested(dropped))
        mask &= wantedMask
        if (mask === 0) blocked = true
      }
    }

    // The evidence.
    const best = evidence.best
    const grade = facts.address
    let given = LEVEL_INDEX.given_name.missing ?? 7
    let dob = LEVEL_INDEX.dob.missing ?? 6
    let tin = LEVEL_INDEX.tin.missing ?? 4
    let suffix = LEVEL_INDEX.suffix.missing ?? 2
    let surname = LEVEL_INDEX.surname.missing ?? 6
    let address = MISSING_ADDRESS
    if (best !== undefined) {
      const cs = best.comparisons
      for (let i = 0; i < cs.length; i++) {
        const c = cs[i]!
        switch (c.field) {
          case 'given_name':
            given = LEVEL_INDEX.given_name[c.level] ?? given
            break
          case 'surname':
            surname = LEVEL_INDEX.surname[c.level] ?? surname
            break
          case 'dob':
            dob = LEVEL_INDEX.dob[c.level] ?? dob
            break
          case 'address':
            address = LEVEL_INDEX.address[c.level] ?? address
            break
          case 'tin':
            tin = LEVEL_INDEX.tin[c.level] ?? tin
            break
          case 'suffix':
            suffix = LEVEL_INDEX.suffix[c.level] ?? suffix
            break
        }
      }
      const cap = ADDRESS_CAP[grade]
      if (address < cap) address = cap
    }
    let matchFailed = false
    let needsReview = false
    const status = evidence.status
    if (best === undefined || status === 'none') {
      reasons.push(matchNone)
      matchFailed = true
    } else if (ps !== null) {
      const p = ps.path
      // A possible match sent to people is below the match weight by definition: the weight
      // standard is theirs to judge, every other rule still applies.
      let weighed = true
      if (status === 'ambiguous') {
        reasons.push(ambiguous)
        needsReview = true
      } else if (STATUS_RANK[status]! > p.minStatus) {
        if (review.possibleMatches) {
          reasons.push(possible)
          needsReview = true
          weighed = false
        } else {
          reasons.push(p.statusFailed)
          matchFailed = true
        }
      }
      const rivals = evidence.rivals
      for (let i = 0; i < rivals.length; i++) {
        if (rivals[i]!.weight >= p.minWeight) {
          reasons.push(tie)
          needsReview = true
          break
        }
      }
      if (weighed && best.weight < p.minWeight) {
        reasons.push(p.weightFailed)
        matchFailed = true
      }
      for (let i = 0; i < p.required.length; i++) {
        const r = p.required[i]!
        const f = r.field
        const level = f === 'given_name' ? given : f === 'surname' ? surname : f === 'dob' ? dob : f === 'address' ? address : f === 'tin' ? tin : suffix
        if (level > r.maxIndex || level >= DIFFERENT[r.field]) {
          reasons.push(r.failed)
          matchFailed = true
        }
      }
      const identified = dob <= DOB_IDENTIFIES || tin <= TIN_IDENTIFIES
      if (!identified && dob >= DIFFERENT.dob && tin >= DIFFERENT.tin && given > GIVEN_NAME_AGREES) {
        reasons.push(surnameAddressOnly)
        matchFailed = true
      } else if (!identified && t.requireDobOrTin !== null) {
        reasons.push(t.requireDobOrTin)
        matchFailed = true
      }
    }
    const verified = ps !== null && best !== undefined && !matchFailed && !needsReview
    if (verified && ps !== null) reasons.push(ps.path.verified)

    // Field by field: each rule's and each order's conditions.
    let releasable = 0
    if (ps !== null && best !== undefined && mask !== 0) {
      releasable = mask
      const gradeRank = ADDRESS_GRADE_RANK[grade]
      const units = ps.units
      for (let i = 0; i < units.length; i++) {
        const u = units[i]!
        if ((u.mask & releasable) === 0) continue
        if (u.minGrade >= 0 && gradeRank < u.minGrade) {
          reasons.push(u.gradeReasons[gradeRank]!)
          releasable &= ~u.mask
        } else if (u.maxAddressIndex >= 0 && (address > u.maxAddressIndex || address >= DIFFERENT.address)) {
          reasons.push(u.agreementReasons[address]!)
          releasable &= ~u.mask
        }
      }
      if (verified && !blocked && !refused) {
        for (let i = 0; i < units.length; i++) {
          const u = units[i]!
          if (u.unchecked !== null && (u.mask & releasable) !== 0) reasons.push(u.unchecked)
        }
      }
    }

    let outcome: Decision['outcome']
    let answer: DecisionReason
    let approvers = 0
    if (blocked) {
      outcome = 'withhold'
      answer = ANSWER_REASONS.NOT_PERMITTED
    } else if (refused) {
      outcome = 'withhold'
      answer = ANSWER_REASONS.REQUEST_INCOMPLETE
    } else if (matchFailed) {
      outcome = 'withhold'
      answer = ANSWER_REASONS.NOT_VERIFIED
    } else if (needsReview) {
      outcome = 'review'
      answer = ANSWER_REASONS.UNDER_REVIEW
      approvers = Math.max(review.approvers, t.reviewApprovers)
    } else if (releasable === 0) {
      reasons.push(nothing)
      outcome = 'withhold'
      answer = ANSWER_REASONS.NOT_VERIFIED
    } else if (t.reviewApprovers > 0 || (best !== undefined && best.weight < borderlineWeight)) {
      if (best !== undefined && best.weight < borderlineWeight) reasons.push(borderline)
      for (let i = 0; i < t.reviewReasons.length; i++) reasons.push(t.reviewReasons[i]!)
      outcome = 'review'
      answer = ANSWER_REASONS.UNDER_REVIEW
      approvers = Math.max(review.approvers, t.reviewApprovers)
    } else {
      reasons.push(released(releasable))
      outcome = 'disclose'
      answer = ANSWER_REASONS.DISCLOSED
    }
    return {
      requestId: evidence.requestId,
      outcome,
      verified,
      fields: outcome === 'disclose' ? fieldsOf(releasable) : fieldsOf(0),
      masterId: outcome === 'withhold' || best === undefined ? null : best.masterId,
      reasons,
      answer,
      review: outcome === 'review' ? { approvers } : null,
      // Written out member by member: an object spread here cost more than the rest of decide.
      useLimits: { purpose, legalBasis, caseRef: facts.caseRef, recipient, disposeBy: t.disposeBy, disposal, noRedisclosure: true, notice: UNVERIFIED_NOTICE },
      basis: {
        path: ps === null ? null : ps.path.path,
        status,
        weight: best === undefined ? null : best.weight,
        requestAddress: grade,
        addressAgreement: ADDRESS_LEVELS[address] ?? 'missing',
        identified: dob <= DOB_IDENTIFIES || tin <= TIN_IDENTIFIES,
      },
      agreement: agreementRef,
      discloser,
      recipient,
      requester: request.requester,
      orders: t.orderRefs,
      evidenceDigest: evidenceDigest ?? digest(evidence as unknown as JsonValue),
      ruleSetVersion: RULE_SET_VERSION,
      asOf: t.iso,
      releaseCheck: null,
    }
  }
  return Object.freeze({ agreement, orders, decide })
}

