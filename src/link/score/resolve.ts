/**
 * Resolution: from a request's scored candidates, its status. Never guess between two people: a
 * rival (another person) within the margin of the best, or a second person above the match
 * threshold, makes the request `ambiguous` (docs/rules.md rule 5). Two master rows are the same
 * person, not rivals, when they carry the same TIN, or one an ITIN and the other an SSN, or no
 * TIN on either side, with the same given name, surname, full date of birth and suffix (see
 * `samePerson`).
 * Surname and address without an agreeing date of birth or TIN never make a `match` (rule 6):
 * that is enforced here, whatever the weights say. Whatever holds a best candidate below
 * `match` is named by a hold code (`holdsOf`, src/core/hold-reason.ts) in the evidence.
 */
import type { Candidate, HoldCode, HoldReason, MatchResult, MatchStatus, RequestFacts } from '../../core/index.js'
import { holdReason } from '../../core/index.js'
import { type MasterIndex, REC, RECORD_STRIDE, suffixOfFlags } from '../index/index.js'
import { weightToProbability } from '../model/index.js'
import { ADDRESS, DOB, F_ADDRESS, F_DOB, F_GIVEN, F_SUFFIX, F_SURNAME, F_TIN, GIVEN, SUFFIX, SURNAME, TIN } from './compare-pair.js'

/** Resolution settings. */
export interface ResolveSettings {
  /** Match probability at or above which an unrivalled best candidate is a `match` (default 0.95). */
  readonly matchThreshold: number
  /** Match probability at or above which a best candidate is at least `possible` (default 0.5). */
  readonly possibleThreshold: number
  /** A rival whose weight is within this many bits of the best makes the request ambiguous (default 8). */
  readonly ambiguityMargin: number
  /**
   * Require the date of birth or the TIN to agree (exactly or within one keying error) for a
   * `match` (docs/rules.md rule 6). Default true.
   */
  readonly requireIdentifierAgreement: boolean
  /**
   * Household guard: when surname and address agree but the given name or the date of birth
   * disagrees, the candidate is another member of the household (a spouse, a child, a twin, the
   * SR of a JR), never a `match`, whatever the weights say. Default true.
   */
  readonly householdGuard: boolean
  /**
   * Match probability an uncorroborated best candidate needs (default 0.99): one whose TIN does
   * not agree and whose address agrees on no more than the city (or is missing), so that names
   * and the date of birth alone carry it. Fellegi–Sunter's independence assumption is weakest
   * there (given names go with surnames, both with birth cohorts), and the generated incident
   * data show it: at the plain threshold a third of such links at another address were a
   * stranger with the same name and birthday. A weakly identified candidate needs it too (see
   * `weaklyIdentified`).
   */
  readonly uncorroboratedThreshold: number
  /**
   * Match probability an uncorroborated best candidate needs when the TIN cannot speak (missing
   * on either side; default 0.998): then names and the date of birth are all there is, and at ten
   * million generated records half of the wrong links left were a stranger with the same full
   * name and birthday at another address, at probabilities between 0.99 and 0.994. (With TINs on
   * both sides that disagree, the weights have already counted the disagreement.)
   */
  readonly silentTinThreshold: number
  /**
   * Middle-name guard: when both records give a middle name (or initial) and the initials
   * differ, the candidate is another person (a father and a son, cousins named for one
   * grandfather, YOUNG HEE and YOUNG SOO), never a `match` unless the TIN agrees. A name swap
   * (the given name found in the other's surname) is exempt: its "middle name" is a surname
   * part. Default true.
   */
  readonly middleNameGuard: boolean
}

export const DEFAULT_RESOLVE_SETTINGS: ResolveSettings = {
  matchThreshold: 0.95,
  possibleThreshold: 0.5,
  ambiguityMargin: 8,
  requireIdentifierAgreement: true,
  householdGuard: true,
  uncorroboratedThreshold: 0.99,
  silentTinThreshold: 0.998,
  middleNameGuard: true,
}

/**
 * True when `tin` is an IRS individual taxpayer identification number: nine digits beginning
 * with 9, the fourth and fifth in 50–65, 70–88, 90–92 or 94–99 (IRS, "ITIN" range notice).
 */
