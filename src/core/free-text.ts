/**
 * Free text a person types that reaches the ledger or the pages (a review note, a reviewer's or
 * certifier's name, a party's name, the detail of a disposal): it may hold any printable
 * character, tabs and line breaks, and nothing else. Control characters (NUL, escape sequences
 * that repaint a terminal) and the Unicode bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE
 * and its kin, which make "approve" display as "evorppa" and hide what a note says: CVE-2021-42574,
 * "Trojan Source") are refused, naming the character and where it is, never silently kept or
 * dropped: what the ledger records is exactly what the person typed, and the person sees why it
 * was refused.
 */
import { InvalidInputError } from './errors.js'
import type { Issue } from './issue.js'

/** The code of a refused free text. */
export const FREE_TEXT_ISSUE = 'forbidden_character'

/** Names of the characters refused that have one (Unicode's), for the message. */
const NAMES: Readonly<Record<number, string>> = {
  0x00: 'NUL',
  0x0d: 'CARRIAGE RETURN (not followed by a line feed)',
  0x1b: 'ESCAPE',
  0x7f: 'DELETE',
  0x061c: 'ARABIC LETTER MARK',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
}

/**
 * C0 controls but tab and line feed, a carriage return not followed by a line feed (a browser
 * sends a textarea's line breaks as CR LF), DEL, C1 controls, the bidirectional marks, embeddings,
 * overrides and isolates, and unpaired surrogates (which no encoding can write; with the `u` flag
 * a surrogate matches only when it is not half of a pair).
 */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern finds
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)|[\ud800-\udfff]/u
/** The same characters, every one of them. */
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'gu')

/** `U+202E RIGHT-TO-LEFT OVERRIDE`, `U+0000 NUL`. */
function describe(char: string): string {
  const code = char.codePointAt(0)!
  const hex = code.toString(16).toUpperCase().padStart(4, '0')
  const name = NAMES[code] ?? (code <= 0x9f ? 'a control character' : 'an unpaired surrogate')
  return `U+${hex} ${name}`
}

/**
 * The problem with a free text, or undefined when it may be kept: the first character refused,
 * with its code point, name and 1-based position.
 *
 * @example
 * freeTextIssue('same DOB\u202e', 'reason')?.message
 * // 'reason: character 9 is U+202E RIGHT-TO-LEFT OVERRIDE: control and bidirectional-override characters are not accepted in free text'
 */
export function freeTextIssue(text: string, field: string): Issue | undefined {
  const match = FORBIDDEN.exec(text)
  if (!match) return undefined
  const position = [...text.slice(0, match.index)].length + 1
  return {
    code: FREE_TEXT_ISSUE,
    message: `${field}: character ${position} is ${describe(match[0])}: control and bidirectional-override characters are not accepted in free text`,
    path: { field },
  }
}

/**
 * Refuses a free text holding a control or bidirectional-override character (an
 * `InvalidInputError` naming the field, the character and its position); returns it unchanged
 * otherwise.
 *
 * @example
 * const note = checkFreeText(input.reason, 'reason')
 */
export function checkFreeText(text: string, field: string): string {
  const issue = freeTextIssue(text, field)
  if (issue) throw new InvalidInputError(issue.message, { issues: [issue] })
  return text
}

/**
 * The text without the characters `checkFreeText` refuses: for showing a refused note back to
 * the person who typed it, to correct and send again (never to keep it in place of the note).
 *
 * @example
 * withoutForbiddenCharacters('approve\u202e') // 'approve'
 */
export function withoutForbiddenCharacters(text: string): string {
  return text.replace(FORBIDDEN_ALL, '')
}
