/**
 * Turns document text (YAML or JSON) into a validated, deep-frozen policy document with the digest
 * of its canonical form, or into every problem found, each with its path, line and a readable
 * message (docs/design.md, *Documents are validated once, at the edge*). Only this module can make a validated document,
 * so a decision can never be made under one that failed validation.
 */
import { LineCounter, parseDocument } from 'yaml'
import type { Node } from 'yaml'
import type { z } from 'zod'
import { digest, fail, ok } from '../core/index.js'
import type { Digest, Issue, JsonValue, Result } from '../core/index.js'
import { agreementSchema } from './agreement-schema.js'
import type { AgreementDocument } from './agreement-schema.js'
import { orderSchema } from './order-schema.js'
import type { OrderDocument } from './order-schema.js'

/** Codes of the problems a policy document can have. */
export type PolicyIssueCode =
  | 'syntax_error'
  | 'unknown_kind'
  | 'unknown_field'
  | 'missing_field'
  | 'wrong_type'
  | 'invalid_value'
  | 'too_small'
  | 'too_large'
  | 'invalid_format'
  | 'dates_out_of_order'
  | 'no_match_path'
  | 'undefined_path'
  | 'field_governed_twice'
  | 'duplicate_cap'
  | 'duplicate_element'
  | 'no_binding'
  | 'empty_condition'

/** Marks documents made by this module; not exported, so no other code can forge one. */
const VALIDATED: unique symbol = Symbol('verigate.policy.validated')
const made = new WeakSet<object>()

/** An agreement that passed validation: frozen content, digest of its canonical form, source file. */
export interface ValidatedAgreement {
  readonly kind: 'agreement'
  readonly document: AgreementDocument
  readonly digest: Digest
  readonly source: string
  readonly [VALIDATED]: true
}

/** A court order that passed validation. */
export interface ValidatedOrder {
  readonly kind: 'order'
  readonly document: OrderDocument
  readonly digest: Digest
  readonly source: string
  readonly [VALIDATED]: true
}

export type ValidatedDocument = ValidatedAgreement | ValidatedOrder

/** True when `value` was made by this module's validation (guards callers from plain JavaScript). */
export function isValidatedDocument(value: unknown): value is ValidatedDocument {
  return typeof value === 'object' && value !== null && made.has(value)
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

function kindOf(data: unknown): string | undefined {
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? String((data as { kind?: unknown }).kind ?? '') : undefined
}

/** The 1-based line of the node at `path`, or of its nearest ancestor present in the text. */
function lineAt(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as (string | number)[], true) as Node | undefined
    const start = node?.range?.[0]
    if (start !== undefined) return counter.linePos(start).line
  }
  return undefined
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('')
}

function show(value: unknown): string {
  const s = typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value)
  return s.length > 60 ? `${s.slice(0, 57)}…` : s
}

/** One Zod issue as our issues (an unknown-keys issue gives one per key). */
function toIssues(issue: z.core.$ZodIssue, file: string, line: (path: readonly PropertyKey[]) => number | undefined): Issue<PolicyIssueCode>[] {
  const at = (path: readonly PropertyKey[], code: PolicyIssueCode, message: string, input?: unknown): Issue<PolicyIssueCode> => {
    const l = line(path)
    return {
      code,
      message,
      path: { file, ...(l === undefined ? {} : { line: l }), field: pathText(path) },
      ...(input === undefined ? {} : { input: show(input) }),
    }
  }
  const input = (issue as { input?: unknown }).input
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => at([...issue.path, k], 'unknown_field', `unknown field "${k}": it is not part of this document's schema`))
    case 'invalid_type':
      return input === undefined
        ? [at(issue.path, 'missing_field', `required field is missing (expected ${issue.expected})`)]
        : [at(issue.path, 'wrong_type', `expected ${issue.expected}, found ${Array.isArray(input) ? 'array' : input === null ? 'null' : typeof input}`, input)]
    case 'invalid_value':
      return [at(issue.path, 'invalid_value', `${show(input)} is not allowed here; expected one of: ${issue.values.map(String).join(', ')}`, input)]
    case 'invalid_union': {
      const discriminator = (issue as { discriminator?: string; options?: unknown[] }).discriminator
      if (discriminator !== undefined) {
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String).join(', ')
        return [at(issue.path, 'invalid_value', `${show(input === undefined ? input : (input as Record<string, unknown>)[discriminator])} is not a known ${discriminator}; expected one of: ${options}`)]
      }
      return [at(issue.path, 'wrong_type', issue.message, input)]
    }
    case 'too_small':
      return [at(issue.path, 'too_small', issue.origin === 'array' ? `needs at least ${String(issue.minimum)} item(s)` : issue.origin === 'string' ? 'must not be blank' : `must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`, input)]
    case 'too_big':
      return [at(issue.path, 'too_large', `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`, input)]
    case 'invalid_format':
      return [at(issue.path, 'invalid_format', issue.message, input)]
    case 'custom': {
      const code = ((issue.params as { code?: PolicyIssueCode } | undefined)?.code ?? 'invalid_format') as PolicyIssueCode
      return [at(issue.path, code, issue.message, code === 'invalid_format' ? input : undefined)]
    }
    default:
      return [at(issue.path, 'invalid_value', issue.message, input)]
  }
}

/**
 * Parses and validates one policy document (YAML or JSON; `kind: agreement` or `kind: order`).
 *
 * @example
 * const r = parsePolicyDocument(readFileSync('policies/orders/injunction-2025-11-21.yaml', 'utf8'), 'injunction.yaml')
 * if (r.ok && r.value.kind === 'order') console.log(r.value.digest)
 */
export function parsePolicyDocument(source: string, file = '(text)'): Result<ValidatedDocument, PolicyIssueCode> {
  const counter = new LineCounter()
  const doc = parseDocument(source, { lineCounter: counter, uniqueKeys: true })
  if (doc.errors.length > 0) {
    return fail(
      doc.errors.map((e) => ({
        code: 'syntax_error' as const,
        message: e.message.split('\n')[0] ?? e.message,
        path: { file, ...(e.linePos?.[0] ? { line: e.linePos[0].line } : {}) },
      })),
    )
  }
  const data: unknown = doc.toJS()
  const kind = kindOf(data)
  const schema = kind === 'agreement' ? agreementSchema : kind === 'order' ? orderSchema : undefined
  if (schema === undefined) {
    return fail([
      {
        code: 'unknown_kind',
        message: `kind: expected "agreement" or "order", found ${kind === undefined ? 'no mapping' : show(kind || undefined)}`,
        path: { file, field: 'kind', ...(lineAt(doc, counter, ['kind']) === undefined ? {} : { line: lineAt(doc, counter, ['kind']) }) },
      },
    ])
  }
  const parsed = schema.safeParse(data, { reportInput: true })
  if (!parsed.success) return fail(parsed.error.issues.flatMap((i) => toIssues(i, file, (p) => lineAt(doc, counter, p))))
  const content = deepFreeze(parsed.data)
  const value = Object.freeze({
    kind,
    document: content,
    digest: digest(content as unknown as JsonValue),
    source: file,
    [VALIDATED]: true,
  }) as ValidatedDocument
  made.add(value)
  return ok(value)
}
