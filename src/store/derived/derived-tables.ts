/**
 * The tables derived from the ledger, declared once each: which entry kind a table records, how a
 * row names itself, and what each of its columns must hold according to the entry it points at
 * (`ledger_seq`). `verifyDerivedTables` reads every declared table beside the ledger and proves
 * each complete and exact both ways.
 *
 * Adding a table/kind pair (a new kind of disclosure with a table of its own) is one more
 * `DerivedTable` in `DERIVED_TABLES`: its table (with a unique index on `ledger_seq`, made
 * append-only in the migration that creates it), its kind, its key columns, and one `FieldRule`
 * per column the entry also holds. Nothing else changes.
 */
import { canonicalJson, digest } from '../../core/index.js'
import type { JsonValue, LedgerEntryKind, LedgerPayloads } from '../../core/index.js'

/** An entry as the check reads it: its place and what its bytes say (the ledger's own verifier proves the bytes). */
export interface ReadEntry<K extends LedgerEntryKind = LedgerEntryKind> {
  readonly seq: number
  readonly kind: K
  /** Its time (ISO 8601 UTC with milliseconds). */
  readonly at: string
  readonly actor: string
  /** The pseudonym of the person it is about, or null. */
  readonly subject: string | null
  readonly payload: LedgerPayloads[K]
}

/** A value as compared: what a column reads as once normalized (`FieldRule.as`). */
export type Comparable = string | number | null

/** A row as the check reads it: its columns by name (as the table's query selects them). */
export type ReadRow = { readonly [column: string]: unknown }

/** One column of a row and what its entry says it holds. */
export interface FieldRule<K extends LedgerEntryKind> {
  /** The column, as the table's query selects it (`t.` is the table; joined columns are aliased). */
  readonly column: string
  /**
   * How the stored value reads: `text` as is (the default), `int` a 64-bit integer (PostgreSQL
   * returns a string), `bool` an integer 0 or 1 (compared to a boolean), `json` JSON text
   * (compared to the entry's value written as JSON), `digest` a digest stored as its 32 bytes or
   * its text (migration 0025; src/store/stored-digest.ts), compared as its text.
   */
  readonly as?: 'text' | 'int' | 'bool' | 'json' | 'digest'
  /**
   * Where the column is not a plain column of the table: the SQL that selects it (aliased to
   * `column`), over the table as `t`.
   */
  readonly sql?: string
  /** What the entry says the column holds; `undefined` where the entry does not say. */
  readonly expected: (entry: ReadEntry<K>) => Comparable | boolean | readonly string[] | undefined
}

/** A difference found by a check over a whole row: the field, and the two readings. */
export interface RowDifference {
  readonly field: string
  readonly stored: string
  readonly expected: string
}

/** A table that records entries of one kind, one row per entry. */
export interface DerivedTable<K extends LedgerEntryKind = LedgerEntryKind> {
  readonly table: string
  readonly kind: K
  /** The columns that name a row in messages (the primary key). */
  readonly key: readonly string[]
  /** How the row an entry should have is named, from the entry (for a missing row). */
  readonly keyOf: (entry: ReadEntry<K>) => string
  /**
   * False where a row may stand without an entry (`ledger_seq` null): the document versions,
   * recorded when a batch is created without an entry of their own.
   */
  readonly entryRequired: boolean
  readonly fields: readonly FieldRule<K>[]
  /** Columns read only for `check` (with the SQL that selects them, where not a plain column). */
  readonly reads?: readonly { readonly column: string; readonly sql?: string }[]
  /** Checks over the whole row (a digest of a stored document, a status another table decides). */
  readonly check?: (row: ReadRow, entry: ReadEntry<K>) => RowDifference | undefined
}

/** A column read as text for comparison and messages. */
function text(value: unknown): string {
  return value === null || value === undefined ? 'null' : typeof value === 'string' ? JSON.stringify(value) : String(value)
}

