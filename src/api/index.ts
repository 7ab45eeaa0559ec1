/**
 * @module api
 * The HTTP API for requesting agencies, reviewers and overseers (issue 9): a face over the batch,
 * review and audit workflow, on Fastify, with per-party API keys, roles, schemas and OpenAPI.
 */
export { buildApp, API_VERSION } from './app.js'
export type { BuildAppOptions } from './app.js'
export { DEFAULT_LIMITS } from './api-context.js'
export type { ApiContext, ApiLimits } from './api-context.js'
export { createAuthenticator, authorize } from './auth.js'
export type { Authenticator, Principal } from './auth.js'
export { createBatchService } from './batch-service.js'
export type { BatchJob, BatchService, BatchServiceOptions, UploadFormat } from './batch-service.js'
export { createOnlineVerifier, verifierOf } from '../workflow/index.js'
export type { OnlineVerifier, OnlineVerifierOptions, VerifyAnswer } from '../workflow/index.js'
export { ApiError, STATUS_BY_CODE, errorBody, toErrorResponse } from './errors.js'
export type { ErrorBody } from './errors.js'
export { ROUTES, routeAccess } from './route-table.js'
export type { RouteAccess } from './route-table.js'
