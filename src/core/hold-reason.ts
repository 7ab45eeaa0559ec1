/**
 * Hold reasons: why the linker kept a request's best candidate below `match`. A closed list of
 * codes, each with its plain words, carried in the match evidence (`MatchResult.holds`) so that
 * `verigate link --explain`, the review page and the API can say why a candidate at a high
 * probability was not linked. docs/rules.md ("Why a candidate is held below match") lists them.
 *
 * Codes never change meaning once released; the words may be improved. Identification
 * sufficiency as the agreement states it (`match.requireDobOrTin`) is applied by the decision
 * and has its own decision reason (`MATCH_NO_IDENTIFIER`); `NO_DOB_OR_TIN` is the linker's own
 * rule 6 guard, which holds such a candidate at `possible` whatever the agreement says.
 */

/** Every hold code and its plain words, in the order the linker checks them. */
export const HOLD_REASONS = {
  RIVAL_CLOSE: 'Another person’s record scores within the ambiguity margin of the best candidate: the linker never guesses between two people.',
  RIVAL_ALSO_MATCHES: 'Another person’s record would be a match on its own: the linker never guesses between two people.',
  BELOW_MATCH_THRESHOLD: 'The match probability is below the match threshold.',
  MIDDLE_INITIAL_DIFFERS: 'Both records give a middle name and the initials differ (a father and a son, cousins named for one grandfather), and the TIN does not agree.',
  NO_DOB_OR_TIN: 'Neither the date of birth nor the TIN agrees (rule 6, identification sufficiency): names and an address alone never make a match.',
  SUFFIX_DIFFERS: 'Same surname at the same address with different generational suffixes (JR and SR, II and III): two people.',
  HOUSEHOLD_MEMBER: 'The candidate lives at the same address and looks like another member of the household: another surname, or another given name without the same birthday.',
  DOB_DISAGREES: 'Same surname at the same address, but the date of birth disagrees: a parent, a child or a spouse rather than the person.',
  TWIN_GUARD: 'Same surname at the same address, the TIN cannot tell them apart (missing on one side), and either the given name differs beside the same birthday or the birthday is one keying error or a day–month swap away: a twin or a sibling as likely as the person.',
  SEX_OF_GIVEN_NAME: 'The given names are of different sexes (MARIO and MARIA, DANIEL and DANIELLE): a brother and a sister, not a typo.',
  UNCORROBORATED: 'Nothing beside the names and the date of birth ties the pair together (neither the TIN nor the address to the ZIP code), and the probability is below the stricter threshold such pairs need.',
  WEAKLY_IDENTIFIED: 'The TIN cannot speak and the identity rests on a near agreement (a name only roughly alike, or a date of birth one keying error or a day–month swap away), and the probability is below the stricter threshold such pairs need.',
  SILENT_TIN: 'The TIN is missing on one side and nothing but names and the date of birth agree, and the probability is below the strictest threshold, for pairs with no TIN.',
  NO_NAME_AGREES: 'Neither the given name nor the surname agrees, and the TIN does not carry the link (exactly, or within one keying error beside an agreeing date of birth).',
} as const

/** A hold code (the contract). */
export type HoldCode = keyof typeof HOLD_REASONS

/** Every hold code, in the order of `HOLD_REASONS`. */
export const HOLD_CODES = Object.keys(HOLD_REASONS) as [HoldCode, ...HoldCode[]]

/** One reason a candidate is held below `match`: its code and its plain words. */
export interface HoldReason {
  readonly code: HoldCode
  /** The plain words of the code (`HOLD_REASONS[code]`), copied so the evidence reads alone. */
  readonly message: string
}

/** The hold reason of a code, with its plain words. */
export function holdReason(code: HoldCode): HoldReason {
  return { code, message: HOLD_REASONS[code] }
}
