/**
 * What a recall notice names, as the recipient knows it (issue 16): each recalled record by its
 * request id, case reference, batch and the response file(s) it arrived in (by the SHA-256 digest
 * the ledger recorded when each file was written), with the fields disclosed and the fields to
 * dispose of (names, never values); and the CSV attachment a records officer works through, one
 * row per record. The `d-…` disclosure ids are the holder's; the recipient has never seen them.
 */
import { createHash } from 'node:crypto'
import { stringify } from 'csv-stringify/sync'
import { IntegrityError, neutralizeFormula } from '../../core/index.js'
import type { Store } from '../../store/index.js'
import { recordedResponseFiles } from '../response-file.js'
import type { AuditResult } from './audit-types.js'

/** A response file a record arrived in. */
export interface ResponseFileRef {
  /** Its name as written (`response-<batch>.csv`). */
  readonly file: string
  /** `sha256:` and the hex SHA-256 of its bytes, as the ledger recorded it when it was written. */
  readonly sha256: string
  /** The ledger entry (kind `response_file`) that recorded it. */
  readonly ledgerSeq: number
}

/** One recalled record, named as the recipient received it. */
export interface RecalledRecord {
  /** The request id the recipient sent (a row of its request file and of the response file). */
  readonly requestId: string
  /** The recipient's case reference for the request (the response file's `use_limited_to`). */
  readonly caseRef: string
  readonly batchId: string
  /**
   * Every response file that carried the record's values, oldest first; empty where none was
   * recorded (a batch finished before response files were recorded on the ledger).
   */
  readonly responseFiles: readonly ResponseFileRef[]
  /** The fields that went out (names, canonical order). */
  readonly fieldsDisclosed: readonly string[]
  /** The fields to return or destroy: those the audit found improper. */
  readonly fieldsToDispose: readonly string[]
  /** When it was disclosed (ISO 8601). */
  readonly disclosedAt: string
  /** The holder's id of the disclosure, for the certificate that answers the notice. */
  readonly disclosureId: string
}

/**
 * The records a notice recalls, in request-id order within each batch (batches in id order):
 * from the audit's findings, the decisions' case references and the response files the ledger
 * recorded for their batches.
 */
export async function recalledRecords(store: Store, audit: Pick<AuditResult, 'auditId' | 'findings'>, disclosureIds: readonly string[]): Promise<RecalledRecord[]> {
  const wanted = new Set(disclosureIds)
  const findings = audit.findings.filter((f) => wanted.has(f.disclosureId))
  const found = new Set(findings.map((f) => f.disclosureId))
  const missing = disclosureIds.filter((id) => !found.has(id))
  // A notice is issued from its audit's findings: one naming a disclosure its audit never found is a damaged store.
  if (missing.length > 0) throw new IntegrityError(`audit ${audit.auditId} has no finding for disclosure(s) ${missing.slice(0, 5).join(', ')} of its notice`)
  const batches = new Set(findings.map((f) => f.batchId))
  const caseRefs = new Map<string, string>()
  for (const batchId of [...batches].sort()) {
    for (const { decision } of await store.batchQueries.disclosedDecisions(batchId)) caseRefs.set(`${batchId}\n${decision.requestId}`, decision.useLimits.caseRef)
  }
  const filesOf = new Map<string, ResponseFileRef[]>()
  for (const f of await recordedResponseFiles(store, batches)) {
    for (const id of f.disclosureIds) {
      if (!wanted.has(id)) continue
      const list = filesOf.get(id) ?? []
      list.push({ file: f.file, sha256: f.digest, ledgerSeq: f.ledgerSeq })
      filesOf.set(id, list)
    }
  }
  return findings
    .map((f) => ({
      requestId: f.requestId,
      caseRef: caseRefs.get(`${f.batchId}\n${f.requestId}`) ?? '',
      batchId: f.batchId,
      responseFiles: filesOf.get(f.disclosureId) ?? [],
      fieldsDisclosed: f.fields,
      fieldsToDispose: f.improperFields,
      disclosedAt: f.disclosedAt,
      disclosureId: f.disclosureId,
    }))
    .sort((a, b) => (a.batchId !== b.batchId ? (a.batchId < b.batchId ? -1 : 1) : a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0))
}

/** The attachment's columns, in order. Lists inside a cell (files, digests, fields) are separated by `;`. */
export const RECALL_CSV_COLUMNS = [
  'notice_id',
  'request_id',
  'case_ref',
  'batch_id',
  'response_file',
  'response_file_sha256',
  'fields_disclosed',
  'fields_to_dispose',
  'disposal',
  'deadline',
  'disclosed_at',
  'disclosure_id',
] as const

/** What the attachment states besides the records: the notice, how and by when. */
export interface RecallCsvContext {
  readonly noticeId: string
  readonly disposal: 'return' | 'destroy'
  readonly deadline: string
}

/**
 * The attachment's text: a header and one row per record (RFC 4180 through csv-stringify; every
 * cell neutralized against spreadsheet formulas, as a request id or case reference comes from the
 * recipient's own file). The digest column holds the hex SHA-256 alone (`sha256sum` prints it so).
 */
export function recallCsv(context: RecallCsvContext, records: readonly RecalledRecord[]): string {
  const rows = records.map((r) =>
    [
      context.noticeId,
      r.requestId,
      r.caseRef,
      r.batchId,
      r.responseFiles.map((f) => f.file).join(';'),
      r.responseFiles.map((f) => f.sha256.replace(/^sha256:/, '')).join(';'),
      r.fieldsDisclosed.join(';'),
      r.fieldsToDispose.join(';'),
      context.disposal,
      context.deadline,
      r.disclosedAt,
      r.disclosureId,
    ].map(neutralizeFormula),
  )
  return stringify([[...RECALL_CSV_COLUMNS], ...rows], { record_delimiter: 'unix' })
}

/** `sha256:` and the hex SHA-256 of a text's UTF-8 bytes (or of bytes as given). */
export function sha256Of(data: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`
}