export function isItin(tin: number): boolean {
  if (tin < 900_000_000 || tin > 999_999_999) return false
  const group = Math.floor(tin / 10_000) % 100
  return (group >= 50 && group <= 65) || (group >= 70 && group <= 88) || (group >= 90 && group <= 92) || group >= 94
}

/**
 * True when master rows `a` and `b` are records of one person: the same TIN; or one an ITIN and
 * the other an SSN (an ITIN holder who later got an SSN files under both) with the same given
 * name, surname, full date of birth and suffix; or, lacking a TIN on either row, the same name,
 * date of birth and suffix (an older address on file). Two different SSNs are two people.
 */
export function samePerson(index: MasterIndex, a: number, b: number): boolean {
  // Read in place (no facts objects): the linker asks this of every candidate after the best.
  const r = index.arrays.records
  const x = a * RECORD_STRIDE
  const y = b * RECORD_STRIDE
  return samePersonOf(
    r[x + REC.tin] as number,
    r[y + REC.tin] as number,
    r[x + REC.dob] as number,
    r[y + REC.dob] as number,
    r[x + REC.given] as number,
    r[y + REC.given] as number,
    r[x + REC.surname] as number,
    r[y + REC.surname] as number,
    suffixOfFlags(r[x + REC.flags] as number),
    suffixOfFlags(r[y + REC.flags] as number),
  )
}

/** The rule of `samePerson` over two rows' TINs, dates of birth, name codes and suffixes. */
function samePersonOf(ta: number, tb: number, dob: number, dobB: number, given: number, givenB: number, surname: number, surnameB: number, suffix: number, suffixB: number): boolean {
  if (ta > 0 && tb > 0) {
    if (ta === tb) return true
    if (isItin(ta) === isItin(tb)) return false
  }
  return dob > 0 && dob % 100 > 0 && dob === dobB && given >= 0 && given === givenB && surname >= 0 && surname === surnameB && suffix === suffixB
}

/**
 * What `samePerson` compares of a master row: codes of the whole index's dictionary (every shard
 * carries it), so the facts of rows of two shards compare as those of one index.
 */
export interface PersonFacts {
  /** The TIN as a number (0 when absent). */
  readonly tin: number
  /** The date of birth as `yyyymmdd` (0 when unknown, 00 for an unknown day). */
  readonly dob: number
  /** Dictionary codes of the given name and surname (-1 when absent). */
  readonly given: number
  readonly surname: number
  /** The generational suffix's code. */
  readonly suffix: number
}

/** The `PersonFacts` of master row `row`. */
export function personFacts(index: MasterIndex, row: number): PersonFacts {
  const r = index.arrays.records
  const x = row * RECORD_STRIDE
  return { tin: r[x + REC.tin] as number, dob: r[x + REC.dob] as number, given: r[x + REC.given] as number, surname: r[x + REC.surname] as number, suffix: suffixOfFlags(r[x + REC.flags] as number) }
}

/** `samePerson` over the facts of two rows. */
export function samePersonFacts(a: PersonFacts, b: PersonFacts): boolean {
  return samePersonOf(a.tin, b.tin, a.dob, b.dob, a.given, b.given, a.surname, b.surname, a.suffix, b.suffix)
}

/** True when the levels show the date of birth or TIN agreeing, as rule 6 asks of a match. */
export function identifierAgrees(levels: Uint8Array): boolean {
  const dob = levels[F_DOB] as number
  const tin = levels[F_TIN] as number
  return dob === DOB.exact || dob === DOB.swapped || dob === DOB.oneDigit || dob === DOB.yearOneDigit || tin === TIN.exact || tin === TIN.oneDigit || tin === TIN.transposition
}

/**
 * True when something beside the names and the date of birth ties the pair together: the TIN
 * agrees (exactly or within one keying error), or the address agrees at least on the ZIP code.
 */
export function corroborated(levels: Uint8Array): boolean {
  const address = levels[F_ADDRESS] as number
  return tinAgrees(levels) || address === ADDRESS.full || address === ADDRESS.houseNumberStreet || address === ADDRESS.street || address === ADDRESS.zip
}

