/**
 * Retention purges (issue 21, migration 0022): the record of each batch whose personal values
 * were purged, and the purge of its request rows itself. A request row keeps its request id,
 * line, intake status and intake reasons (what the figures and the audit count); its record, the
 * requester's raw text of the person (name, TIN, date of birth, address, the request's free
 * text), is reduced to `{"id": <request id>}`. Request rows are not derived from the ledger and
 * not append-only; disclosures, decisions, evidence and the ledger are, and nothing here touches them.
 */
import { sql } from 'kysely'
import type { PurgedFile } from '../../core/index.js'
import type { StoreContext } from './context.js'
import { toNumber, withTransaction } from './context.js'

/** A batch's retention purge as stored. */
export interface StoredRetentionPurge {
  readonly batchId: string
  readonly purgedAt: string
  /** The person who ran the purge, or `system`. */
  readonly purgedBy: string
  /** The request rows reduced. */
  readonly requests: number
  readonly files: readonly PurgedFile[]
  /** The retention period applied, in days. */
  readonly days: number
  /** What the period counted from. */
  readonly since: string
  /** The rule that made the batch due, in words. */
  readonly rule: string
  readonly ledgerSeq: number
}

/** Retention purges. */
export interface RetentionPurgesFacade {
  /** Records a purge (with its ledger entry's seq); a batch purged already is refused by the primary key. */
  insert(purge: StoredRetentionPurge): Promise<void>
  /** Reduces every request row of a batch to its request id; returns how many rows it changed. */
  reduceRequests(batchId: string): Promise<number>
  get(batchId: string): Promise<StoredRetentionPurge | undefined>
  /** Every purge, oldest first. */
  list(): Promise<readonly StoredRetentionPurge[]>
}

type Row = { batch_id: string; purged_at: string; purged_by: string; requests: number | string; files: string; days: number; since: string; rule: string; ledger_seq: number | string }

function toPurge(row: Row): StoredRetentionPurge {
  return {
    batchId: row.batch_id,
    purgedAt: row.purged_at,
    purgedBy: row.purged_by,
    requests: toNumber(row.requests),
    files: JSON.parse(row.files) as PurgedFile[],
    days: Number(row.days),
    since: row.since,
    rule: row.rule,
    ledgerSeq: toNumber(row.ledger_seq),
  }
}

/** The retention purges facade. */
export function retentionPurgesFacade(context: StoreContext): RetentionPurgesFacade {
  const { db, backend } = context
  // The reduced record is built by the database, in one statement for the whole batch; both
  // functions quote the id as JSON does, so a request id is never spliced into text by hand.
  // On PostgreSQL the column holds bytes (migration 0025): the reduced JSON as its UTF-8 bytes,
  // which the reader tells from a packed record by the leading `{`; SQLite keeps it as text.
  const reduced = backend.name === 'postgres' ? sql<Uint8Array>`convert_to(json_build_object('id', request_id)::text, 'UTF8')` : sql<string>`json_object('id', request_id)`
  return {
    async insert(p) {
      await withTransaction(context, (trx) =>
        trx
          .insertInto('retention_purges')
          .values({
            batch_id: p.batchId,
            purged_at: p.purgedAt,
            purged_by: p.purgedBy,
            requests: p.requests,
            files: JSON.stringify(p.files),
            days: p.days,
            since: p.since,
            rule: p.rule,
            ledger_seq: p.ledgerSeq,
          })
          .execute(),
      )
    },
    async reduceRequests(batchId) {
      const result = await withTransaction(context, (trx) => trx.updateTable('request_records').set({ record: reduced }).where('batch_id', '=', batchId).executeTakeFirst())
      return Number(result.numUpdatedRows)
    },
    async get(batchId) {
      const row = await db.selectFrom('retention_purges').selectAll().where('batch_id', '=', batchId).executeTakeFirst()
      return row ? toPurge(row) : undefined
    },
    async list() {
      return (await db.selectFrom('retention_purges').selectAll().orderBy('purged_at').orderBy('batch_id').execute()).map(toPurge)
    },
  }
}
