/**
 * Helpers for intake's tests: write a file into a fresh temporary folder and read it whole.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CanonicalRecord, Issue } from '../../src/core/index.js'
import type { IntakeIssue } from '../../src/intake/intake-issue.js'
import { openRecords, type IntakeSummary, type OpenOptions } from '../../src/intake/open-records.js'

/** Writes `content` as `name` in a new `verigate-` temporary folder and returns its path. */
export function writeTemp(name: string, content: string | Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

/** Everything a read gives: the good rows (with lines), the issues and the summary. */
export interface ReadAll {
  readonly records: readonly CanonicalRecord[]
  readonly lines: readonly number[]
  readonly issues: readonly IntakeIssue[]
  readonly summary: IntakeSummary
}

/** Opens a file and reads every row. */
export async function readAll(path: string, options: OpenOptions = {}): Promise<ReadAll> {
  const source = await openRecords(path, options)
  const records: CanonicalRecord[] = []
  const lines: number[] = []
  for await (const row of source.rows()) {
    records.push(row.record)
    lines.push(row.line)
  }
  return { records, lines, issues: source.issues, summary: source.summary() }
}

/** Each issue as `[code, line, field]` for compact assertions. */
export function issueKeys(issues: readonly Issue[]): (string | number | undefined)[][] {
  return issues.map((i) => [i.code, i.path?.line, i.path?.field])
}
