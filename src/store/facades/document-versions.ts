/** Versions of agreements and of court orders: the same shape, two tables. */
import { VerigateError } from '../../core/index.js'
import type { Digest } from '../../core/index.js'
import type { DocumentVersionsTable } from '../schema.js'
import type { StoreContext } from './context.js'
import { toNumberOrNull, withTransaction } from './context.js'

/** One version of an agreement or court order document. */
export interface DocumentVersion {
  readonly id: string
  readonly version: string
  readonly digest: Digest
  /** The document text as given. */
  readonly document: string
  readonly effectiveFrom: string
  readonly effectiveUntil: string | null
  readonly recordedAt: string
  readonly ledgerSeq: number | null
}

/** Versions of agreements, or of court orders. */
export interface DocumentVersionsFacade {
  /** Records a version; a version already recorded with another digest is a conflict. */
  put(version: DocumentVersion): Promise<void>
  get(id: string, version: string): Promise<DocumentVersion | undefined>
  byDigest(digest: Digest): Promise<DocumentVersion | undefined>
  /** Every version of one document, oldest first. */
  versions(id: string): Promise<readonly DocumentVersion[]>
  /** The latest version of every document, by id. */
  latest(): Promise<readonly DocumentVersion[]>
}

type Row = Omit<DocumentVersionsTable, 'ledger_seq'> & { ledger_seq: number | string | null }

function toVersion(row: Row): DocumentVersion {
  return {
    id: row.id,
    version: row.version,
    digest: row.digest as Digest,
    document: row.document,
    effectiveFrom: row.effective_from,
    effectiveUntil: row.effective_until,
    recordedAt: row.recorded_at,
    ledgerSeq: toNumberOrNull(row.ledger_seq),
  }
}

/** The versions facade over one of the two document tables. */
export function documentVersionsFacade(context: StoreContext, table: 'agreement_versions' | 'order_versions'): DocumentVersionsFacade {
  const { db } = context
  return {
    async put(version) {
      await withTransaction(context, async (trx) => {
        const existing = await trx.selectFrom(table).select('digest').where('id', '=', version.id).where('version', '=', version.version).executeTakeFirst()
        if (existing) {
          if (existing.digest === version.digest) return
          throw new VerigateError('conflict', `${version.id} version ${version.version} is already recorded with another digest (${existing.digest})`)
        }
        await trx
          .insertInto(table)
          .values({
            id: version.id,
            version: version.version,
            digest: version.digest,
            document: version.document,
            effective_from: version.effectiveFrom,
            effective_until: version.effectiveUntil,
            recorded_at: version.recordedAt,
            ledger_seq: version.ledgerSeq,
          })
          .execute()
      })
    },
    async get(id, version) {
      const row = await db.selectFrom(table).selectAll().where('id', '=', id).where('version', '=', version).executeTakeFirst()
      return row ? toVersion(row) : undefined
    },
    async byDigest(digest) {
      const row = await db.selectFrom(table).selectAll().where('digest', '=', digest).orderBy('recorded_at').executeTakeFirst()
      return row ? toVersion(row) : undefined
    },
    async versions(id) {
      return (await db.selectFrom(table).selectAll().where('id', '=', id).orderBy('recorded_at').orderBy('version').execute()).map(toVersion)
    },
    async latest() {
      const rows = await db.selectFrom(table).selectAll().orderBy('id').orderBy('recorded_at').orderBy('version').execute()
      const byId = new Map<string, DocumentVersion>()
      for (const row of rows) byId.set(row.id, toVersion(row))
      return [...byId.values()]
    },
  }
}