/**
 * True when the TIN cannot speak (missing on either side) and the identity rests on a near
 * agreement: a name only at Jaro–Winkler mid (TORREQ for TORRES CABRERA, ANTONIO for ANTHONY),
 * or the date of birth only within a keying error or a day–month swap. Such a pair is as likely a near-twin
 * (the same given name and surname in the same town, born days apart) as the person with a typo,
 * so it needs the stricter threshold of uncorroborated pairs.
 */
export function weaklyIdentified(levels: Uint8Array): boolean {
  if (levels[F_TIN] !== TIN.missing) return false
  const dob = levels[F_DOB] as number
  const given = levels[F_GIVEN] as number
  return levels[F_SURNAME] === SURNAME.jwMid || given === GIVEN.jwMid || given === GIVEN.shortOneEdit || dob === DOB.oneDigit || dob === DOB.yearOneDigit || dob === DOB.swapped
}

/** True when at least one of the names agrees in some degree. */
export function nameAgrees(levels: Uint8Array): boolean {
  const given = levels[F_GIVEN] as number
  const surname = levels[F_SURNAME] as number
  return (given !== GIVEN.different && given !== GIVEN.missing) || (surname !== SURNAME.different && surname !== SURNAME.missing)
}

/**
 * True when the levels look like another member of the same household: the address agrees, and
 * the surname agrees and the generational suffix disagrees (JR and SR: two people whatever the
 * TIN says), or no exact (or transposed) TIN agreement says otherwise (members of a household do
 * not share a TIN) and the surname differs with a date of birth not exactly the same (a
 * flatmate, an in-law), or the surname agrees and the date of birth disagrees (a parent, a
 * child, a spouse), or the given name disagrees with no exactly agreeing date of birth to
 * outweigh it.
 *
 * When the TIN cannot speak (missing on either side), two more patterns are another member: the
 * given name disagreeing beside the same birthday (twins, or a spouse born the same day: one
 * couple in 365, so tens of thousands in a national file), and a date of birth one keying error
 * or a day–month swap away (twins, siblings born days apart). Nothing else in such a pair tells
 * the member from the person; at ten million generated records these two patterns were every
 * household member linked wrongly. With TINs on both sides that differ, the model weighs the
 * disagreement, since the TIN is what tells household members apart.
 */
export function looksLikeHouseholdMember(levels: Uint8Array, middleInitialsAgree = false): boolean {
  return householdKind(levels, middleInitialsAgree) !== null
}

/**
 * Which household guard the levels trip (see `looksLikeHouseholdMember`), as the hold code a
 * reviewer reads: `SUFFIX_DIFFERS` (a JR and a SR), `DOB_DISAGREES` (same surname, another
 * birthday: a parent, a child, a spouse), `TWIN_GUARD` (the TIN cannot speak and the given name
 * differs beside the same birthday, or the birthday is one keying error or a swap away),
 * `HOUSEHOLD_MEMBER` (another surname, or another given name without the same birthday); null
 * when none does.
 */
