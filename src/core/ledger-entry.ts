/**
 * Ledger entries: what the tamper-evident disclosure ledger records (docs/rules.md rule 10: each
 * disclosure is accounted for when it is made). Every disclosure, withholding of a reviewed case,
 * review action, policy or order change, audit, recall and disposal certification is one entry.
 *
 * Entries hold no personal data in the clear: the person an entry is about is named by a
 * pseudonym, a keyed hash the holder can recompute from the person's identifiers (see
 * `src/ledger/pseudonym.ts`), so the ledger and its proofs can go to an overseer as they are.
 *
 * Payload values are canonical-JSON ready with no floating point: numbers are safe integers,
 * anything fractional (a match weight) travels as a decimal string.
 */

/** The kinds of ledger entry, in the order they were defined (the order is not part of the encoding). */
export const LEDGER_ENTRY_KINDS = [
  'disclosure',
  'withholding',
  'review',
  'policy_change',
  'order_change',
  'audit',
  'recall',
  'disposal_certification',
  'recall_acknowledgement',
  'key_rotation',
  'verification',
  'incident_report',
  'incident_closure',
  'response_file',
  'retention_purge',
] as const

export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number]

/** True when `value` names a ledger entry kind. */
export function isLedgerEntryKind(value: string): value is LedgerEntryKind {
  return (LEDGER_ENTRY_KINDS as readonly string[]).includes(value)
}

/**
 * A person's pseudonym in the ledger: `pn:` and 64 lower-case hex digits of
 * HMAC-SHA-256(holder secret, identifier). Without the holder's secret it reveals nothing.
 */
export type Pseudonym = `pn:${string}`

/** A value a ledger payload may hold: integers only, never a floating-point number. */
export type LedgerValue = null | boolean | number | string | readonly LedgerValue[] | { readonly [key: string]: LedgerValue | undefined }

/** Fields released to a recipient in one disclosure. */
export interface DisclosurePayload {
  readonly batchId: string
  readonly requestId: string
  /** The receiving party's id. */
  readonly recipient: string
  /** The canonical fields released (DISCLOSABLE_FIELDS), in canonical order. */
  readonly fields: readonly string[]
  /** The agreement version and the digests of the agreement and orders it was decided under. */
  readonly agreementId: string
  readonly agreementDigest: string
  readonly orderDigests: readonly string[]
  /** Digests of the match evidence, the decision and the master snapshot, for exact replay. */
  readonly evidenceDigest: string
  readonly decisionDigest: string
  readonly masterDigest: string
  /** The disclosure's id in the store (so recalls can name it). */
  readonly disclosureId: string
  /**
   * The pseudonym of the master record id disclosed from (migration 0015), beside the entry's
   * subject (the pseudonym of the record's TIN when it had one): which identifiers were one
   * person at disclosure time, so the person's accounting finds the disclosure by either without
   * the master file, even after the master file changes the record's TIN. Absent from entries
   * made before links were kept.
   */
  readonly masterSubject?: string
}

/** A reviewed case that was withheld: nothing went out, and why. */
export interface WithholdingPayload {
  readonly batchId: string
  readonly requestId: string
  readonly recipient: string
  /** Reason codes (SCREAMING_SNAKE, from the decision). */
  readonly reasons: readonly string[]
  readonly decisionDigest: string
}

/** One review action by one reviewer. */
export interface ReviewPayload {
  readonly batchId: string
  readonly requestId: string
  /** The reviewer's id (staff, not a data subject). */
  readonly reviewer: string
  readonly action: 'approve' | 'reject' | 'escalate'
  readonly note?: string
  readonly decisionDigest: string
}

/** A new version of an agreement (or its withdrawal). */
export interface PolicyChangePayload {
  readonly agreementId: string
  readonly version: string
  readonly digest: string
  readonly previousDigest: string | null
  /** ISO 8601 date or time from which the version applies. */
  readonly effectiveFrom: string
}

/** A court order added, amended or lifted. */
export interface OrderChangePayload {
  readonly orderId: string
  readonly action: 'added' | 'amended' | 'lifted'
  readonly digest: string
  readonly effectiveFrom: string
}

/** A retroactive audit: which policy it replayed, over what, and what it found. */
export interface AuditPayload {
  readonly auditId: string
  readonly agreementDigest: string
  readonly orderDigests: readonly string[]
  /** The as-of time the disclosures were re-decided at (ISO 8601). */
  readonly asOf: string
  readonly batches: readonly string[]
  readonly examined: number
  readonly improper: number
  /** Digest of the full audit result kept in the store. */
  readonly resultDigest: string
}

/** A recall notice sent to one recipient. */
export interface RecallPayload {
  readonly noticeId: string
  readonly auditId: string
  readonly recipient: string
  /** Ids of the disclosures recalled. */
  readonly disclosureIds: readonly string[]
  readonly fields: readonly string[]
  readonly reason: string
  /** The day by which disposal must be certified (YYYY-MM-DD). */
  readonly deadline: string
}

