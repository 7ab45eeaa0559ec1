/**
 * The first schema: every table the batch workflow, audit, recall and the API need (issues 7–9),
 * and the ledger's tables made append-only by the database itself.
 */
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../backend.js'
import { APPEND_ONLY_TABLES } from '../append-only.js'

/** The initial migration for a dialect. */
export function initialMigration(dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      const { int64, bytes } = dialect

      await db.schema
        .createTable('parties')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('party_credentials')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('key_prefix', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute()
      await db.schema.createIndex('party_credentials_by_prefix').on('party_credentials').column('key_prefix').execute()

      for (const table of ['agreement_versions', 'order_versions']) {
        await db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('version', 'text', (c) => c.notNull())
          .addColumn('digest', 'text', (c) => c.notNull())
          .addColumn('document', 'text', (c) => c.notNull())
          .addColumn('effective_from', 'text', (c) => c.notNull())
          .addColumn('effective_until', 'text')
          .addColumn('recorded_at', 'text', (c) => c.notNull())
          .addColumn('ledger_seq', int64)
          .addPrimaryKeyConstraint(`${table}_pk`, ['id', 'version'])
          .execute()
        await db.schema.createIndex(`${table}_by_digest`).on(table).column('digest').execute()
      }

      await db.schema
        .createTable('batches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('agreement_id', 'text', (c) => c.notNull())
        .addColumn('agreement_version', 'text', (c) => c.notNull())
        .addColumn('agreement_digest', 'text', (c) => c.notNull())
        .addColumn('requester_party_id', 'text', (c) => c.notNull())
        .addColumn('request_file_digest', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('summary', 'text')
        .execute()

      await db.schema
        .createTable('request_records')
        .addColumn('batch_id', 'text', (c) => c.notNull().references('batches.id'))
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull())
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('intake_status', 'text', (c) => c.notNull())
        .addColumn('intake_reasons', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('request_records_pk', ['batch_id', 'request_id'])
        .execute()
      await db.schema.createIndex('request_records_by_line').on('request_records').columns(['batch_id', 'line']).execute()

      await db.schema
        .createTable('match_evidence')
        .addColumn('batch_id', 'text', (c) => c.notNull().references('batches.id'))
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('best_master_id', 'text')
        .addColumn('evidence', 'text', (c) => c.notNull())
        .addColumn('evidence_digest', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('match_evidence_pk', ['batch_id', 'request_id'])
        .execute()

      await db.schema
        .createTable('decisions')
        .addColumn('batch_id', 'text', (c) => c.notNull().references('batches.id'))
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('verified', 'integer', (c) => c.notNull())
        .addColumn('answer_code', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('decision_digest', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('decisions_pk', ['batch_id', 'request_id'])
        .execute()
      await db.schema.createIndex('decisions_by_outcome').on('decisions').columns(['batch_id', 'outcome', 'request_id']).execute()

      await db.schema
        .createTable('reviews')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('batch_id', 'text', (c) => c.notNull().references('batches.id'))
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('reviewer', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('ledger_seq', int64)
        .execute()
      await db.schema.createIndex('reviews_by_case').on('reviews').columns(['batch_id', 'request_id']).execute()

      await db.schema
        .createTable('disclosures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('batch_id', 'text', (c) => c.notNull().references('batches.id'))
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('recipient_party_id', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('decision_digest', 'text', (c) => c.notNull())
        .addColumn('disclosed_at', 'text', (c) => c.notNull())
        .addColumn('ledger_seq', int64, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('disclosures_by_subject').on('disclosures').column('subject').execute()
      await db.schema.createIndex('disclosures_by_batch').on('disclosures').columns(['batch_id', 'request_id']).execute()

      await db.schema
        .createTable('recalls')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('audit_id', 'text', (c) => c.notNull())
        .addColumn('recipient_party_id', 'text', (c) => c.notNull())
        .addColumn('disclosure_ids', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('deadline', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('ledger_seq', int64)
        .execute()

      await db.schema
        .createTable('disposal_certifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('recall_id', 'text', (c) => c.notNull().references('recalls.id'))
        .addColumn('certified_by', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('disposed_at', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('document_digest', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('late', 'integer', (c) => c.notNull())
        .addColumn('ledger_seq', int64)
        .execute()

      await db.schema
        .createTable('ledger_entries')
        .addColumn('seq', int64, (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .addColumn('encoded', bytes, (c) => c.notNull())
        .addColumn('hash', bytes, (c) => c.notNull())
        .execute()
      // No index on subject: entries arrive in random subject order, and an index would turn each
      // append into writes scattered over the whole index (measured: 5 times slower appends on
      // SQLite). An accounting request scans the ledger; the frequent query, disclosures by
      // subject, has its index on the disclosures table.

      await db.schema
        .createTable('ledger_nodes')
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('idx', int64, (c) => c.notNull())
        .addColumn('hash', bytes, (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_nodes_pk', ['level', 'idx'])
        .execute()

      await db.schema
        .createTable('ledger_checkpoints')
        .addColumn('tree_size', int64, (c) => c.notNull())
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('root_hash', bytes, (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('signature', bytes, (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_checkpoints_pk', ['tree_size', 'time', 'key_id'])
        .execute()

      for (const statement of dialect.appendOnlySetup) await statement.execute(db)
      for (const table of APPEND_ONLY_TABLES) for (const statement of dialect.appendOnlyTriggers(table).create) await statement.execute(db)
    },
  }
}
