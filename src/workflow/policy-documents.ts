/**
 * The agreement and orders a batch is decided under, kept in the store by digest when the batch is
 * created, so that a later step (a review release, an audit) decides under exactly those
 * documents, whatever has happened to the files since.
 */
import { readFileSync } from 'node:fs'
import { IntegrityError, NotFoundError } from '../core/index.js'
import type { Digest } from '../core/index.js'
import { parsePolicyDocument } from '../policy/index.js'
import type { ValidatedAgreement, ValidatedOrder } from '../policy/index.js'
import type { ReadStore, StoreFacades } from '../store/index.js'

/** Records the agreement version and every order, as their files read (an order's version is its digest). */
export async function recordDocuments(tx: StoreFacades, agreement: ValidatedAgreement, orders: readonly ValidatedOrder[], at: string): Promise<void> {
  const doc = agreement.document
  await tx.agreements.put({
    id: doc.id,
    version: doc.version,
    digest: agreement.digest,
    document: readFileSync(agreement.source, 'utf8'),
    effectiveFrom: doc.effective.from,
    effectiveUntil: doc.effective.until,
    recordedAt: at,
    ledgerSeq: null,
  })
  for (const o of orders) {
    await tx.orders.put({
      id: o.document.id,
      version: o.digest,
      digest: o.digest,
      document: readFileSync(o.source, 'utf8'),
      effectiveFrom: o.document.effective.from,
      effectiveUntil: o.document.effective.until ?? null,
      recordedAt: at,
      ledgerSeq: null,
    })
  }
}

function parseStored(source: string, expected: Digest, what: string) {
  const parsed = parsePolicyDocument(source, what)
  if (!parsed.ok) throw new IntegrityError(`the stored ${what} no longer validates (${parsed.issues.length} issue(s))`, { issues: parsed.issues })
  if (parsed.value.digest !== expected) throw new IntegrityError(`the stored ${what} has digest ${parsed.value.digest}, not ${expected}`)
  return parsed.value
}

/** Reads back the agreement and orders a batch was decided under, checking their digests. */
export async function loadDocuments(store: ReadStore, agreementDigest: Digest, orderDigests: readonly Digest[]): Promise<{ agreement: ValidatedAgreement; orders: ValidatedOrder[] }> {
  const a = await store.agreements.byDigest(agreementDigest)
  if (!a) throw new NotFoundError(`no agreement with digest ${agreementDigest} in the store`)
  const agreement = parseStored(a.document, agreementDigest, `agreement ${a.id} ${a.version}`)
  if (agreement.kind !== 'agreement') throw new IntegrityError(`the stored document ${a.id} is not an agreement`)
  const orders: ValidatedOrder[] = []
  for (const d of orderDigests) {
    const o = await store.orders.byDigest(d)
    if (!o) throw new NotFoundError(`no court order with digest ${d} in the store`)
    const order = parseStored(o.document, d, `order ${o.id}`)
    if (order.kind !== 'order') throw new IntegrityError(`the stored document ${o.id} is not a court order`)
    orders.push(order)
  }
  return { agreement, orders }
}