/** The difference of a stored document and its digest, if any. */
function documentDiffers(field: string, document: unknown, stored: unknown): RowDifference | undefined {
  if (typeof document !== 'string') return { field, stored: text(document), expected: 'a document' }
  const actual = digest(document)
  return actual === stored ? undefined : { field, stored: text(stored), expected: `${JSON.stringify(actual)} (the digest of the stored document)` }
}

/** The decision the accounting and the audits read for a request: its digest in `decisions`. */
const DECISION_ROW_DIGEST = {
  column: 'decisions_row_digest',
  as: 'digest',
  sql: '(select x.decision_digest from decisions x where x.batch_id = t.batch_id and x.request_id = t.request_id)',
} as const

const disclosures: DerivedTable<'disclosure'> = {
  table: 'disclosures',
  kind: 'disclosure',
  key: ['id'],
  keyOf: (e) => e.payload.disclosureId,
  entryRequired: true,
  fields: [
    { column: 'id', expected: (e) => e.payload.disclosureId },
    { column: 'batch_id', expected: (e) => e.payload.batchId },
    { column: 'request_id', expected: (e) => e.payload.requestId },
    { column: 'recipient_party_id', expected: (e) => e.payload.recipient },
    // A disclosure's entry names the person whenever the decision had a master record; the
    // workflow never discloses without one, and where an entry names nobody the row's subject
    // cannot be recomputed without the holder's secret.
    { column: 'subject', expected: (e) => e.subject ?? undefined },
    { column: 'fields', as: 'json', expected: (e) => e.payload.fields },
    { column: 'decision_digest', expected: (e) => e.payload.decisionDigest },
    { column: 'disclosed_at', expected: (e) => e.at },
    // Which master record the person was disclosed from (migration 0015): null before links were kept.
    { column: 'master_subject', expected: (e) => e.payload.masterSubject ?? null },
    { ...DECISION_ROW_DIGEST, expected: (e) => e.payload.decisionDigest },
  ],
}

const withholdings: DerivedTable<'withholding'> = {
  table: 'withholdings',
  kind: 'withholding',
  key: ['batch_id', 'request_id'],
  keyOf: (e) => `${e.payload.batchId}/${e.payload.requestId}`,
  entryRequired: true,
  fields: [
    { column: 'batch_id', expected: (e) => e.payload.batchId },
    { column: 'request_id', expected: (e) => e.payload.requestId },
    { column: 'reasons', as: 'json', expected: (e) => e.payload.reasons },
    { column: 'decision_digest', expected: (e) => e.payload.decisionDigest },
    { column: 'withheld_at', expected: (e) => e.at },
    { ...DECISION_ROW_DIGEST, expected: (e) => e.payload.decisionDigest },
  ],
  reads: [{ column: 'decision' }],
  check(row, e) {
    // The decision as it stood when withheld: what the response file answers from.
    let decision: { recipient?: unknown; requestId?: unknown }
    try {
      decision = JSON.parse(String(row['decision'])) as typeof decision
    } catch {
      return { field: 'decision', stored: 'text that is not JSON', expected: 'the decision withheld' }
    }
    if (decision.requestId !== e.payload.requestId) return { field: 'decision.requestId', stored: text(decision.requestId), expected: text(e.payload.requestId) }
    if (decision.recipient !== e.payload.recipient) return { field: 'decision.recipient', stored: text(decision.recipient), expected: text(e.payload.recipient) }
    return undefined
  },
}

const reviews: DerivedTable<'review'> = {
  table: 'reviews',
  kind: 'review',
  key: ['id'],
  keyOf: (e) => `of ${e.payload.batchId}/${e.payload.requestId} by ${e.payload.reviewer}`,
  entryRequired: true,
  fields: [
    { column: 'batch_id', expected: (e) => e.payload.batchId },
    { column: 'request_id', expected: (e) => e.payload.requestId },
    { column: 'reviewer', expected: (e) => e.payload.reviewer },
    { column: 'action', expected: (e) => e.payload.action },
    { column: 'note', expected: (e) => e.payload.note ?? null },
    { column: 'created_at', expected: (e) => e.at },
    { ...DECISION_ROW_DIGEST, expected: (e) => e.payload.decisionDigest },
  ],
}

