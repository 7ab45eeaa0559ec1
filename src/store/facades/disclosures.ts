/** Disclosures: what went to whom, about whom (by pseudonym), recorded in which ledger entry. */
import type { Digest, Pseudonym } from '../../core/index.js'
import type { Selectable } from 'kysely'
import type { DisclosuresTable } from '../schema.js'
import type { StoreContext } from './context.js'
import { toNumber, withTransaction } from './context.js'
import { dictionariesOfBatches, unpackOf } from './dictionaries.js'
import type { StoredDisclosure } from '../rows.js'

/** Disclosures. */
export interface DisclosuresFacade {
  insertMany(rows: readonly StoredDisclosure[]): Promise<void>
  get(id: string): Promise<StoredDisclosure | undefined>
  bySubject(subject: Pseudonym): Promise<readonly StoredDisclosure[]>
  /** Every disclosure whose subject or master subject is one of `pseudonyms`, oldest first. */
  byLinkedSubjects(pseudonyms: readonly Pseudonym[]): Promise<readonly StoredDisclosure[]>
  /** How many disclosures were recorded before links were kept (no master subject). */
  countUnlinked(): Promise<number>
  /**
   * The disclosures recorded before links were kept (no master subject) whose stored decision
   * names one of `masterIds`: how a store migrated from before 0015 still finds them.
   */
  unlinkedOfMasterIds(masterIds: readonly string[]): Promise<readonly StoredDisclosure[]>
  byBatch(batchId: string): Promise<readonly StoredDisclosure[]>
}

/**
 * The LIKE pattern that finds `"masterId":"<id>"` in a decision's JSON (both the canonical and
 * the plain encoder write it so), with LIKE's own wildcards escaped by `\`; the decision is
 * parsed afterwards to confirm.
 */
export function masterIdPattern(masterId: string): string {
  return `%${`"masterId":${JSON.stringify(masterId)}`.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

function toDisclosure(row: Selectable<DisclosuresTable>): StoredDisclosure {
  return {
    id: row.id,
    batchId: row.batch_id,
    requestId: row.request_id,
    recipientPartyId: row.recipient_party_id,
    subject: row.subject as Pseudonym,
    fields: JSON.parse(row.fields) as string[],
    decisionDigest: row.decision_digest as Digest,
    disclosedAt: row.disclosed_at,
    ledgerSeq: toNumber(row.ledger_seq),
    masterSubject: row.master_subject as Pseudonym | null,
  }
}

/** The disclosures facade. */
export function disclosuresFacade(context: StoreContext): DisclosuresFacade {
  const { db, backend } = context
  return {
    async insertMany(rows) {
      if (rows.length === 0) return
      await withTransaction(context, (trx) =>
        backend.insertRows(
          trx,
          'disclosures',
          rows.map((r) => ({
            id: r.id,
            batch_id: r.batchId,
            request_id: r.requestId,
            recipient_party_id: r.recipientPartyId,
            subject: r.subject,
            fields: JSON.stringify(r.fields),
            decision_digest: r.decisionDigest,
            disclosed_at: r.disclosedAt,
            ledger_seq: r.ledgerSeq,
            master_subject: r.masterSubject ?? null,
          })),
        ),
      )
    },
    async get(id) {
      const row = await db.selectFrom('disclosures').selectAll().where('id', '=', id).executeTakeFirst()
      return row ? toDisclosure(row) : undefined
    },
    async bySubject(subject) {
      return (await db.selectFrom('disclosures').selectAll().where('subject', '=', subject).orderBy('disclosed_at').orderBy('id').execute()).map(toDisclosure)
    },
    async byLinkedSubjects(pseudonyms) {
      if (pseudonyms.length === 0) return []
      const rows = await db
        .selectFrom('disclosures')
        .selectAll()
        .where((eb) => eb.or([eb('subject', 'in', [...pseudonyms]), eb('master_subject', 'in', [...pseudonyms])]))
        .orderBy('disclosed_at')
        .orderBy('id')
        .execute()
      return rows.map(toDisclosure)
    },
    async countUnlinked() {
      const row = await db.selectFrom('disclosures').select((eb) => eb.fn.countAll<number | string>().as('n')).where('master_subject', 'is', null).executeTakeFirstOrThrow()
      return toNumber(row.n)
    },
    async unlinkedOfMasterIds(masterIds) {
      if (masterIds.length === 0) return []
      const wanted = new Set(masterIds)
      const rows = await db
        .selectFrom('disclosures as t')
        .innerJoin('decisions as x', (join) => join.onRef('x.batch_id', '=', 't.batch_id').onRef('x.request_id', '=', 't.request_id'))
        .selectAll('t')
        .select('x.decision as decision_json')
        .where('t.master_subject', 'is', null)
        .orderBy('t.disclosed_at')
        .orderBy('t.id')
        .execute()
      // Packed decisions (migration 0024) cannot be searched by LIKE: every unlinked disclosure's
      // decision is read (the unlinked are those recorded before subject links, migration 0015).
      const dictionaries = await dictionariesOfBatches(db, rows.map((row) => row.batch_id))
      return rows
        .filter((row) => wanted.has((JSON.parse(unpackOf(dictionaries.get(row.batch_id)!, 'decision', row.decision_json, row.batch_id, row.request_id)) as { masterId?: string }).masterId ?? ''))
        .map(toDisclosure)
    },
    async byBatch(batchId) {
      return (await db.selectFrom('disclosures').selectAll().where('batch_id', '=', batchId).orderBy('request_id').orderBy('id').execute()).map(toDisclosure)
    },
  }
}
