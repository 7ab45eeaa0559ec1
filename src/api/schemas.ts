/**
 * The request and response schemas of every route, written once in zod and handed to Fastify
 * (validation and the OpenAPI document) as JSON Schema draft-07. Request bodies are strict:
 * an unknown field is refused (`unknown_field`), never silently dropped.
 */
import { z } from 'zod'
import { CANONICAL_FIELDS, HOLD_CODES } from '../core/index.js'

/** A zod schema as the JSON Schema Fastify takes (without `$schema`, which its Ajv would try to resolve). */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io, unrepresentable: 'any' }) as Record<string, unknown>
  return rest
}

const id = z.string().min(1).max(200)

/** The one error shape. */
export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    /** Every reason, where a request is refused for several at once; `code` and `field` are the first one's. */
    issues: z.array(z.object({ code: z.string(), message: z.string(), field: z.string().optional() })).optional(),
  }),
})

export const healthSchema = z.object({ status: z.literal('ok'), checks: z.object({ database: z.string(), master: z.string(), batches: z.string() }) })
export const readySchema = z.object({ status: z.literal('ready'), checks: z.object({ database: z.string(), ledger_key: z.string(), master: z.string(), batches: z.string() }) })

export const whoamiSchema = z.object({ party: z.string(), credential: z.string(), role: z.string(), person: z.string().describe('the person holding the key: whose acts it records') })

export const batchParams = z.strictObject({ batchId: z.string().regex(/^b-[0-9a-f]{20}$/, 'a batch id: b- and 20 hex digits') })
export const caseParams = z.strictObject({ batchId: batchParams.shape.batchId, requestId: id })

export const submitQuery = z.strictObject({ format: z.enum(['csv', 'jsonl']).optional() })

export const batchAcceptedSchema = z.object({
  batch_id: z.string(),
  /** False when the same file was submitted before: the same batch, nothing run twice. */
  created: z.boolean(),
  status_url: z.string(),
})

const progressSchema = z.object({
  state: z.enum(['queued', 'running', 'finished', 'failed']),
  stage: z.string().nullable(),
  done: z.number(),
  total: z.number().nullable(),
})