/** A recipient's certification that recalled data was disposed of. */
export interface DisposalCertificationPayload {
  readonly noticeId: string
  readonly recipient: string
  readonly disclosureIds: readonly string[]
  /** When the recipient says it disposed of the data (ISO 8601). */
  readonly disposedAt: string
  readonly method: string
  /** The official who certified, by role or id (not a data subject). */
  readonly certifiedBy: string
  readonly documentDigest: string
  /** True when received after the notice's deadline. */
  readonly late: boolean
}

/**
 * A recipient's acknowledgement that it received a recall notice: the step between the notice
 * and the certification of disposal, so the holder can show the recipient knew of the recall
 * and when (docs/rules.md rule 11). One per notice; it certifies nothing about the data itself.
 */
export interface RecallAcknowledgementPayload {
  readonly noticeId: string
  /** The recipient party that acknowledged (the notice's recipient). */
  readonly recipient: string
  /** When it acknowledged (ISO 8601). */
  readonly acknowledgedAt: string
}

/**
 * The ledger's signing key replaced by another (`verigate ledger rotate-key`). Checkpoints of
 * trees up to and including this entry are signed by the old key, later ones by the new key, so
 * an overseer holding the old public key follows the chain: the old key's signature over the
 * statement vouches for the new key, and a checkpoint the old key signs covers this entry. The
 * pseudonym secret is kept across a rotation, so every person keeps one pseudonym.
 */
export interface KeyRotationPayload {
  /** The key id (hex SHA-256 of the SubjectPublicKeyInfo) of the key that signed until now. */
  readonly oldKeyId: string
  /** The old key's public key (base64 of its SubjectPublicKeyInfo, DER). */
  readonly oldPublicKey: string
  /** The key id of the key that signs from now on. */
  readonly newKeyId: string
  /** The new key's public key (base64 of its SubjectPublicKeyInfo, DER). */
  readonly newPublicKey: string
  /** The ledger's size before this entry: the entry's own position. */
  readonly treeSize: number
  /** Hex of the Merkle root of the ledger before this entry (the empty root for an empty ledger). */
  readonly rootHash: string
  /** Base64 Ed25519 signature by the old key over the rotation statement (ENCODING.md, "Key rotations"). */
  readonly oldKeySignature: string
  /** Base64 Ed25519 signature by the new key over the same statement: the new key is held. */
  readonly newKeySignature: string
}

/**
 * An online verification answer that told the requester something about one person: a
 * disclosure made by answering (docs/rules.md rule 10), even though no field value went out. A
 * `VERIFIED` answer discloses that the person is in the holder's records (return information
 * under 26 U.S.C. 6103(b)(2): the very fact that a return exists); a `REVIEW_REQUIRED` answer
 * discloses that a record close to the person is there (see `src/workflow/online-answer.ts`).
 * The entry's subject is the pseudonym of the master record the answer was about, as a batch
 * disclosure's is, so the person's accounting finds it.
 */
export interface VerificationPayload {
  /** The verification's id in the store (`v-` and 24 hex digits). */
  readonly verificationId: string
  /** The requester's id of the record asked about. */
  readonly requestId: string
  /** The receiving party's id. */
  readonly recipient: string
  /** The credential (API key id) that asked: which person or system of the recipient probed. */
  readonly askedBy: string
  /** The answer code the requester was given (`VERIFIED` or `REVIEW_REQUIRED`). */
  readonly answer: string
  /** The fact disclosed, as a field name: `verification` (the person is on file) or `possible_match` (a close record is). */
  readonly fields: readonly string[]
  /** The agreement version and the digests of the agreement and orders it was decided under. */
  readonly agreementId: string
  readonly agreementDigest: string
  readonly orderDigests: readonly string[]
  /** Digests of the match evidence, the decision and the master index, for exact replay. */
  readonly evidenceDigest: string
  readonly decisionDigest: string
  readonly masterDigest: string
  /** The pseudonym of the master record id answered about (see `DisclosurePayload.masterSubject`); absent before migration 0015. */
  readonly masterSubject?: string
}

/**
 * An incident reported to the overseers that must hear of it (docs/rules.md rule 11; IRS Publication
 * 1075: to TIGTA and the IRS Office of Safeguards within 24 hours of discovery). One per incident.
 * The entry's actor is the person who reported, through their own credential; its time is when
 * the report was made, against which `late` was decided.
 */
export interface IncidentReportPayload {
  /** The incident (`inc-…`) and the audit that opened it. */
  readonly incidentId: string
  readonly auditId: string
  /** To whom it was reported, as the reporter named them (e.g. `TIGTA`, `IRS Office of Safeguards`). */
  readonly reportedTo: readonly string[]
  /** The 24-hour deadline the report was due by (ISO 8601 UTC). */
  readonly deadline: string
  /** True when the report was made after `deadline`. */
  readonly late: boolean
  /** The overseer's reference for the report (a case or ticket number), when one was given. */
  readonly reference?: string
}

