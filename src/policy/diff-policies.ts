/**
 * What changed between two versions of a policy document, in plain words: fields added to or
 * removed from disclosure, standards raised or lowered, dates moved, caps changed. Meant for the
 * people who sign agreements and for an overseer reading a new version.
 */
import { DISCLOSABLE_FIELDS, canonicalJson, expandDisclosureItem } from '../core/index.js'
import type { JsonValue } from '../core/index.js'
import type { AgreementDocument, PathStandard } from './agreement-schema.js'
import { fieldsOf, maskOf } from './field-mask.js'
import type { OrderDocument } from './order-schema.js'
import { ADDRESS_GRADE_RANK, MATCH_PATHS, startOf } from './schema-parts.js'
import type { MatchPath } from './schema-parts.js'
import type { ValidatedDocument } from './validate-document.js'
import { COMPARISON_LEVELS } from '../core/index.js'

/** How a change moves the document: `raised`/`lowered` for standards, `moved` for dates. */
export type ChangeKind = 'added' | 'removed' | 'raised' | 'lowered' | 'moved' | 'changed'

/** One change, with the document path it concerns and a sentence. */
export interface PolicyChange {
  readonly kind: ChangeKind
  readonly path: string
  readonly message: string
}

type Changes = PolicyChange[]

function text(out: Changes, path: string, label: string, a: string, b: string): void {
  if (a !== b) out.push({ kind: 'changed', path, message: `${label} changed from “${a}” to “${b}”` })
}

function date(out: Changes, path: string, label: string, a: string | undefined, b: string | undefined): void {
  if (a === b) return
  if (a === undefined) out.push({ kind: 'added', path, message: `${label} set to ${b}` })
  else if (b === undefined) out.push({ kind: 'removed', path, message: `${label} removed (was ${a}): now open-ended` })
  else out.push({ kind: 'moved', path, message: `${label} moved ${startOf(b) > startOf(a) ? 'later' : 'earlier'}, from ${a} to ${b}` })
}

function number(out: Changes, path: string, label: string, a: number, b: number, higherIsStricter: boolean): void {
  if (a === b) return
  const stricter = b > a === higherIsStricter
  out.push({ kind: stricter ? 'raised' : 'lowered', path, message: `${label} ${b > a ? 'increased' : 'decreased'} from ${a} to ${b} (${stricter ? 'stricter' : 'laxer'})` })
}

/** The borderline band: a higher weight sends more matches to people (stricter). */
function borderline(out: Changes, a: number | undefined, b: number | undefined): void {
  const path = 'review.matchesBelowWeight'
  if (a === b) return
  if (a === undefined) out.push({ kind: 'added', path, message: `borderline-review weight added: matches under ${b} bits now go to review before any disclosure` })
  else if (b === undefined) out.push({ kind: 'removed', path, message: `borderline-review weight removed: matches under ${a} bits are no longer sent to review` })
  else out.push({ kind: b > a ? 'raised' : 'lowered', path, message: `borderline-review weight ${b > a ? 'raised' : 'lowered'} from ${a} to ${b} bits (${b > a ? 'stricter' : 'laxer'})` })
}

function levelIndex(field: keyof typeof COMPARISON_LEVELS, level: string): number {
  return (COMPARISON_LEVELS[field] as readonly string[]).indexOf(level)
}

function pathStandard(out: Changes, p: MatchPath, a: PathStandard | undefined, b: PathStandard | undefined): void {
  const at = `match.${p}`
  if (a === undefined && b === undefined) return
  if (a === undefined) {
    out.push({ kind: 'added', path: at, message: `the ${p} path was added (requests ${p === 'tin' ? 'with' : 'without'} a TIN are matched on it)` })
    return
  }
  if (b === undefined) {
    out.push({ kind: 'removed', path: at, message: `the ${p} path was removed` })
    return
  }
  if (a.minStatus !== b.minStatus) {
    const raised = b.minStatus === 'match'
    out.push({ kind: raised ? 'raised' : 'lowered', path: `${at}.minStatus`, message: `the ${p} path’s least match status ${raised ? 'raised' : 'lowered'} from ${a.minStatus} to ${b.minStatus}` })
  }
  number(out, `${at}.minWeight`, `the ${p} path’s least match weight`, a.minWeight, b.minWeight, true)
  const fa = a.fields as Partial<Record<keyof typeof COMPARISON_LEVELS, string>>
  const fb = b.fields as Partial<Record<keyof typeof COMPARISON_LEVELS, string>>
  for (const f of Object.keys(COMPARISON_LEVELS) as (keyof typeof COMPARISON_LEVELS)[]) {
    const la = fa[f]
    const lb = fb[f]
    if (la === lb) continue
    const where = `${at}.fields.${f}`
    if (la === undefined) out.push({ kind: 'raised', path: where, message: `the ${p} path now requires ${f} to agree at least at “${lb}”` })
    else if (lb === undefined) out.push({ kind: 'lowered', path: where, message: `the ${p} path no longer requires ${f} to agree (was at least “${la}”)` })
    else {
      const raised = levelIndex(f, lb) < levelIndex(f, la)
      out.push({ kind: raised ? 'raised' : 'lowered', path: where, message: `the ${p} path’s ${f} standard ${raised ? 'raised' : 'lowered'} from “${la}” to “${lb}”` })
    }
  }
}

