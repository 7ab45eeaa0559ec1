/**
 * Reading policy documents from disk: one file, or every `.yaml`, `.yml` and `.json` file of a
 * folder of court orders. A file that fails validation is refused whole, with every issue.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { InvalidInputError, NotFoundError, VerigateError } from '../core/index.js'
import type { Issue } from '../core/index.js'
import { parsePolicyDocument } from './validate-document.js'
import type { ValidatedAgreement, ValidatedDocument, ValidatedOrder } from './validate-document.js'

const EXTENSIONS = new Set(['.yaml', '.yml', '.json'])

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (cause) {
    throw new NotFoundError(`cannot read the policy document ${path}: ${(cause as Error).message}`)
  }
}

/**
 * Reads and validates one policy document; throws a `VerigateError` (`invalid_document`) listing
 * every issue when it is not valid.
 *
 * @example
 * const doc = readPolicyFile('policies/agreements/irs-ice-2025-corrected.yaml')
 */
export function readPolicyFile(path: string): ValidatedDocument {
  const result = parsePolicyDocument(readText(path), path)
  if (!result.ok) throw new VerigateError('invalid_document', `${path} is not a valid policy document (${result.issues.length} issue(s))`, { issues: result.issues })
  return result.value
}

/** Reads a document that must be an agreement. */
export function readAgreementFile(path: string): ValidatedAgreement {
  const doc = readPolicyFile(path)
  if (doc.kind !== 'agreement') throw new InvalidInputError(`${path} is a court order, not an agreement`)
  return doc
}

/**
 * Reads every court order in a folder (sorted by file name). Every invalid file is reported; any
 * one makes the whole folder refused, since a decision must never be made without an order in
 * force.
 */
export function readOrdersDir(dir: string): readonly ValidatedOrder[] {
  let names: string[]
  try {
    if (!statSync(dir).isDirectory()) throw new InvalidInputError(`${dir} is not a folder`)
    names = readdirSync(dir).filter((n) => EXTENSIONS.has(extname(n))).sort()
  } catch (cause) {
    if (cause instanceof VerigateError) throw cause
    throw new NotFoundError(`cannot read the orders folder ${dir}: ${(cause as Error).message}`)
  }
  const orders: ValidatedOrder[] = []
  const issues: Issue[] = []
  const ids = new Map<string, string>()
  for (const name of names) {
    const path = join(dir, name)
    const result = parsePolicyDocument(readText(path), path)
    if (!result.ok) issues.push(...result.issues)
    else if (result.value.kind !== 'order') issues.push({ code: 'unknown_kind', message: `${basename(path)} is an agreement; the orders folder holds court orders only`, path: { file: path, field: 'kind' } })
    else {
      const earlier = ids.get(result.value.document.id)
      if (earlier !== undefined) issues.push({ code: 'duplicate_order', message: `order id "${result.value.document.id}" is also used by ${earlier}`, path: { file: path, field: 'id' } })
      ids.set(result.value.document.id, path)
      orders.push(result.value)
    }
  }
  if (issues.length > 0) throw new VerigateError('invalid_document', `the orders in ${dir} are not all valid (${issues.length} issue(s))`, { issues })
  return orders
}