const recalls: DerivedTable<'recall'> = {
  table: 'recalls',
  kind: 'recall',
  key: ['id'],
  keyOf: (e) => e.payload.noticeId,
  entryRequired: true,
  fields: [
    { column: 'id', expected: (e) => e.payload.noticeId },
    { column: 'audit_id', expected: (e) => e.payload.auditId },
    { column: 'recipient_party_id', expected: (e) => e.payload.recipient },
    { column: 'disclosure_ids', as: 'json', expected: (e) => e.payload.disclosureIds },
    { column: 'fields', as: 'json', expected: (e) => e.payload.fields },
    { column: 'reason', expected: (e) => e.payload.reason },
    { column: 'deadline', expected: (e) => e.payload.deadline },
    { column: 'created_at', expected: (e) => e.at },
  ],
  reads: [
    { column: 'status' },
    // Whether the notice's certification of disposal was late (null: none recorded). That table
    // is itself proved against its entries, so the status is proved against the ledger.
    { column: 'certified_late', sql: '(select c.late from disposal_certifications c where c.recall_id = t.id)' },
  ],
  check(row) {
    const late = row['certified_late']
    const expected = late === null || late === undefined ? 'issued' : Number(late) === 1 ? 'certified_late' : 'certified'
    return row['status'] === expected ? undefined : { field: 'status', stored: text(row['status']), expected: `${JSON.stringify(expected)} (${late === null || late === undefined ? 'no certification of disposal is recorded' : 'as its certification of disposal says'})` }
  },
}

const certifications: DerivedTable<'disposal_certification'> = {
  table: 'disposal_certifications',
  kind: 'disposal_certification',
  key: ['id'],
  keyOf: (e) => `for ${e.payload.noticeId}`,
  entryRequired: true,
  fields: [
    // The certification's id is derived from its document's digest (certify-disposal.ts).
    { column: 'id', expected: (e) => `dc-${e.payload.documentDigest.slice('sha256:'.length, 'sha256:'.length + 20)}` },
    { column: 'recall_id', expected: (e) => e.payload.noticeId },
    { column: 'certified_by', expected: (e) => e.payload.certifiedBy },
    { column: 'method', expected: (e) => e.payload.method },
    { column: 'disposed_at', expected: (e) => e.payload.disposedAt },
    { column: 'document_digest', expected: (e) => e.payload.documentDigest },
    { column: 'received_at', expected: (e) => e.at },
    { column: 'late', as: 'bool', expected: (e) => e.payload.late },
  ],
  reads: [{ column: 'document' }],
  check: (row) => documentDiffers('document', row['document'], row['document_digest']),
}

const acknowledgements: DerivedTable<'recall_acknowledgement'> = {
  table: 'recall_acknowledgements',
  kind: 'recall_acknowledgement',
  key: ['recall_id'],
  keyOf: (e) => e.payload.noticeId,
  entryRequired: true,
  fields: [
    { column: 'recall_id', expected: (e) => e.payload.noticeId },
    { column: 'party_id', expected: (e) => e.payload.recipient },
    { column: 'actor', expected: (e) => e.actor },
    { column: 'acknowledged_at', expected: (e) => e.payload.acknowledgedAt },
  ],
}

const incidentReports: DerivedTable<'incident_report'> = {
  table: 'incident_reports',
  kind: 'incident_report',
  key: ['incident_id'],
  keyOf: (e) => e.payload.incidentId,
  entryRequired: true,
  fields: [
    { column: 'incident_id', expected: (e) => e.payload.incidentId },
    { column: 'audit_id', expected: (e) => e.payload.auditId },
    { column: 'reported_to', as: 'json', expected: (e) => e.payload.reportedTo },
    { column: 'reported_by', expected: (e) => e.actor },
    { column: 'reported_at', expected: (e) => e.at },
    { column: 'deadline', expected: (e) => e.payload.deadline },
    { column: 'late', as: 'bool', expected: (e) => e.payload.late },
    { column: 'reference', expected: (e) => e.payload.reference ?? null },
  ],
  // The deadline the report was judged against is the incident's own (itself checked through its audit).
  reads: [{ column: 'incident_deadline', sql: '(select i.report_deadline from incidents i where i.id = t.incident_id)' }],
  check(row) {
    return row['incident_deadline'] === row['deadline'] ? undefined : { field: 'deadline', stored: text(row['deadline']), expected: `${text(row['incident_deadline'])} (the incident's report deadline)` }
  },
}

