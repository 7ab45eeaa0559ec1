/**
 * The seam between file formats and the rest of intake: each format (CSV, JSON Lines, Parquet)
 * turns its file into rows of raw values aligned with its columns, or into issues for rows it
 * cannot read. Mapping onto canonical fields, the size limit and the duplicate check are shared.
 */
import type { IntakeIssue } from './intake-issue.js'

/** One row as the file holds it: a value (or nothing) per column of the file. */
export interface RawRow {
  readonly values: readonly (string | undefined)[]
  /** 1-based line (CSV, JSON Lines) or row number (Parquet) where the row starts. */
  readonly line: number
  /** Where to find the row again for an exact duplicate re-check: byte offset or row index. */
  readonly locator: number
}

/** A row the format could not read. */
export interface BadRow {
  readonly issue: IntakeIssue
}

/** What a format yields per row read. */
export type RawItem = RawRow | BadRow

/** True when the item is an unreadable row. */
export function isBadRow(item: RawItem): item is BadRow {
  return (item as BadRow).issue !== undefined
}

/** A file opened by one format, header already read. */
export interface FormatReader {
  /** The file's columns, in file order. */
  readonly columns: readonly string[]
  /** Problems with the file as a whole that do not stop reading (e.g. a repeated column name). */
  readonly fileIssues: readonly IntakeIssue[]
  /**
   * Limits reading to these column positions, where the format can skip the others (Parquet);
   * values of other columns may then be `undefined`.
   */
  select?(columns: readonly number[]): void
  /** About how many rows a file of this many bytes holds, from the rows read at open; undefined when unknown. */
  estimateRows?(fileBytes: number): number | undefined
  /** Every row after the header, in batches, in file order. Callable once. */
  batches(): AsyncIterable<readonly RawItem[]>
  /** The values of the row at `locator` (from a `RawRow`), read again from the file. */
  valuesAt(locator: number): Promise<readonly (string | undefined)[] | undefined>
  /** Releases the file. Safe to call more than once. */
  close(): Promise<void>
}

/** Limits every format honours. */
export interface FormatLimits {
  readonly maxFieldBytes: number
}
