/**
 * The tables, as Kysely sees them. One schema for both back ends: text for ids, times (ISO 8601
 * UTC) and JSON documents; 64-bit integers for positions; bytes (BLOB / BYTEA) for hashes and
 * encodings. PostgreSQL returns 64-bit integers as strings, so facades read them through
 * `Number()`.
 */
import type { ColumnType } from 'kysely'
import type { StoredJson } from './packed-json.js'
import type { StoredDigest } from './stored-digest.js'

/** A 64-bit integer column: written as a number, read as a number (SQLite) or a string (PostgreSQL). */
export type Int64 = ColumnType<number | string, number, number>

/** A party: the holder, a requesting agency, an overseer. */
export interface PartiesTable {
  id: string
  name: string
  /** `holder`, `requester` or `overseer`. */
  kind: string
  created_at: string
}

/** An API credential of a party: only a slow hash of the key is kept, found by its prefix. */
export interface PartyCredentialsTable {
  id: string
  party_id: string
  /** The role the key acts in: requester, analyst, reviewer, supervisor, overseer, admin. */
  role: string
  /** The key's public prefix, to find the credential without scanning every hash. */
  key_prefix: string
  /** The scrypt (or argon2) hash of the key, in its self-describing string form. */
  key_hash: string
  created_at: string
  revoked_at: string | null
  /** The person who holds the key (names compare case-insensitively); null only before migration 0010 filled it. */
  person: string | null
}

/** One version of an agreement or a court order: the document text and its digest. */
export interface DocumentVersionsTable {
  id: string
  version: string
  /** `sha256:…` of the canonical document. */
  digest: string
  /** The document as given (YAML or JSON text). */
  document: string
  effective_from: string
  effective_until: string | null
  recorded_at: string
  /** The ledger entry that recorded the change, once written. */
  ledger_seq: Int64 | null
}

/** A batch of requests under one agreement version. */
export interface BatchesTable {
  id: string
  agreement_id: string
  agreement_version: string
  agreement_digest: string
  requester_party_id: string
  request_file_digest: string
  status: string
  created_at: string
  updated_at: string
  /** JSON summary of the run, filled as it progresses. */
  summary: string | null
}

/** One request record of a batch, as read, with its intake result. */
export interface RequestRecordsTable {
  batch_id: string
  request_id: string
  /** 1-based line in the request file. */
  line: number
  /**
   * The request record's JSON (`JSON.stringify`), as text or packed against the batch's `record`
   * dictionary (src/store/packed-json.ts; migration 0025).
   */
  record: StoredJson
  /** `accepted` or `refused` at intake. */
  intake_status: string
  /** JSON array of intake reason codes (empty when accepted). */
  intake_reasons: string
}

/** The match evidence for one request (JSON of a `MatchResult`). */
export interface MatchEvidenceTable {
  batch_id: string
  request_id: string
  status: string
  best_master_id: string | null
  /** The evidence's canonical JSON, as text or packed (src/store/packed-json.ts; migration 0024). */
  evidence: StoredJson
  /** The evidence's digest: its 32 bytes (src/store/stored-digest.ts; migration 0025), or text on older SQLite rows. */
  evidence_digest: StoredDigest
}

/** The decision for one request (JSON of a `Decision`), with the columns queries filter on. */
export interface DecisionsTable {
  batch_id: string
  request_id: string
  outcome: string
  /** 1 when the match met the agreement's standard unambiguously, else 0. */
  verified: number
  /** The code the requester is told (the decision's answer). */
  answer_code: string
  /** JSON array of the fields to release. */
  fields: string
  /** The decision's canonical JSON, as text or packed (src/store/packed-json.ts; migration 0024). */
  decision: StoredJson
  /** The decision's digest: its 32 bytes (src/store/stored-digest.ts; migration 0025), or text on older SQLite rows. */
  decision_digest: StoredDigest
  decided_at: string
}

/** A batch's dictionary of one kind of packed JSON (migration 0024; append-only). */
export interface BatchDictionariesTable {
  batch_id: string
  /** `evidence`, `decision` or `record` (a `PackedKind`). */
  kind: string
  dictionary: Uint8Array
}

/** A reviewer's action on a case. */
export interface ReviewsTable {
  id: string
  batch_id: string
  request_id: string
  reviewer: string
  action: string
  note: string | null
  created_at: string
  ledger_seq: Int64 | null
}

/** Fields released to a recipient for one request. */
export interface DisclosuresTable {
  id: string
  batch_id: string
  request_id: string
  recipient_party_id: string
  /** The pseudonym of the person the disclosure is about. */
  subject: string
  fields: string
  decision_digest: string
  disclosed_at: string
  ledger_seq: Int64
  /** The pseudonym of the master record id disclosed from (migration 0015); null on rows written before. */
  master_subject: string | null
}