interface FieldRule {
  readonly grade: string | undefined
  readonly agreement: string | undefined
}

/** The rule governing each field on each path (validation guarantees at most one). */
function rulesByField(doc: AgreementDocument): Map<string, FieldRule> {
  const map = new Map<string, FieldRule>()
  const defined = MATCH_PATHS.filter((p) => doc.match[p] !== undefined)
  for (const rule of doc.disclose) {
    for (const p of rule.paths ?? defined) {
      for (const f of expandDisclosureItem(rule.field)) map.set(`${p}:${f}`, { grade: rule.minRequestAddressGrade, agreement: rule.minAddressAgreement })
    }
  }
  return map
}

function disclosure(out: Changes, a: AgreementDocument, b: AgreementDocument): void {
  const ra = rulesByField(a)
  const rb = rulesByField(b)
  // Group fields that changed the same way on the same path into one sentence.
  const groups = new Map<string, { kind: ChangeKind; path: MatchPath; words: string; fields: string[] }>()
  const add = (kind: ChangeKind, path: MatchPath, words: string, field: string): void => {
    const key = `${kind}|${path}|${words}`
    const g = groups.get(key) ?? { kind, path, words, fields: [] }
    g.fields.push(field)
    groups.set(key, g)
  }
  for (const p of MATCH_PATHS) {
    for (const f of DISCLOSABLE_FIELDS) {
      const x = ra.get(`${p}:${f}`)
      const y = rb.get(`${p}:${f}`)
      if (x === undefined && y === undefined) continue
      if (x === undefined) {
        add('added', p, `now disclosed on the ${p} path${y?.grade || y?.agreement ? '' : ' without any address check'}`, f)
        continue
      }
      if (y === undefined) {
        add('removed', p, `no longer disclosed on the ${p} path`, f)
        continue
      }
      if (x.grade !== y.grade) {
        const ga = x.grade === undefined ? 0 : ADDRESS_GRADE_RANK[x.grade as 'FULL']
        const gb = y.grade === undefined ? 0 : ADDRESS_GRADE_RANK[y.grade as 'FULL']
        add(gb > ga ? 'raised' : 'lowered', p, `on the ${p} path: least request-address grade ${gb > ga ? 'raised' : 'lowered'} from ${x.grade ?? 'none (no check)'} to ${y.grade ?? 'none (no check)'}`, f)
      }
      if (x.agreement !== y.agreement) {
        const la = x.agreement === undefined ? 99 : levelIndex('address', x.agreement)
        const lb = y.agreement === undefined ? 99 : levelIndex('address', y.agreement)
        add(lb < la ? 'raised' : 'lowered', p, `on the ${p} path: least address agreement ${lb < la ? 'raised' : 'lowered'} from ${x.agreement ?? 'none (no check)'} to ${y.agreement ?? 'none (no check)'}`, f)
      }
    }
  }
  for (const g of groups.values()) {
    const names = describeFields(g.fields)
    out.push({ kind: g.kind, path: 'disclose', message: `${names}: ${g.words}` })
  }
}

function describeFields(fields: readonly string[]): string {
  const mask = maskOf(fields as never)
  const address = maskOf(['address'])
  const parts: string[] = []
  let rest = mask
  if ((rest & address) === address) {
    parts.push('address fields')
    rest &= ~address
  }
  parts.push(...fieldsOf(rest))
  return parts.join(', ')
}

