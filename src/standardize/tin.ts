/**
 * Taxpayer identification numbers: SSN, ITIN and EIN are all nine digits (26 CFR 301.6109-1),
 * written with or without dashes (`123-45-6789`, `12-3456789`).
 */
import type { StandardizeIssueCode } from './issues.js'

/** A standardized identifier with what was wrong with it. */
export interface TinResult {
  /** 9 digits; or 7–8 digits kept for linking non-US data (with `tin_not_us`); or empty. */
  readonly value: string
  readonly issues: readonly StandardizeIssueCode[]
}

/**
 * Nine-digit values that are never a real TIN or are what forms get filled with. Only rules that
 * hold for SSNs, ITINs and EINs alike are applied, since the kind is not known: no SSN has area
 * 000 and no EIN has prefix 00 (so a leading `000` is invalid for all three); ascending and
 * descending runs and a single repeated digit are placeholders; 078-05-1121 is the specimen SSN
 * printed on the 1938 Woolworth wallet card, which the SSA voided (SSA, "Social Security Cards
 * Issued by Woolworth"). Group 00 or serial 0000 are invalid SSNs but valid in EINs, so kept.
 */
function isPlaceholderNine(d: string): boolean {
  if (d === '123456789' || d === '987654321' || d === '012345678' || d === '078051121') return true
  let same = true
  for (let i = 1; i < 9; i++) if (d.charCodeAt(i) !== d.charCodeAt(0)) same = false
  return same || d.startsWith('000')
}

const EMPTY: TinResult = { value: '', issues: ['tin_missing'] }

/**
 * Standardizes a taxpayer number, reporting why it was dropped. Seven- and eight-digit values
 * are kept (flagged `tin_not_us`) because synthetic linkage datasets such as FEBRL carry a
 * 7-digit `soc_sec_id` that is the strongest identifier they have; they are never a valid US TIN,
 * and {@link standardizeTin} (the strict form) drops them.
 *
 * @example
 * standardizeTinDetailed('123-45-6789') // { value: '', issues: ['tin_invalid'] } (a placeholder)
 * standardizeTinDetailed('5304218')     // { value: '5304218', issues: ['tin_not_us'] }
 */
export function standardizeTinDetailed(text: string | undefined): TinResult {
  if (text === undefined) return EMPTY
  let digits = ''
  let other = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) digits += text[i]
    else if (c !== 45 && c !== 32 && c !== 9 && c !== 46) other++
  }
  if (digits.length === 0 && other === 0) return EMPTY
  if (other > 0) return { value: '', issues: ['tin_invalid'] }
  if (digits.length === 9) return isPlaceholderNine(digits) ? { value: '', issues: ['tin_invalid'] } : { value: digits, issues: [] }
  if (digits.length === 7 || digits.length === 8) {
    return /^(\d)\1*$/.test(digits) ? { value: '', issues: ['tin_invalid'] } : { value: digits, issues: ['tin_not_us'] }
  }
  return { value: '', issues: ['tin_invalid'] }
}

/**
 * Standardizes a US taxpayer number to its nine digits, or '' when it is absent, not nine
 * digits, or a placeholder such as `000-00-0000` or `123-45-6789`.
 *
 * @example
 * standardizeTin('512-34-8761') // '512348761'
 * standardizeTin('5304218')     // ''
 */
export function standardizeTin(text: string | undefined): string {
  const result = standardizeTinDetailed(text)
  return result.value.length === 9 ? result.value : ''
}
