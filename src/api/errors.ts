/**
 * The API's one error shape and its one error handler: every failure answers
 * `{ "error": { "code", "message", "field"? } }` with a stable snake_case code. `VerigateError`
 * codes map to HTTP statuses here and only here (the CLI maps them to exit codes). A failure
 * nobody expected answers `internal` with no detail: never a stack trace or a database message.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { VerigateError } from '../core/index.js'
import type { VerigateErrorCode } from '../core/index.js'

/** The body of every error response. */
export interface ErrorBody {
  readonly error: {
    /** Stable snake_case code: the contract. */
    readonly code: string
    /** A readable sentence: the wording may change. */
    readonly message: string
    /** The offending field (`body.reason`, `query.seq`, `upload`), when one is to blame. */
    readonly field?: string
    /**
     * Every reason, where a request is refused for several at once (a certificate of disposal that
     * differs from its notice in several ways); `code` and `field` are the first one's.
     */
    readonly issues?: readonly ErrorIssue[]
  }
}

/** One of several reasons a request was refused. */
export interface ErrorIssue {
  readonly code: string
  readonly message: string
  readonly field?: string
}

/** An error the API raises itself, with its HTTP status. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field: string | undefined
  /** Every reason, where there are several (the body's `error.issues`). */
  readonly issues: readonly ErrorIssue[] | undefined

  constructor(status: number, code: string, message: string, field?: string, options: { cause?: unknown; issues?: readonly ErrorIssue[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.issues = options.issues
  }
}

/** HTTP status by `VerigateError` code (RFC 9110 §15). */
export const STATUS_BY_CODE: Readonly<Record<VerigateErrorCode, number>> = {
  invalid_input: 400,
  invalid_document: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  integrity: 500,
  unsupported: 400,
  internal: 500,
}

/** Fastify's own client errors, by its error code. */
const FASTIFY_CODES: Readonly<Record<string, { readonly status: number; readonly code: string; readonly message: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', message: 'the request body is larger than this server accepts' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'this content type is not accepted here' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_body', message: 'the Content-Length does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', message: 'the body is empty but the content type is JSON' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json', message: 'the body is not valid JSON' },
  FST_ERR_BAD_URL: { status: 400, code: 'invalid_url', message: 'the URL cannot be decoded' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'uri_too_long', message: 'a part of the URL is longer than any this API accepts' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'invalid_request', message: 'the request cannot be routed' },
}

/** The body of an error response. */
export function errorBody(code: string, message: string, field?: string, issues?: readonly ErrorIssue[]): ErrorBody {
  return { error: { code, message, ...(field === undefined ? {} : { field }), ...(issues === undefined ? {} : { issues }) } }
}

interface ValidationItem {
  readonly instancePath?: string
  readonly keyword?: string
  readonly message?: string
  readonly params?: Record<string, unknown>
}

/** The field a schema validation failure is about, as `body.reason` or `query.seq`. */
function validationField(context: string | undefined, item: ValidationItem | undefined): string | undefined {
  if (!item) return context
  const path = (item.instancePath ?? '').split('/').filter(Boolean)
  const extra = item.params?.['missingProperty'] ?? item.params?.['additionalProperty']
  if (typeof extra === 'string') path.push(extra)
  return [context, ...path].filter(Boolean).join('.') || undefined
}

/** Maps any thrown value to a status and body; `internal` for everything unexpected. */
export function toErrorResponse(error: unknown): { readonly status: number; readonly body: ErrorBody; readonly expected: boolean } {
  if (error instanceof ApiError) return { status: error.status, body: errorBody(error.code, error.message, error.field, error.issues), expected: true }
  if (error instanceof VerigateError) {
    const status = STATUS_BY_CODE[error.code]
    if (status >= 500) return { status, body: errorBody('internal', 'the server could not complete the request; it has been logged'), expected: false }
    const field = error.issues.find((i) => i.path?.field)?.path?.field
    return { status, body: errorBody(error.code, error.message, field), expected: true }
  }
  const fastifyError = error as Partial<FastifyError> & { validation?: ValidationItem[]; validationContext?: string }
  if (Array.isArray(fastifyError.validation)) {
    const first = fastifyError.validation[0]
    const field = validationField(fastifyError.validationContext, first)
    const unknown = first?.keyword === 'additionalProperties'
    return {
      status: 400,
      body: errorBody(unknown ? 'unknown_field' : 'invalid_input', `${field ?? 'the request'}: ${unknown ? 'is not a known field' : (first?.message ?? 'is not valid')}`, field),
      expected: true,
    }
  }
  const known = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined
  if (known) return { status: known.status, body: errorBody(known.code, known.message), expected: true }
  if (fastifyError.statusCode === 429) return { status: 429, body: errorBody('rate_limited', 'too many requests from this party: slow down and retry later'), expected: true }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500 && fastifyError.code?.startsWith('FST_')) {
    return { status: fastifyError.statusCode, body: errorBody('invalid_request', 'the request could not be read'), expected: true }
  }
  return { status: 500, body: errorBody('internal', 'the server could not complete the request; it has been logged'), expected: false }
}

/**
 * The app's error handler. Logs the request id, the code and the error's class (never its
 * message, which may quote personal data or SQL), then answers the one error shape.
 */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body, expected } = toErrorResponse(error)
  if (expected) {
    request.log.info({ code: body.error.code, status }, 'request refused')
  } else {
    // The class and the driver's code (an SQLSTATE, SQLITE_…) say what failed without quoting data.
    const errorClass = error instanceof Error ? error.constructor.name : typeof error
    const driverCode = (error as { code?: unknown }).code
    request.log.error({ code: body.error.code, status, errorClass, ...(typeof driverCode === 'string' ? { driverCode } : {}) }, 'request failed')
  }
  return reply.code(status).type('application/json; charset=utf-8').send(body)
}

/** The status line's reason phrases of the answers `clientErrorAnswer` gives. */
const REASON: Readonly<Record<number, string>> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' }

/**
 * The raw HTTP answer to a request Node's parser refused before Fastify saw it (headers or URL
 * over the size limit: 431; too slow: 408; anything else unreadable: 400), in the API's error
 * shape and echoing nothing the client sent. Fastify's own answer has another shape.
 */
export function clientErrorAnswer(error: { readonly code?: string }): string {
  const [status, body] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, errorBody('headers_too_large', 'the request’s headers (the URL included) are larger than this server accepts')]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, errorBody('request_timeout', 'the request did not arrive in time')]
        : [400, errorBody('invalid_request', 'the request could not be read')]
  const json = JSON.stringify(body)
  return `HTTP/1.1 ${status} ${REASON[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`
}