/**
 * An online verification answer that disclosed something about a person (migration 0011): one
 * row per answer, written with its ledger entry (kind `verification`) in one transaction.
 */
export interface OnlineVerificationsTable {
  id: string
  /** The requester's id of the record asked about. */
  request_id: string
  /** The party whose key asked (what the volume caps count by, as batches count by their requester). */
  requester_party_id: string
  /** The credential (API key id) that asked. */
  asked_by: string
  recipient_party_id: string
  /** The pseudonym of the person the answer was about. */
  subject: string
  /** `VERIFIED` or `REVIEW_REQUIRED`. */
  answer_code: string
  /** The fact disclosed, as a JSON array of field names (`["verification"]`). */
  fields: string
  agreement_id: string
  agreement_digest: string
  /** The decision in canonical JSON (its basis: legal basis, purpose, case reference), and its digest. */
  decision: string
  decision_digest: string
  evidence_digest: string
  answered_at: string
  ledger_seq: Int64
  /** The pseudonym of the master record id answered about (migration 0015); null on rows written before. */
  master_subject: string | null
}

/** A recall notice to one recipient. */
export interface RecallsTable {
  id: string
  audit_id: string
  recipient_party_id: string
  disclosure_ids: string
  fields: string
  reason: string
  deadline: string
  status: string
  created_at: string
  ledger_seq: Int64 | null
}

/** A recipient's certification of disposal for a recall notice. */
export interface DisposalCertificationsTable {
  id: string
  recall_id: string
  certified_by: string
  method: string
  disposed_at: string
  document: string
  document_digest: string
  received_at: string
  late: number
  ledger_seq: Int64 | null
}

/** Ledger entries: the canonical bytes, their hash, and columns derived from them for queries. */
export interface LedgerEntriesTable {
  seq: Int64
  kind: string
  at: string
  subject: string | null
  encoded: Uint8Array
  hash: Uint8Array
}

/** Complete interior Merkle nodes of level ≥ 4 (`MIN_STORED_NODE_LEVEL`: lower ones are recomputed from the leaves); leaves are `ledger_entries.hash`. */
export interface LedgerNodesTable {
  level: number
  idx: Int64
  hash: Uint8Array
}

/** Signed checkpoints (tree heads). */
export interface LedgerCheckpointsTable {
  tree_size: Int64
  time: string
  root_hash: Uint8Array
  key_id: string
  signature: Uint8Array
}

/**
 * The keys that sign the ledger (migration 0008), oldest first: the first key of the store, then
 * one per key rotation. The last one is the key every append and checkpoint must be made with.
 */
export interface LedgerKeysTable {
  /** Hex SHA-256 of the key's SubjectPublicKeyInfo, as checkpoints name it. */
  key_id: string
  /** The public key (PEM), for the store's own checks and for `ledger verify` without a key file. */
  public_key: string
  /** `holderSecretTag` of the pseudonym secret that goes with the key (src/ledger/ledger-keys.ts). */
  secret_tag: string
  /** The smallest tree size the key signs: 0 for the first key, the rotation entry's seq + 1 after. */
  from_size: Int64
  /** The `key_rotation` entry that brought the key in; null for the first key. */
  rotation_seq: Int64 | null
  recorded_at: string
}

/** A step of a batch recorded as done (migration 0002): what a resumed run skips. */
export interface BatchStepsTable {
  batch_id: string
  /** `created`, `intake`, `match`, `release`, `response`, `checkpoint`, `report`, `complete`. */
  step: string
  /** JSON detail of the step (the batch's settings for `created`), or null. */
  detail: string | null
  done_at: string
}

/** A case withheld after review or at the release-time check (migration 0002), one per request. */
export interface WithholdingsTable {
  batch_id: string
  request_id: string
  /** JSON array of reason codes. */
  reasons: string
  /** JSON of the decision as it stood when withheld. */
  decision: string
  decision_digest: string
  withheld_at: string
  ledger_seq: Int64
}

/** A retroactive audit (migration 0003): the full result, whose digest its ledger entry carries. */
export interface AuditsTable {
  id: string
  created_at: string
  agreement_id: string
  agreement_digest: string
  /** JSON of the audit result. */
  result: string
  result_digest: string
  ledger_seq: Int64
}

/** An incident record opened by an audit (migration 0003): JSON without personal data. */
export interface IncidentsTable {
  id: string
  audit_id: string
  opened_at: string
  report_deadline: string
  record: string
}

/**
 * An incident's report to the overseers (migration 0013), one per incident, with its ledger entry
 * (kind `incident_report`).
 */
