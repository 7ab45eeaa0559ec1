/**
 * Reading match evidence from JSON Lines (one `MatchResult` per line, as `verigate link --explain`
 * writes it). Each line is checked against the evidence contract of src/core/evidence.ts; members
 * beyond the contract (explanations) are dropped, so the evidence digest covers exactly what a
 * decision reads.
 */
import { z } from 'zod'
import { COMPARISON_LEVELS, HOLD_CODES, fail, ok } from '../core/index.js'
import type { Issue, MatchResult, Result } from '../core/index.js'

const FIELDS = Object.keys(COMPARISON_LEVELS) as [keyof typeof COMPARISON_LEVELS, ...(keyof typeof COMPARISON_LEVELS)[]]

/**
 * A comparison of a field that core's COMPARISON_LEVELS knows must use one of its levels. Fields
 * it does not know (link may compare more, e.g. a name suffix) are kept, and no rule reads them.
 */
const comparison = z
  .object({ field: z.string().min(1), level: z.string(), weight: z.number() })
  .refine((c) => !(FIELDS as readonly string[]).includes(c.field) || (COMPARISON_LEVELS[c.field as (typeof FIELDS)[number]] as readonly string[]).includes(c.level), {
    message: 'not a comparison level of this field',
    path: ['level'],
  })

const candidate = z.object({ masterId: z.string(), weight: z.number(), probability: z.number(), comparisons: z.array(comparison) })

const grade = <T extends string>(values: readonly [T, ...T[]]) => z.enum(values)

const matchResult = z.object({
  requestId: z.string().min(1),
  status: z.enum(['match', 'possible', 'ambiguous', 'none']),
  request: z.object({
    name: grade(['FULL', 'PARTIAL', 'NONE']),
    address: grade(['FULL', 'STREET', 'LOCALITY', 'NONE']),
    addressReasons: z.array(z.string()),
    hasDob: z.boolean(),
    hasTin: z.boolean(),
    caseRef: z.string(),
    hasTaxPeriods: z.boolean(),
    hasStatute: z.boolean(),
    hasReasons: z.boolean(),
    hasOrderDate: z.boolean(),
  }),
  best: candidate.optional(),
  rivals: z.array(candidate),
  /** Why the best candidate is held below `match`; absent in evidence written before holds existed. */
  holds: z.array(z.object({ code: z.enum(HOLD_CODES), message: z.string() })).optional(),
  masterDigest: z.string(),
  modelDigest: z.string(),
})

/**
 * Parses JSON Lines of match evidence; blank lines are skipped. Every bad line is reported with
 * its line number and the member at fault.
 *
 * @example
 * const r = parseEvidenceLines(readFileSync('evidence.jsonl', 'utf8'), 'evidence.jsonl')
 */
export function parseEvidenceLines(source: string, file = '(text)'): Result<readonly MatchResult[]> {
  const results: MatchResult[] = []
  const issues: Issue[] = []
  const lines = source.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (line === '') continue
    let data: unknown
    try {
      data = JSON.parse(line)
    } catch (e) {
      issues.push({ code: 'invalid_json', message: `not JSON: ${(e as Error).message}`, path: { file, line: i + 1 } })
      continue
    }
    const parsed = matchResult.safeParse(data)
    if (parsed.success) results.push(parsed.data as MatchResult)
    else {
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('.')
        issues.push({ code: 'invalid_evidence', message: `${field || '(line)'}: ${issue.message}`, path: { file, line: i + 1, field } })
      }
    }
  }
  return issues.length > 0 ? fail(issues) : ok(results)
}