export function householdKind(levels: Uint8Array, middleInitialsAgree = false): 'SUFFIX_DIFFERS' | 'DOB_DISAGREES' | 'TWIN_GUARD' | 'HOUSEHOLD_MEMBER' | null {
  const surname = levels[F_SURNAME] as number
  const address = levels[F_ADDRESS] as number
  if (address !== ADDRESS.full && address !== ADDRESS.houseNumberStreet) return null
  // A JR and a SR (a II and a III) of one surname at one home are two people, whatever else
  // agrees: a son given his father's SSN, or one keyed a digit off it, is how the two get mixed
  // up in a file, so not even an agreeing TIN makes them one here. (Where one date of birth is
  // missing, the suffix is all that tells them apart.)
  if (levels[F_SUFFIX] === SUFFIX.different && surname !== SURNAME.different && surname !== SURNAME.missing) return 'SUFFIX_DIFFERS'
  // Two adjacent digits swapped is a keying error; a sibling's number issued in sequence
  // differs in one digit instead, so only that stays suspect.
  if (levels[F_TIN] === TIN.exact || levels[F_TIN] === TIN.transposition) return null
  const dob = levels[F_DOB] as number
  // A shared home (flatmates, in-laws, a step-parent) has members of other surnames: at one
  // address, a different surname with a date of birth that is not exactly the same is another
  // member, whatever the given name says (MARIO LUIS MENDEZ, 1960, beside MARIO SALAZAR, 1990).
  // A TIN one digit off is a keying error there (a sibling's number issued in sequence shares
  // the surname, handled below).
  if (surname === SURNAME.different) return dob !== DOB.exact && levels[F_TIN] !== TIN.oneDigit ? 'HOUSEHOLD_MEMBER' : null
  if (surname === SURNAME.missing) return null
  if (dob === DOB.yearMonth || dob === DOB.year || dob === DOB.different) return 'DOB_DISAGREES'
  const given = levels[F_GIVEN] as number
  // A day–month swap, or a year one digit (and at most ten years) off with the same day and
  // month, is a keying error when the given name agrees: no sibling is born with the day and
  // month of another's birthday swapped in the same year, or on the same birthday a year or two
  // apart, under the same given name (parents do not give two children one name; a JR and his
  // SR are decades apart, and their suffixes tell them apart above). Beside any weaker given
  // name agreement it stays another member's pattern.
  const givenAgrees = given === GIVEN.exact || given === GIVEN.nickname || given === GIVEN.jwHigh
  const keyedDate = (dob === DOB.swapped || dob === DOB.yearOneDigit) && givenAgrees
  // A short given name one letter off (JON and JAN, AVA and ANA) is a typo or a twin; at home,
  // with no TIN to tell them apart, it is taken for the twin unless both records give the same
  // middle initial (twins are given different middle names).
  const twinName = given === GIVEN.shortOneEdit && !middleInitialsAgree
  if (levels[F_TIN] === TIN.missing) {
    if (dob === DOB.oneDigit || ((dob === DOB.swapped || dob === DOB.yearOneDigit) && !keyedDate)) return 'TWIN_GUARD'
    // The same birthday beside another given name is a twin (or a spouse born the same day);
    // with no birthday to compare, just another member.
    if (given === GIVEN.different) return dob === DOB.exact ? 'TWIN_GUARD' : 'HOUSEHOLD_MEMBER'
    if (twinName) return 'TWIN_GUARD'
  }
  // Another given name beside a date one keying error away is as likely a twin or a sibling
  // born days apart as a typo: only an exact date of birth leaves it to the weights.
  return given === GIVEN.different && dob !== DOB.exact ? 'HOUSEHOLD_MEMBER' : null
}

/** True when the TIN agrees exactly or within one keying error. */
function tinAgrees(levels: Uint8Array): boolean {
  const tin = levels[F_TIN] as number
  return tin === TIN.exact || tin === TIN.oneDigit || tin === TIN.transposition
}

/**
 * True when a candidate with these levels and this probability may be a `match`;
 * `middleInitialsDiffer` says both records give a middle name and their initials differ,
 * `middleInitialsAgree` that both give one and the initials agree.
 */
export function mayMatch(levels: Uint8Array, probability: number, settings: ResolveSettings, middleInitialsDiffer = false, middleInitialsAgree = false): boolean {
  if (probability < settings.matchThreshold) return false
  if (settings.middleNameGuard && middleInitialsDiffer && levels[F_GIVEN] !== GIVEN.transposed && !tinAgrees(levels)) return false
  if (settings.requireIdentifierAgreement && !identifierAgrees(levels)) return false
  if (settings.householdGuard && looksLikeHouseholdMember(levels, middleInitialsAgree)) return false
  if (probability < settings.uncorroboratedThreshold && (!corroborated(levels) || weaklyIdentified(levels))) return false
  if (probability < settings.silentTinThreshold && levels[F_TIN] === TIN.missing && !corroborated(levels)) return false
  // With neither name agreeing, only an exact TIN, or a TIN within one keying error beside an
  // agreeing date of birth, still makes a match (a badly keyed name, not another person), and
  // only when the weights carry it over the threshold.
  const tin = levels[F_TIN] as number
  return nameAgrees(levels) || tin === TIN.exact || (tin !== TIN.different && tin !== TIN.missing && dobAgrees(levels))
}