/**
 * An incident closed: why, and which of its recall notices were still open then. A close with
 * notices still open is refused unless a reason for closing anyway is given, and that reason is
 * recorded here (`closedAnywayReason`). One per incident; the actor is the person who closed it.
 */
export interface IncidentClosurePayload {
  readonly incidentId: string
  readonly auditId: string
  /** Why the incident is closed. */
  readonly reason: string
  /** The notices of the incident's audit with no certification of disposal at closing (ids). */
  readonly openNotices: readonly string[]
  /** Why it was closed although `openNotices` is not empty; absent when every notice was certified. */
  readonly closedAnywayReason?: string
}

/**
 * A response file written for a requester (issue 16): the batch, the file's name and SHA-256
 * digest, and the disclosures whose values it carries (its `DISCLOSED` rows). A file rewritten
 * later (a reviewer's release) is a new file with an entry of its own, so a recall notice can
 * name each recalled record by the digest of every file it went out in. Recorded when the digest
 * differs from the batch's last recorded file: a run that rewrites the same bytes adds nothing.
 */
export interface ResponseFilePayload {
  readonly batchId: string
  /** The requester the file is for (its party id). */
  readonly recipient: string
  /** The file's name as written (`response-<batch>.csv`), without its folder. */
  readonly file: string
  /** `sha256:` and the hex SHA-256 of the file's bytes. */
  readonly digest: string
  /** Its rows, the header not counted (one per request). */
  readonly rows: number
  /** The disclosures whose values it carries (its `DISCLOSED` rows), sorted. */
  readonly disclosureIds: readonly string[]
}

/** A file the holder kept for a batch, as a retention purge deleted it. */
export interface PurgedFile {
  /** What it was: the request file the server kept of an upload, or a response file written for the requester. */
  readonly role: 'request' | 'response'
  /** Its name, without its folder (a path of the server is never written to the ledger). */
  readonly file: string
  /** `sha256:` and the hex SHA-256 of its bytes, read just before it was deleted. */
  readonly digest: string
  readonly bytes: number
}

/**
 * A retention purge of one batch (issue 21; docs/operations.md, *Retention*): the personal values
 * of its request rows and the files the holder kept for it are gone, and this says what was
 * purged and why it was due. Disclosures, decisions, evidence and ledger entries are never
 * purged: an audit after the purge re-decides every disclosure as before it.
 */
export interface RetentionPurgePayload {
  readonly batchId: string
  /** The request rows whose record was reduced to its request id (every row of the batch). */
  readonly requests: number
  /** The files deleted, by name and the digest of their bytes. */
  readonly files: readonly PurgedFile[]
  /** The retention period applied, in days (the agreement's, or a longer `--older-than`). */
  readonly days: number
  /** What the period counts from: the batch's last disclosure, withholding or update (ISO 8601). */
  readonly since: string
  /** The rule that made it due, in words (`agreement irs-ice-2025 2025-as-run: 365 days after …`). */
  readonly rule: string
}

/** The payload type of each kind. */
export interface LedgerPayloads {
  readonly disclosure: DisclosurePayload
  readonly withholding: WithholdingPayload
  readonly review: ReviewPayload
  readonly policy_change: PolicyChangePayload
  readonly order_change: OrderChangePayload
  readonly audit: AuditPayload
  readonly recall: RecallPayload
  readonly disposal_certification: DisposalCertificationPayload
  readonly recall_acknowledgement: RecallAcknowledgementPayload
  readonly key_rotation: KeyRotationPayload
  readonly verification: VerificationPayload
  readonly incident_report: IncidentReportPayload
  readonly incident_closure: IncidentClosurePayload
  readonly response_file: ResponseFilePayload
  readonly retention_purge: RetentionPurgePayload
}

/** An entry as written: kind, time, actor, the person it is about (if any) and the payload. */
export type LedgerEntry<K extends LedgerEntryKind = LedgerEntryKind> = {
  readonly [P in K]: {
    readonly kind: P
    /** When it happened (ISO 8601 UTC with milliseconds, e.g. `2026-11-26T12:00:00.000Z`). */
    readonly at: string
    /** Who or what made the entry: a user id, a party id, or `system`. */
    readonly actor: string
    /** The person the entry is about, pseudonymized; absent for entries about no one person. */
    readonly subject?: Pseudonym
    readonly payload: LedgerPayloads[P]
  }
}[K]

/** An entry as the ledger holds it: with its position and the hashes that chain it. */
export type RecordedLedgerEntry<K extends LedgerEntryKind = LedgerEntryKind> = LedgerEntry<K> & {
  /** The entry's 0-based position in the ledger: its id and its leaf index in the Merkle tree. */
  readonly seq: number
  /** Hex of the previous entry's hash (64 zeros for the first entry). */
  readonly prevHash: string
  /** Hex of this entry's hash: the RFC 6962 leaf hash SHA-256(0x00 || encoding). */
  readonly hash: string
}
