/**
 * Registers a route from its entry in the route table and its documentation: the schemas for
 * validation and OpenAPI, the bearer-key security requirement, and the error responses.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify'
import type { FastifySchemaValidationError } from 'fastify/types/schema.js'
import type { z } from 'zod'
import { errorSchema, jsonSchema } from './schemas.js'
import { ROUTES } from './route-table.js'

/** A route's documentation and schemas. */
export interface RouteDoc {
  readonly summary: string
  readonly description?: string
  readonly tags: readonly string[]
  readonly params?: z.ZodType
  readonly querystring?: z.ZodType
  readonly body?: z.ZodType
  /** Success responses by status; errors are added. */
  readonly response: Readonly<Record<number, z.ZodType | { readonly type: string; readonly format?: string; readonly description: string }>>
  /** A body documented but not parsed (an upload streamed by the handler). */
  readonly streamedBody?: { readonly type: 'string'; readonly format: 'binary'; readonly description: string }
  readonly consumes?: readonly string[]
  readonly produces?: readonly string[]
}

/** A validation failure as Fastify carries it (Ajv's shape), so one error handler reads both. */
class ValidationError extends Error {
  readonly validation: FastifySchemaValidationError[]
  readonly validationContext: string
  readonly statusCode = 400
  constructor(context: string, issues: readonly z.core.$ZodIssue[]) {
    super(`${context} is not valid`)
    this.validationContext = context
    this.validation = issues.map((issue) => {
      const instancePath = issue.path.map((p) => `/${String(p)}`).join('')
      if (issue.code === 'unrecognized_keys') return { keyword: 'additionalProperties', instancePath, schemaPath: '', params: { additionalProperty: issue.keys[0] }, message: issue.message }
      return { keyword: issue.code, instancePath, schemaPath: '', params: {}, message: issue.message }
    })
  }
}

/**
 * Validates with the zod schemas themselves (the JSON Schemas are for the document): bodies are
 * taken as typed, with no coercion (`{"subject": 42}` is a wrong type, not "42"); query and path
 * parameters, which are text on the wire, are coerced where the schema says so.
 */
function zodValidator(parts: Readonly<Record<string, z.ZodType | undefined>>) {
  return ({ httpPart }: { httpPart?: string }) => {
    const schema = httpPart ? parts[httpPart] : undefined
    return (data: unknown) => {
      if (!schema) return { value: data }
      // A request with no body at all reaches here as undefined or null (Fastify 5): it is an empty
      // object, so a route whose body has only optional fields may be called without one.
      const parsed = schema.safeParse(httpPart === 'body' && (data === undefined || data === null) ? {} : data)
      return parsed.success ? { value: parsed.data } : { error: new ValidationError(httpPart ?? 'request', parsed.error.issues) }
    }
  }
}

/** Registers the route `id` of the table. */
export function defineRoute(app: FastifyInstance, id: string, doc: RouteDoc, handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>): void {
  const entry = ROUTES.find((r) => r.id === id)
  if (!entry) throw new Error(`route ${id} is not in the route table`)
  const error = jsonSchema(errorSchema)
  const response: Record<string, unknown> = {}
  for (const [status, schema] of Object.entries(doc.response)) response[status] = 'safeParse' in schema ? jsonSchema(schema as z.ZodType) : schema
  response['4xx'] = { ...error, description: 'The request was refused: see `error.code`.' }
  response['5xx'] = { ...error, description: 'The server failed; the body never carries details.' }
  app.route({
    method: entry.method,
    url: entry.url,
    schema: {
      operationId: id,
      summary: doc.summary,
      ...(doc.description ? { description: doc.description } : {}),
      tags: [...doc.tags],
      ...(entry.roles === 'public' ? {} : { security: [{ bearerAuth: [] }] }),
      ...(doc.params ? { params: jsonSchema(doc.params, 'input') } : {}),
      ...(doc.querystring ? { querystring: jsonSchema(doc.querystring, 'input') } : {}),
      ...(doc.body ? { body: jsonSchema(doc.body, 'input') } : doc.streamedBody ? { body: { ...doc.streamedBody } } : {}),
      ...(doc.consumes ? { consumes: [...doc.consumes] } : {}),
      ...(doc.produces ? { produces: [...doc.produces] } : {}),
      response,
    },
    validatorCompiler: zodValidator({ body: doc.body, querystring: doc.querystring, params: doc.params }),
    handler: handler as RouteHandlerMethod,
  })
}