const incidentClosures: DerivedTable<'incident_closure'> = {
  table: 'incident_closures',
  kind: 'incident_closure',
  key: ['incident_id'],
  keyOf: (e) => e.payload.incidentId,
  entryRequired: true,
  fields: [
    { column: 'incident_id', expected: (e) => e.payload.incidentId },
    { column: 'audit_id', expected: (e) => e.payload.auditId },
    { column: 'closed_by', expected: (e) => e.actor },
    { column: 'closed_at', expected: (e) => e.at },
    { column: 'reason', expected: (e) => e.payload.reason },
    { column: 'open_notices', as: 'json', expected: (e) => e.payload.openNotices },
    { column: 'closed_anyway_reason', expected: (e) => e.payload.closedAnywayReason ?? null },
  ],
}

const audits: DerivedTable<'audit'> = {
  table: 'audits',
  kind: 'audit',
  key: ['id'],
  keyOf: (e) => e.payload.auditId,
  entryRequired: true,
  fields: [
    { column: 'id', expected: (e) => e.payload.auditId },
    { column: 'created_at', expected: (e) => e.at },
    { column: 'agreement_digest', expected: (e) => e.payload.agreementDigest },
    { column: 'result_digest', expected: (e) => e.payload.resultDigest },
  ],
  reads: [{ column: 'agreement_id' }, { column: 'result' }, { column: 'incident_id', sql: '(select min(i.id) from incidents i where i.audit_id = t.id)' }],
  check(row, e) {
    // The full result, whose digest the entry carries (less its own ledger position, added after).
    let result: { ledgerSeq?: unknown; agreement?: { id?: unknown }; incidentId?: unknown; [key: string]: unknown }
    try {
      result = JSON.parse(String(row['result'])) as typeof result
    } catch {
      return { field: 'result', stored: 'text that is not JSON', expected: 'the audit result' }
    }
    const { ledgerSeq, ...content } = result
    if (ledgerSeq !== e.seq) return { field: 'result.ledgerSeq', stored: text(ledgerSeq), expected: String(e.seq) }
    const actual = digest(canonicalJson(content as JsonValue))
    if (actual !== e.payload.resultDigest) return { field: 'result', stored: `a result whose digest is ${actual}`, expected: JSON.stringify(e.payload.resultDigest) }
    if (row['agreement_id'] !== result.agreement?.id) return { field: 'agreement_id', stored: text(row['agreement_id']), expected: `${text(result.agreement?.id)} (the audit result's agreement)` }
    if ((row['incident_id'] ?? null) !== (result.incidentId ?? null)) return { field: 'incidents', stored: text(row['incident_id']), expected: `${text(result.incidentId ?? null)} (the audit result's incident)` }
    return undefined
  },
}

const agreementVersions: DerivedTable<'policy_change'> = {
  table: 'agreement_versions',
  kind: 'policy_change',
  key: ['id', 'version'],
  keyOf: (e) => `${e.payload.agreementId} ${e.payload.version}`,
  entryRequired: false,
  fields: [
    { column: 'id', expected: (e) => e.payload.agreementId },
    { column: 'version', expected: (e) => e.payload.version },
    { column: 'digest', expected: (e) => e.payload.digest },
    { column: 'effective_from', expected: (e) => e.payload.effectiveFrom },
  ],
}

const orderVersions: DerivedTable<'order_change'> = {
  table: 'order_versions',
  kind: 'order_change',
  key: ['id', 'version'],
  keyOf: (e) => `${e.payload.orderId} ${e.payload.digest}`,
  entryRequired: false,
  fields: [
    { column: 'id', expected: (e) => e.payload.orderId },
    { column: 'digest', expected: (e) => e.payload.digest },
    { column: 'effective_from', expected: (e) => e.payload.effectiveFrom },
  ],
}