function dobAgrees(levels: Uint8Array): boolean {
  const dob = levels[F_DOB] as number
  return dob === DOB.exact || dob === DOB.swapped || dob === DOB.oneDigit || dob === DOB.yearOneDigit
}

/**
 * Every reason `mayMatch` would refuse a candidate with these levels and this probability, in
 * the order it checks them: empty exactly when `mayMatch` is true (the tests enumerate every
 * level vector to hold the two together). Not on the hot path: asked only of a best candidate
 * held below `match`.
 */
export function holdCodes(levels: Uint8Array, probability: number, settings: ResolveSettings, middleInitialsDiffer = false, middleInitialsAgree = false): HoldCode[] {
  const codes: HoldCode[] = []
  if (probability < settings.matchThreshold) codes.push('BELOW_MATCH_THRESHOLD')
  if (settings.middleNameGuard && middleInitialsDiffer && levels[F_GIVEN] !== GIVEN.transposed && !tinAgrees(levels)) codes.push('MIDDLE_INITIAL_DIFFERS')
  if (settings.requireIdentifierAgreement && !identifierAgrees(levels)) codes.push('NO_DOB_OR_TIN')
  const household = settings.householdGuard ? householdKind(levels, middleInitialsAgree) : null
  if (household !== null) codes.push(household)
  if (probability < settings.uncorroboratedThreshold) {
    if (!corroborated(levels)) codes.push('UNCORROBORATED')
    else if (weaklyIdentified(levels)) codes.push('WEAKLY_IDENTIFIED')
  }
  if (probability < settings.silentTinThreshold && levels[F_TIN] === TIN.missing && !corroborated(levels)) codes.push('SILENT_TIN')
  const tin = levels[F_TIN] as number
  if (!(nameAgrees(levels) || tin === TIN.exact || (tin !== TIN.different && tin !== TIN.missing && dobAgrees(levels)))) codes.push('NO_NAME_AGREES')
  return codes
}

/**
 * Why a request's best candidate is held below `match` (its status `possible` or `ambiguous`):
 * the rivals that made it ambiguous, then the best candidate's own holds, then
 * `SEX_OF_GIVEN_NAME` where `givenSexDiffers` (the given names are of different sexes, which
 * made the given name `different` and so tripped a guard). Empty for `match` and `none`.
 */
export function holdsOf(status: MatchStatus, best: Scored | undefined, rivals: readonly Scored[], settings: ResolveSettings, givenSexDiffers = false): HoldReason[] {
  if (best === undefined || (status !== 'possible' && status !== 'ambiguous')) return []
  const codes: HoldCode[] = []
  if (status === 'ambiguous') {
    if (rivals.some((r) => best.weight - r.weight < settings.ambiguityMargin)) codes.push('RIVAL_CLOSE')
    if (rivals.some((r) => mayMatch(r.levels, r.probability, settings, r.middleInitialsDiffer, r.middleInitialsAgree))) codes.push('RIVAL_ALSO_MATCHES')
  }
  codes.push(...holdCodes(best.levels, best.probability, settings, best.middleInitialsDiffer, best.middleInitialsAgree))
  if (givenSexDiffers && best.levels[F_GIVEN] === GIVEN.different && codes.length > 0) codes.push('SEX_OF_GIVEN_NAME')
  return codes.map(holdReason)
}

/** A scored candidate as resolution sees it. */
export interface Scored {
  readonly row: number
  readonly weight: number
  readonly probability: number
  readonly levels: Uint8Array
  /** Both records give a middle name and their initials differ (see `middleNameGuard`). */
  readonly middleInitialsDiffer?: boolean
  /** Both records give a middle name and their initials agree (see `looksLikeHouseholdMember`). */
  readonly middleInitialsAgree?: boolean
}

/**
 * The status of a request from its candidates (strongest first) and the best candidate's
 * rivals (other people).
 */