function agreementDiff(a: AgreementDocument, b: AgreementDocument): Changes {
  const out: Changes = []
  text(out, 'id', 'the id', a.id, b.id)
  text(out, 'version', 'the version', a.version, b.version)
  text(out, 'title', 'the title', a.title, b.title)
  text(out, 'parties.disclosing.id', 'the disclosing party', a.parties.disclosing.id, b.parties.disclosing.id)
  text(out, 'parties.requesting.id', 'the requesting party', a.parties.requesting.id, b.parties.requesting.id)
  const authA = new Set(a.parties.requesting.authorised)
  const authB = new Set(b.parties.requesting.authorised)
  for (const x of authB) if (!authA.has(x)) out.push({ kind: 'added', path: 'parties.requesting.authorised', message: `${x} may now sign requests` })
  for (const x of authA) if (!authB.has(x)) out.push({ kind: 'removed', path: 'parties.requesting.authorised', message: `${x} may no longer sign requests` })
  text(out, 'legalBasis', 'the legal basis', a.legalBasis, b.legalBasis)
  text(out, 'purpose', 'the purpose', a.purpose, b.purpose)
  date(out, 'effective.from', 'the start date', a.effective.from, b.effective.from)
  date(out, 'effective.until', 'the expiry date', a.effective.until, b.effective.until)
  const reqA = new Set(a.request.required)
  const reqB = new Set(b.request.required)
  for (const x of reqB) if (!reqA.has(x)) out.push({ kind: 'raised', path: 'request.required', message: `requests must now state ${x}` })
  for (const x of reqA) if (!reqB.has(x)) out.push({ kind: 'lowered', path: 'request.required', message: `requests no longer need to state ${x}` })
  if (a.request.minNameGrade !== b.request.minNameGrade) {
    const raised = b.request.minNameGrade === 'FULL'
    out.push({ kind: raised ? 'raised' : 'lowered', path: 'request.minNameGrade', message: `the least request name grade ${raised ? 'raised' : 'lowered'} from ${a.request.minNameGrade} to ${b.request.minNameGrade}` })
  }
  if (a.match.requireDobOrTin !== b.match.requireDobOrTin) {
    out.push(
      b.match.requireDobOrTin
        ? { kind: 'raised', path: 'match.requireDobOrTin', message: 'a match now requires the date of birth or the TIN to agree' }
        : { kind: 'lowered', path: 'match.requireDobOrTin', message: 'a match no longer requires the date of birth or the TIN to agree (name and address may suffice)' },
    )
  }
  for (const p of MATCH_PATHS) pathStandard(out, p, a.match[p], b.match[p])
  disclosure(out, a, b)
  const capsA = new Map(a.caps.map((c) => [c.period, c.maxDisclosures]))
  const capsB = new Map(b.caps.map((c) => [c.period, c.maxDisclosures]))
  for (const [period, max] of capsB) {
    const old = capsA.get(period)
    if (old === undefined) out.push({ kind: 'added', path: 'caps', message: `a cap of ${max} disclosures per ${period} was added` })
    else number(out, 'caps', `the cap per ${period}`, old, max, false)
  }
  for (const [period, max] of capsA) if (!capsB.has(period)) out.push({ kind: 'removed', path: 'caps', message: `the cap of ${max} disclosures per ${period} was removed` })
  if (a.review.possibleMatches !== b.review.possibleMatches) {
    out.push({ kind: 'changed', path: 'review.possibleMatches', message: b.review.possibleMatches ? 'possible matches now go to review instead of being withheld' : 'possible matches are now withheld instead of going to review' })
  }
  borderline(out, a.review.matchesBelowWeight, b.review.matchesBelowWeight)
  number(out, 'review.approvers', 'the approvers needed for a review', a.review.approvers, b.review.approvers, true)
  number(out, 'retention.days', 'the days the recipient may keep the data', a.retention.days, b.retention.days, false)
  text(out, 'retention.disposal', 'the disposal method', a.retention.disposal, b.retention.disposal)
  return out
}

function orderDiff(a: OrderDocument, b: OrderDocument): Changes {
  const out: Changes = []
  text(out, 'id', 'the id', a.id, b.id)
  text(out, 'court', 'the court', a.court, b.court)
  text(out, 'case', 'the case', a.case, b.case)
  text(out, 'title', 'the title', a.title, b.title)
  date(out, 'issued', 'the issue date', a.issued, b.issued)
  date(out, 'effective.from', 'the effective date', a.effective.from, b.effective.from)
  date(out, 'effective.until', 'the end date', a.effective.until, b.effective.until)
  for (const scope of ['agreements', 'parties'] as const) {
    const sa = new Set(a.binds[scope] ?? [])
    const sb = new Set(b.binds[scope] ?? [])
    for (const x of sb) if (!sa.has(x)) out.push({ kind: 'added', path: `binds.${scope}`, message: `now binds ${x}` })
    for (const x of sa) if (!sb.has(x)) out.push({ kind: 'removed', path: `binds.${scope}`, message: `no longer binds ${x}` })
  }
  const actA = new Set(a.actions.map((x) => canonicalJson(x as unknown as JsonValue)))
  const actB = new Set(b.actions.map((x) => canonicalJson(x as unknown as JsonValue)))
  for (const x of actB) if (!actA.has(x)) out.push({ kind: 'added', path: 'actions', message: `action added: ${x}` })
  for (const x of actA) if (!actB.has(x)) out.push({ kind: 'removed', path: 'actions', message: `action removed: ${x}` })
  return out
}

/**
 * The changes from `before` to `after`, in plain words. Two documents of different kinds differ
 * in kind only.
 *
 * @example
 * diffPolicies(asRun, corrected).map((c) => c.message)
 * // ['address fields: on the tin path: least request-address grade raised from none (no check) to FULL', …]
 */
export function diffPolicies(before: ValidatedDocument, after: ValidatedDocument): readonly PolicyChange[] {
  if (before.kind === 'agreement' && after.kind === 'agreement') return agreementDiff(before.document, after.document)
  if (before.kind === 'order' && after.kind === 'order') return orderDiff(before.document, after.document)
  return [{ kind: 'changed', path: 'kind', message: `the documents are of different kinds (${before.kind}, ${after.kind})` }]
}