export const batchStatusSchema = z.object({
  batch_id: z.string(),
  party: z.string(),
  /** `queued`, `running`, `awaiting_review`, `complete` or `failed`. */
  status: z.string(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  progress: progressSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** The batch summary (counts by outcome and answer; no personal data), once there is one. */
  summary: z.record(z.string(), z.unknown()).nullable(),
  response_url: z.string().nullable(),
})
export const batchListSchema = z.object({ batches: z.array(batchStatusSchema) })

export const releaseBody = z.strictObject({
  release_at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(
      'For replay and what-if only: the release time, in a store created as a simulation. A real store refuses it (400 release_at_refused), writing nothing: its releases carry the server’s clock. Leave it out to release now.',
    ),
})
export const releaseSchema = z.object({ batch_id: z.string(), released: z.number(), withheld: z.number(), status: z.string() })

const field = z.string().max(500)
/** One request record: the canonical fields, all text; `id` is required. */
export const verifyBody = z.strictObject(Object.fromEntries(CANONICAL_FIELDS.map((f) => [f, f === 'id' ? id : field.optional()])) as Record<string, z.ZodType>)

export const verifyAnswerSchema = z.object({
  request_id: z.string(),
  verified: z.boolean(),
  answer: z.object({ code: z.string(), message: z.string() }),
  notice: z.string(),
  as_of: z.string(),
  master_digest: z.string(),
})

export const recallSchema = z.object({
  notice_id: z.string(),
  audit_id: z.string(),
  recipient: z.string(),
  disclosure_ids: z.array(z.string()),
  fields: z.array(z.string()),
  reason: z.string(),
  deadline: z.string(),
  status: z.string(),
  created_at: z.string(),
  ledger_seq: z.number().nullable(),
  /** The recipient's acknowledgement of the notice; null until it acknowledges. */
  acknowledgement: z.object({ acknowledged_at: z.string(), actor: z.string(), ledger_seq: z.number() }).nullable(),
})
export const recallListSchema = z.object({ notices: z.array(recallSchema) })
export const noticeParams = z.strictObject({ noticeId: id })
/**
 * A recall notice exported and signed (format `verigate-recall-notice/2`): the document exactly as
 * signed, so its members keep the names the signature covers (camelCase), unlike the API's own.
 */
export const signedRecallNoticeSchema = z.object({
  format: z.literal('verigate-recall-notice/2'),
  notice: z.object({
    noticeId: z.string(),
    auditId: z.string(),
    discloser: z.string(),
    recipient: z.string(),
    disclosureIds: z.array(z.string()),
    fields: z.array(z.string()),
    reason: z.string(),
    disposal: z.enum(['return', 'destroy']),
    deadline: z.string(),
    issuedAt: z.string(),
    ledgerSeq: z.number().nullable(),
  }),
  /** Each recalled record as the recipient knows it. */
  records: z.array(
    z.object({
      requestId: z.string(),
      caseRef: z.string(),
      batchId: z.string(),
      responseFiles: z.array(z.object({ file: z.string(), sha256: z.string(), ledgerSeq: z.number() })),
      fieldsDisclosed: z.array(z.string()),
      fieldsToDispose: z.array(z.string()),
      disclosedAt: z.string(),
      disclosureId: z.string(),
    }),
  ),
  /** The CSV attachment (`GET /v1/recalls/{noticeId}/notice.csv`), by its SHA-256. */
  attachment: z.object({ file: z.string(), sha256: z.string(), rows: z.number() }),
  ledger: z.object({ seq: z.number(), hash: z.string() }),
  keyId: z.string(),
  signature: z.string(),
})
export const certificationBody = z.strictObject({
  noticeId: id,
  recipient: id,
  disclosureIds: z.array(id).min(1).max(1_000_000),
  disposedAt: z.string().max(40),
  method: z.enum(['return', 'destroy']),
  methodDetail: z.string().min(1).max(2000),
  certifiedBy: z.string().min(1).max(200),
  witness: z.string().min(1).max(200).optional(),
})
export const certificationSchema = z.object({ certification_id: z.string(), notice_id: z.string(), received_at: z.string(), late: z.boolean(), ledger_seq: z.number() })
/** An acknowledgement takes no body (or `{}`): who acknowledges is the key's party, when is now. */
export const acknowledgementBody = z.strictObject({})
export const acknowledgementSchema = z.object({
  notice_id: z.string(),
  party: z.string(),
  /** The credential that acknowledged. */
  actor: z.string(),
  acknowledged_at: z.string(),
  ledger_seq: z.number(),
  /** False when the notice had been acknowledged before: the first acknowledgement, unchanged. */
  created: z.boolean(),
})

const reviewCaseSchema = z.object({
  batch_id: z.string(),
  request_id: z.string(),
  master_id: z.string().nullable(),
  approvals_needed: z.number(),
  approved_by: z.array(z.string()),
  rejected_by: z.array(z.string()),
  state: z.string(),
  reasons: z.array(z.string()),
  weight: z.number().nullable(),
})
export const reviewListQuery = z.strictObject({ batch: batchParams.shape.batchId.optional(), state: z.enum(['pending', 'approved', 'rejected', 'released', 'withheld']).optional() })
export const reviewListSchema = z.object({ cases: z.array(reviewCaseSchema) })
/**
 * One reason the linker held a candidate below `match`: a code of the closed list in
 * src/core/hold-reason.ts (docs/rules.md, "Why a candidate is held below match") and its plain words.
 */
export const holdReasonSchema = z.object({ code: z.enum(HOLD_CODES), message: z.string() })
export const reviewDetailSchema = z.object({
  case: reviewCaseSchema,
  /** The decision with every reason (internal ones included: reviewers are holder staff). */
  decision: z.record(z.string(), z.unknown()),
  /**
   * The match evidence: field-by-field comparison levels, weights, rivals, and `holds`: why the
   * linker held the best candidate below `match` (absent for `match` and `none`, and in evidence
   * stored before hold reasons existed).
   */
  evidence: z.looseObject({ status: z.enum(['match', 'possible', 'ambiguous', 'none']), holds: z.array(holdReasonSchema).optional() }),
  actions: z.array(z.object({ reviewer: z.string(), action: z.string(), note: z.string(), created_at: z.string(), ledger_seq: z.number().nullable() })),
})
export const reviewActionBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) })
export const reviewActionSchema = z.object({ case: reviewCaseSchema })