export function resolveStatus(best: Scored | undefined, rivals: readonly Scored[], settings: ResolveSettings): MatchStatus {
  if (!best || best.probability < settings.possibleThreshold) return 'none'
  for (const r of rivals) {
    if (best.weight - r.weight < settings.ambiguityMargin || mayMatch(r.levels, r.probability, settings, r.middleInitialsDiffer, r.middleInitialsAgree)) return 'ambiguous'
  }
  return mayMatch(best.levels, best.probability, settings, best.middleInitialsDiffer, best.middleInitialsAgree) ? 'match' : 'possible'
}

/**
 * A request's candidates ranked strongest first (by weight, then by the whole index's row), as
 * resolution reads them: lazily, so the linker's hot loop materialises only the candidates that
 * decide. The single-process linker and the merge of shards' candidates (merge.ts) both resolve
 * through `resolveRanked`: one decision path.
 */
export interface RankedCandidates {
  readonly length: number
  /** The weight of the candidate at rank `k`. */
  weight(k: number): number
  /** True when the candidate at rank `k` is a record of the same person as the best (rank 0; see `samePerson`). */
  sameAsBest(k: number): boolean
  /** The candidate at rank `k` as resolution sees it. */
  scored(k: number): Scored
  /** True when the given names of the request and of the candidate at rank `k` are of different sexes. */
  givenSexDiffers(k: number): boolean
}

/** What resolution decided of a request: the status, the best candidate, its rivals and holds. */
export interface Resolution {
  readonly status: MatchStatus
  /** Rank 0, when there is a candidate. */
  readonly best?: Scored
  /** The rivals considered (other people), strongest first; a result lists the first `maxRivals`. */
  readonly rivals: readonly Scored[]
  /** The ranks of `rivals`. */
  readonly rivalRanks: readonly number[]
  /** Why the best is held below `match` (see `holdsOf`). */
  readonly holds: readonly HoldReason[]
}

/**
 * Resolves a request's ranked candidates: the best, its rivals (candidates of other people, down
 * to where no later one can change the status or be listed among `maxRivals`), the status and
 * the holds.
 */
export function resolveRanked(ranked: RankedCandidates, settings: ResolveSettings, maxRivals: number): Resolution {
  const n = ranked.length
  const best = n > 0 ? ranked.scored(0) : undefined
  const rivals: Scored[] = []
  const rivalRanks: number[] = []
  if (best) {
    for (let k = 1; k < n; k++) {
      if (ranked.sameAsBest(k)) continue
      const weight = ranked.weight(k)
      // Only rivals that can change the status or be listed are materialised.
      if (rivals.length >= maxRivals && best.weight - weight >= settings.ambiguityMargin && weightToProbability(weight) < settings.matchThreshold) break
      rivals.push(ranked.scored(k))
      rivalRanks.push(k)
    }
  }
  const status = resolveStatus(best, rivals, settings)
  // Whatever holds the best candidate below `match` is named (absent otherwise, so the
  // evidence of a `match` or a `none` is what it was before hold reasons existed).
  const holds = best && (status === 'possible' || status === 'ambiguous') ? holdsOf(status, best, rivals, settings, ranked.givenSexDiffers(0)) : []
  return { status, ...(best ? { best } : {}), rivals, rivalRanks, holds }
}

/**
 * The result of a resolved request: the evidence of the best candidate and of the first
 * `maxRivals` rivals (`evidenceAt` gives a candidate's evidence by rank), the holds and digests.
 */
export function resultOf(requestId: string, facts: RequestFacts, resolution: Resolution, evidenceAt: (rank: number, scored: Scored) => Candidate, maxRivals: number, masterDigest: string, modelDigest: string): MatchResult {
  const { status, best, rivals, rivalRanks, holds } = resolution
  return {
    requestId,
    status,
    request: facts,
    ...(best ? { best: evidenceAt(0, best) } : {}),
    rivals: rivals.slice(0, maxRivals).map((r, i) => evidenceAt(rivalRanks[i] as number, r)),
    ...(holds.length > 0 ? { holds } : {}),
    masterDigest,
    modelDigest,
  }
}
