/**
 * One CSV record into fields, by the grammar of RFC 4180 section 2: fields split by a delimiter;
 * a field in double quotes may hold delimiters, line breaks and `""` (one quote). Two common
 * liberties are taken, as csv-parse's `ltrim` option does: spaces before an opening quote and after
 * a closing one are allowed (FEBRL writes `a, "b"`). A quote anywhere else is an error, never
 * guessed around.
 */

/** Delimiters tried when none is given, in order of preference on a tie. */
export const SNIFFED_DELIMITERS = [',', ';', '\t', '|'] as const

/** Why a record could not be split. */
export interface CsvRecordError {
  readonly error: 'malformed_quote' | 'unbalanced_quote'
  readonly detail: string
  /** 0-based index of the field where the problem is. */
  readonly fieldIndex: number
}

/**
 * Picks the delimiter of a header line: the candidate found most often outside quotes, `,` when
 * none is found (a one-column file).
 *
 * @example
 * sniffDelimiter('rec_id; given_name; surname') // ';'
 */
export function sniffDelimiter(headerLine: string): string {
  const counts = new Map<string, number>()
  let quoted = false
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted
    else if (!quoted && (SNIFFED_DELIMITERS as readonly string[]).includes(char)) counts.set(char, (counts.get(char) ?? 0) + 1)
  }
  let best: string = ','
  let bestCount = 0
  for (const candidate of SNIFFED_DELIMITERS) {
    const count = counts.get(candidate) ?? 0
    if (count > bestCount) {
      best = candidate
      bestCount = count
    }
  }
  return best
}

/** The number of `"` in a string: odd means a quoted field is still open at its end. */
export function countQuotes(text: string, from = 0): number {
  let count = 0
  let at = text.indexOf('"', from)
  while (at !== -1) {
    count++
    at = text.indexOf('"', at + 1)
  }
  return count
}

function isBlank(char: string, delimiter: string): boolean {
  return (char === ' ' || char === '\t') && char !== delimiter
}

/**
 * Splits a complete record (line breaks inside quoted fields included) into its raw fields. A
 * record without any quote is split directly, which RFC 4180's grammar makes exact.
 *
 * @example
 * splitCsvRecord('1, "Smith, Jr", "say ""hi"""', ',') // ['1', 'Smith, Jr', 'say "hi"']
 */
export function splitCsvRecord(text: string, delimiter: string): string[] | CsvRecordError {
  if (text.indexOf('"') === -1) return text.split(delimiter)
  const fields: string[] = []
  const end = text.length
  let at = 0
  for (;;) {
    let start = at
    while (start < end && isBlank(text.charAt(start), delimiter)) start++
    if (start < end && text.charCodeAt(start) === 34) {
      // A quoted field: up to the next quote that is not doubled.
      let value = ''
      let from = start + 1
      for (;;) {
        const close = text.indexOf('"', from)
        if (close === -1) return { error: 'unbalanced_quote', detail: 'no closing quote before the end of the row', fieldIndex: fields.length }
        value += text.slice(from, close)
        if (text.charCodeAt(close + 1) === 34) {
          value += '"'
          from = close + 2
        } else {
          at = close + 1
          break
        }
      }
      while (at < end && isBlank(text.charAt(at), delimiter)) at++
      fields.push(value)
      if (at >= end) return fields
      if (!text.startsWith(delimiter, at)) {
        return { error: 'malformed_quote', detail: `text after a closing quote: ${JSON.stringify(text.slice(at, at + 10))}`, fieldIndex: fields.length - 1 }
      }
      at += delimiter.length
      continue
    }
    const next = text.indexOf(delimiter, at)
    const stop = next === -1 ? end : next
    const quote = text.indexOf('"', at)
    if (quote !== -1 && quote < stop) {
      return { error: 'malformed_quote', detail: 'a quote inside an unquoted field', fieldIndex: fields.length }
    }
    fields.push(text.slice(at, stop))
    if (next === -1) return fields
    at = next + delimiter.length
  }
}