export interface IncidentReportsTable {
  incident_id: string
  audit_id: string
  /** JSON array of whom it was reported to. */
  reported_to: string
  /** The person who reported (their credential's person). */
  reported_by: string
  reported_at: string
  /** The 24-hour deadline it was due by. */
  deadline: string
  /** 1 when reported after the deadline. */
  late: number
  /** The overseer's reference, when given. */
  reference: string | null
  ledger_seq: Int64
}

/**
 * An incident's closure (migration 0013), one per incident, with its ledger entry (kind
 * `incident_closure`).
 */
export interface IncidentClosuresTable {
  incident_id: string
  audit_id: string
  /** The person who closed it (their credential's person). */
  closed_by: string
  closed_at: string
  reason: string
  /** JSON array of the notices still without a certification of disposal when it was closed. */
  open_notices: string
  /** Why it was closed with notices open; null when none was open. */
  closed_anyway_reason: string | null
  ledger_seq: Int64
}

/** A recipient's acknowledgement of a recall notice (migration 0004), one per notice. */
export interface RecallAcknowledgementsTable {
  recall_id: string
  /** The party that acknowledged: the notice's recipient. */
  party_id: string
  /** Who acted for it (the API credential's id, or the CLI's actor). */
  actor: string
  acknowledged_at: string
  ledger_seq: Int64
}

/** Every table. */
export interface Database {
  parties: PartiesTable
  party_credentials: PartyCredentialsTable
  agreement_versions: DocumentVersionsTable
  order_versions: DocumentVersionsTable
  batches: BatchesTable
  request_records: RequestRecordsTable
  match_evidence: MatchEvidenceTable
  decisions: DecisionsTable
  batch_dictionaries: BatchDictionariesTable
  reviews: ReviewsTable
  disclosures: DisclosuresTable
  recalls: RecallsTable
  disposal_certifications: DisposalCertificationsTable
  ledger_entries: LedgerEntriesTable
  ledger_nodes: LedgerNodesTable
  ledger_checkpoints: LedgerCheckpointsTable
  batch_steps: BatchStepsTable
  withholdings: WithholdingsTable
  audits: AuditsTable
  incidents: IncidentsTable
  recall_acknowledgements: RecallAcknowledgementsTable
  incident_reports: IncidentReportsTable
  incident_closures: IncidentClosuresTable
  batch_locks: BatchLocksTable
  ledger_keys: LedgerKeysTable
  online_verifications: OnlineVerificationsTable
  store_mode: StoreModeTable
  retention_purges: RetentionPurgesTable
  checkpoint_cosignatures: CheckpointCosignaturesTable
}

/**
 * The store's mode (migration 0007): one row (id 1), written when the store is created and never
 * changed (append-only triggers), `real` or `simulation` (`StoreMode`). The ledger's chain anchor
 * says the same; `ledger verify` fails when the two disagree.
 */
export interface StoreModeTable {
  id: number
  mode: string
  created_at: string
}

/** A batch being run (migration 0006): the process running it, deleted when the run ends. */
export interface BatchLocksTable {
  batch_id: string
  /** A random token of the run holding the lock (what releases it). */
  token: string
  host: string
  pid: Int64
  taken_at: string
  /** Renewed as the run stores its work: how a lock of another host is known to be stale. */
  heartbeat_at: string
}

/**
 * A batch's retention purge (migration 0022), one per batch, with its ledger entry (kind
 * `retention_purge`): when, by whom, what was purged and the rule that made it due.
 */
export interface RetentionPurgesTable {
  batch_id: string
  purged_at: string
  /** The person who ran the purge (their credential's person), or `system`. */
  purged_by: string
  /** The request rows whose record was reduced to its request id. */
  requests: Int64
  /** JSON array of the files deleted (`PurgedFile`: role, name, digest, bytes). */
  files: string
  /** The retention period applied, in days. */
  days: number
  /** What the period counted from (ISO 8601). */
  since: string
  /** The rule that made the batch due, in words. */
  rule: string
  ledger_seq: Int64
}

/**
 * A witness's co-signature of a checkpoint (migration 0023), checked against the witness's key
 * when it was added: the C2SP `cosignature/v1` signature line, and the tree head it signs.
 */
export interface CheckpointCosignaturesTable {
  /** The signature line as the note carries it (`— <name> <base64>`, no newline): the key. */
  line: string
  /** The log's origin the co-signed checkpoint names. */
  origin: string
  tree_size: Int64
  /** Hex of the root hash of the co-signed tree head. */
  root_hash: string
  witness_name: string
  /** The witness key's id, 8 hex digits. */
  witness_key_hash: string
  /** When the witness signed (its timestamp, as an ISO time). */
  signed_at: string
  /** When the holder added it (the server's clock). */
  added_at: string
}