export const oversightBatchesSchema = z.object({
  batches: z.array(z.object({ batch_id: z.string(), agreement: z.string(), requester: z.string(), status: z.string(), created_at: z.string(), updated_at: z.string(), summary: z.record(z.string(), z.unknown()).nullable() })),
})
/** One batch's figures, read from the store now (counts only; no personal data). */
export const batchSummarySchema = z.object({
  batch_id: z.string(),
  status: z.string(),
  requested: z.number(),
  intake_refused: z.number(),
  matched: z.number(),
  possible: z.number(),
  ambiguous: z.number(),
  none: z.number(),
  review: z.number(),
  disclosed: z.number(),
  withheld: z.number(),
  review_cases: z.object({ pending: z.number(), approved: z.number(), rejected: z.number(), released: z.number(), withheld: z.number() }),
  by_reason: z.record(z.string(), z.number()),
  answers: z.record(z.string(), z.number()),
  ledger_entries: z.number(),
})
export const auditListSchema = z.object({
  audits: z.array(z.object({ audit_id: z.string(), created_at: z.string(), agreement_id: z.string(), agreement_digest: z.string(), result_digest: z.string(), ledger_seq: z.number() })),
})
export const auditParams = z.strictObject({ auditId: id })
export const auditSchema = z.record(z.string(), z.unknown())
export const incidentParams = z.strictObject({ incidentId: id })
/** An incident's report: to whom (default: TIGTA and the IRS Office of Safeguards) and the overseer's reference. */
export const incidentReportBody = z.strictObject({
  to: z.array(z.string().trim().min(1).max(200)).min(1).max(10).optional().describe('Whom it was reported to; default TIGTA and the IRS Office of Safeguards (Publication 1075).'),
  reference: z.string().trim().min(1).max(200).optional().describe('The overseer’s reference for the report (a case or ticket number).'),
})
/** An incident's closure: why, and (where recall notices are still open) why close it anyway. */
export const incidentCloseBody = z.strictObject({
  reason: z.string().trim().min(1).max(2000),
  close_anyway: z.string().trim().min(1).max(2000).optional().describe('Why close it although recall notices are still open; without it such a close is refused (409).'),
})
export const incidentStepSchema = z.record(z.string(), z.unknown())
export const incidentListSchema = z.object({ incidents: z.array(z.record(z.string(), z.unknown())) })
export const accountingBody = z.strictObject({ subject: z.string().trim().min(1).max(200) })
export const accountingSchema = z.object({ subjects: z.array(z.string()), searched: z.array(z.string()), foundThroughDecisions: z.number().int(), entries: z.array(z.record(z.string(), z.unknown())) })

export const checkpointListSchema = z.object({
  checkpoints: z.array(z.object({ treeSize: z.number(), rootHash: z.string(), time: z.string(), keyId: z.string(), signature: z.string() })),
})
const count = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
export const inclusionQuery = z.strictObject({ seq: count, tree_size: count })
export const inclusionSchema = z.object({ seq: z.number(), tree_size: z.number(), leaf_hash: z.string(), root_hash: z.string(), proof: z.array(z.string()) })
export const consistencyQuery = z.strictObject({ from: count, to: count })
export const consistencySchema = z.object({ from: z.number(), to: z.number(), from_root: z.string(), to_root: z.string(), proof: z.array(z.string()) })

export const partyListSchema = z.object({ parties: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), created_at: z.string() })) })