/**
 * Online verification answers that revealed a person is on file (migration 0011): one row per
 * `verification` entry, the person's pseudonym included, so the accounting of online answers is
 * bound to the ledger as the batches' disclosures are.
 */
const onlineVerifications: DerivedTable<'verification'> = {
  table: 'online_verifications',
  kind: 'verification',
  key: ['id'],
  keyOf: (e) => e.payload.verificationId,
  entryRequired: true,
  fields: [
    { column: 'id', expected: (e) => e.payload.verificationId },
    { column: 'request_id', expected: (e) => e.payload.requestId },
    { column: 'recipient_party_id', expected: (e) => e.payload.recipient },
    { column: 'asked_by', expected: (e) => e.payload.askedBy },
    { column: 'subject', expected: (e) => e.subject ?? undefined },
    { column: 'answer_code', expected: (e) => e.payload.answer },
    { column: 'fields', as: 'json', expected: (e) => e.payload.fields },
    { column: 'agreement_id', expected: (e) => e.payload.agreementId },
    { column: 'agreement_digest', expected: (e) => e.payload.agreementDigest },
    { column: 'decision_digest', expected: (e) => e.payload.decisionDigest },
    { column: 'evidence_digest', expected: (e) => e.payload.evidenceDigest },
    { column: 'answered_at', expected: (e) => e.at },
    { column: 'master_subject', expected: (e) => e.payload.masterSubject ?? null },
  ],
  reads: [{ column: 'decision' }],
  check(row, e) {
    // The decision text must be the one whose digest the entry carries.
    const stored = String(row['decision'])
    let parsed: JsonValue
    try {
      parsed = JSON.parse(stored) as JsonValue
    } catch {
      return { field: 'decision', stored: 'text that is not JSON', expected: 'the decision answered' }
    }
    const actual = digest(canonicalJson(parsed))
    return actual === e.payload.decisionDigest ? undefined : { field: 'decision', stored: actual, expected: e.payload.decisionDigest }
  },
}

/**
 * Retention purges (migration 0022): one row per `retention_purge` entry, what was purged and why,
 * so the oversight page's list of purges is bound to the ledger like the disclosures it leaves in place.
 */
const retentionPurges: DerivedTable<'retention_purge'> = {
  table: 'retention_purges',
  kind: 'retention_purge',
  key: ['batch_id'],
  keyOf: (e) => e.payload.batchId,
  entryRequired: true,
  fields: [
    { column: 'batch_id', expected: (e) => e.payload.batchId },
    { column: 'purged_at', expected: (e) => e.at },
    { column: 'purged_by', expected: (e) => e.actor },
    { column: 'requests', as: 'int', expected: (e) => e.payload.requests },
    { column: 'days', as: 'int', expected: (e) => e.payload.days },
    { column: 'since', expected: (e) => e.payload.since },
    { column: 'rule', expected: (e) => e.payload.rule },
  ],
  reads: [{ column: 'files' }],
  check(row, e) {
    // The files are a list of objects: compared in canonical JSON, whatever order the row's JSON wrote their members in.
    const expected = canonicalJson(e.payload.files as unknown as JsonValue)
    let stored: string
    try {
      stored = canonicalJson(JSON.parse(String(row['files'])) as JsonValue)
    } catch {
      stored = 'text that is not JSON'
    }
    return stored === expected ? undefined : { field: 'files', stored, expected }
  },
}

/**
 * Every table derived from the ledger, one per entry kind. (Incidents, decisions and match
 * evidence hold no entry of their own: an incident is checked through its audit's result, a
 * decision through the digest its disclosure, withholding or review entry carries.)
 */
export const DERIVED_TABLES: readonly DerivedTable[] = [
  disclosures,
  withholdings,
  reviews,
  recalls,
  certifications,
  acknowledgements,
  incidentReports,
  incidentClosures,
  audits,
  agreementVersions,
  orderVersions,
  onlineVerifications,
  retentionPurges,
] as unknown as readonly DerivedTable[]
