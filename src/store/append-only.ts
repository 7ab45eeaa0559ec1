/**
 * Which tables the database itself keeps append-only (triggers refuse UPDATE and DELETE), and
 * the one change a trigger lets through (a recall notice's status, once). The migrations create
 * the triggers from these lists; the back ends write them in their dialect.
 */
/** The tables the database itself keeps append-only (triggers refuse UPDATE and DELETE). */
export const APPEND_ONLY_TABLES = ['ledger_entries', 'ledger_nodes', 'ledger_checkpoints'] as const

/**
 * The tables that repeat what the ledger holds, or that the accounting and the audits read beside
 * it (migration 0009): append-only like the ledger, and checked against it by `ledger verify`
 * (`verifyDerivedTables`). A recall notice's status is the one value that changes, once
 * (`RECALL_STATUS_CHANGE`).
 */
export const DERIVED_APPEND_ONLY_TABLES = [
  'disclosures',
  'withholdings',
  'reviews',
  'recalls',
  'disposal_certifications',
  'recall_acknowledgements',
  'audits',
  'incidents',
  'decisions',
  'match_evidence',
  'agreement_versions',
  'order_versions',
] as const

/** The incident's lifecycle (migration 0013): append-only from the start, one row per entry. */
export const INCIDENT_LIFECYCLE_TABLES = ['incident_reports', 'incident_closures'] as const

/**
 * A table the database keeps append-only: the ledger's own, the derived ones (0009), and those
 * whose triggers come with their table: the ledger's keys (0008), online verification answers
 * (0011), the incident's report and closure (0013), the store's mode (0007), retention purges
 * (0022), checkpoint co-signatures (0023) and the batches' dictionaries of packed evidence (0024).
 */
export type AppendOnlyTable =
  | (typeof APPEND_ONLY_TABLES)[number]
  | (typeof DERIVED_APPEND_ONLY_TABLES)[number]
  | (typeof INCIDENT_LIFECYCLE_TABLES)[number]
  | 'ledger_keys'
  | 'online_verifications'
  | 'store_mode'
  | 'retention_purges'
  | 'checkpoint_cosignatures'
  | 'batch_dictionaries'

/**
 * The one change an append-only table may allow: one column, from one value to one of a few,
 * every other column unchanged (the database refuses anything else).
 */
export interface OneWayChange {
  readonly column: string
  /** The only value the column may change from. */
  readonly from: string
  /** The values it may change to. */
  readonly to: readonly string[]
  /** Every other column of the table: an UPDATE that names any of them is refused. */
  readonly frozen: readonly string[]
}

/**
 * A recall notice's status: `issued` until its certification of disposal is recorded, then
 * `certified` or `certified_late`, and never again (the certification's ledger entry says which,
 * and `ledger verify` checks the status against it).
 */
export const RECALL_STATUS_CHANGE: OneWayChange = {
  column: 'status',
  from: 'issued',
  to: ['certified', 'certified_late'],
  frozen: ['id', 'audit_id', 'recipient_party_id', 'disclosure_ids', 'fields', 'reason', 'deadline', 'created_at', 'ledger_seq'],
}
