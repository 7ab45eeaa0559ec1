/**
 * The web face as a Fastify plugin: sign-in with a person's credential, server-side sessions,
 * CSRF tokens on every form POST, and the review, batch and oversight pages. Deny by default:
 * every route must be in `WEB_ROUTES` (registration fails otherwise) and every non-public one
 * needs a live session of an allowed role. Pages are plain HTML with a strict Content Security
 * Policy (scripts only from this server).
 */
import { performance } from 'node:perf_hooks'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import { VerigateError, parseApiKey, samePerson, verifyApiKey, withoutForbiddenCharacters } from '../core/index.js'
import type { CanonicalRecord } from '../core/index.js'
import type { LedgerKeys } from '../ledger/index.js'
import { barChartSpec, outcomeReasonSpec, renderChartSvg, weightHistogramSpec } from '../report/index.js'
import { verifyStore } from '../store/index.js'
import type { Store } from '../store/index.js'
import { ConflictError, CredentialRefusedError, accountingFor, actorOf, incidentLifecycles, recheckCredential, listReviewCases, loadAudit, loadBatch, parseSubject, readMasterValues, recallStatus, reviewCase, showReviewCase, summarizeBatch } from '../workflow/index.js'
import type { ReviewState } from '../workflow/index.js'
import { STYLESHEET, KEYS_SCRIPT, WEB_PREFIX } from './layout.js'
import { trusted } from './markup.js'
import type { Markup } from './markup.js'
import { batchListPage, batchPage } from './batch-pages.js'
import { documentHistories } from './documents.js'
import { oversightPage } from './oversight-page.js'
import type { OversightView } from './oversight-page.js'
import { QUEUE_PAGE_SIZE, casePage, casePath, queuePage } from './review-pages.js'
import type { CaseView } from './review-pages.js'
import { createFailureLimiter } from './failure-limiter.js'
import type { FailureLimiter } from './failure-limiter.js'
import { createSessionStore, sameToken } from './sessions.js'
import type { SessionStore, WebSession } from './sessions.js'
import { errorPage, signInPage } from './sign-in-page.js'
import { PERSON_ROLES, webRouteAccess } from './web-routes.js'
import { waterfallSpec } from './waterfall-spec.js'

/** Options of the web plugin. */
export interface WebOptions {
  readonly store: Store
  /** The ledger keys: verifying the ledger and the accounting need them. */
  readonly keys?: LedgerKeys | undefined
  /** The clock of review actions (tests pass a fixed one). */
  readonly now?: () => Date
  /** The sessions (default: in memory, 30 minutes idle, 12 hours at most). */
  readonly sessions?: SessionStore
  /** Failed sign-ins by client address (default: a limiter of its own; the API passes the one it shares). */
  readonly failures?: FailureLimiter
}

/** The session cookie's name. */
export const SESSION_COOKIE = 'vg_session'
/** The pre-session cookie that carries the sign-in form's CSRF token. */
export const SIGN_IN_COOKIE = 'vg_signin'

declare module 'fastify' {
  interface FastifyRequest {
    /** The person signed in, on web routes; null otherwise. */
    webSession: WebSession | null
  }
}

/** A refusal the pages show as an error page with its status. */
class PageError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

const STATUS: Readonly<Record<string, number>> = { invalid_input: 400, invalid_document: 400, not_found: 404, conflict: 409, forbidden: 403, unauthenticated: 401, unsupported: 400 }

function sendPage(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body)
}

function formOf(request: FastifyRequest): Record<string, string> {
  const body = request.body
  if (!body || typeof body !== 'object') return {}
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) if (typeof v === 'string') out[k] = v
  return out
}

/** Where to go after signing in: only a path of this face (no open redirect). */
function safeNext(next: string | undefined): string {
  return next && next.startsWith(`${WEB_PREFIX}/`) && !next.startsWith('//') && !next.includes('\\') ? next : `${WEB_PREFIX}/`
}

/** The request record of a batch, by id. */
async function findRequest(store: Store, batchId: string, requestId: string): Promise<CanonicalRecord | undefined> {
  return (await store.requests.get(batchId, requestId))?.record
}

/** The master values of some records of a batch's master, or none when the data file cannot be read. */
async function mastersOf(store: Store, batchId: string, ids: ReadonlySet<string>): Promise<ReadonlyMap<string, CanonicalRecord>> {
  try {
    const { settings } = await loadBatch(store, batchId)
    if (!settings.masterDataPath) return new Map()
    return await readMasterValues(settings.masterDataPath, settings.masterMapPath ?? undefined, ids)
  } catch {
    return new Map()
  }
}

/**
 * The plugin. Register it with `await app.register(webPlugin, { store, keys })`.
 *
 * @example
 * const app = Fastify()
 * await app.register(webPlugin, { store })
 * // GET /ui/sign-in answers the sign-in form
 */
export async function webPlugin(app: FastifyInstance, options: WebOptions): Promise<void> {
  const { store } = options
  const now = options.now ?? (() => new Date())
  const sessions = options.sessions ?? createSessionStore()
  const failures = options.failures ?? createFailureLimiter()

  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (!webRouteAccess(method, route.url)) throw new Error(`web route ${method} ${route.url} has no entry in WEB_ROUTES (src/web/web-routes.ts)`)
    }
  })
  await app.register(cookie)
  await app.register(formbody, { bodyLimit: 16 * 1024 })
  app.decorateRequest('webSession', null)

  const cookieOptions = (request: FastifyRequest, maxAge: number) => ({ path: WEB_PREFIX, httpOnly: true, sameSite: 'strict' as const, secure: request.protocol === 'https', maxAge })

  app.addHook('onRequest', async (request, reply) => {
    const access = webRouteAccess(request.method, request.routeOptions.url ?? '')
    if (!access) throw new PageError(404, 'There is no such page.')
    if (access.roles === 'public') return
    const session = sessions.find(request.cookies[SESSION_COOKIE])
    if (!session) {
      if (request.method === 'GET') {
        await reply.redirect(`${WEB_PREFIX}/sign-in?next=${encodeURIComponent(request.url)}`, 303)
        return reply
      }
      throw new PageError(401, 'Your session has ended: sign in again.')
    }
    // The session stands for a credential: revoked since (by any process: `verigate party key
    // revoke` beside `verigate serve`), or no longer fit to act, the session ends now. One
    // indexed read per request.
    try {
      await recheckCredential(store, session.userId, session.role)
    } catch (error) {
      if (!(error instanceof CredentialRefusedError)) throw error
      sessions.close(request.cookies[SESSION_COOKIE])
      void reply.clearCookie(SESSION_COOKIE, { path: WEB_PREFIX })
      request.log.info({ user: session.userId }, 'session ended: its key may no longer act')
      throw new PageError(401, 'Your session has ended: your key has been revoked or may no longer act. Sign in again with a key that may.')
    }
    request.webSession = session
    if (!access.roles.includes(session.role)) throw new PageError(403, `The role ${session.role} may not open this page.`)
    return undefined
  })
  // CSRF: every form POST of a signed-in person carries the session's token (the sign-in form
  // carries the pre-session cookie's). SameSite=Strict cookies are the second line.
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'POST') return
    const sent = formOf(request)['_csrf'] ?? ''
    const expected = request.webSession ? request.webSession.csrfToken : (request.cookies[SIGN_IN_COOKIE] ?? '')
    if (!expected || !sent || !sameToken(sent, expected)) throw new PageError(403, 'This form has expired or did not come from this site (CSRF check failed): reload the page and try again.')
  })
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    reply.header('x-frame-options', 'DENY')
    reply.header('referrer-policy', 'no-referrer')
    reply.header('x-content-type-options', 'nosniff')
    return payload
  })
  app.setErrorHandler((error, request, reply) => {
    const session = request.webSession ?? undefined
    if (error instanceof PageError) return sendPage(reply, error.status, errorPage(error.status, error.message, session))
    if (error instanceof VerigateError && STATUS[error.code] !== undefined) return sendPage(reply, STATUS[error.code]!, errorPage(STATUS[error.code]!, error.message, session))
    const status = (error as { statusCode?: number }).statusCode
    if (typeof status === 'number' && status >= 400 && status < 500) return sendPage(reply, status, errorPage(status, 'The request could not be read.', session))
    request.log.error({ errorClass: error instanceof Error ? error.constructor.name : typeof error }, 'page failed')
    return sendPage(reply, 500, errorPage(500, 'The page could not be made; the error has been logged.', session))
  })

  app.get(`${WEB_PREFIX}/assets/app.css`, async (_request, reply) => reply.type('text/css; charset=utf-8').send(STYLESHEET))
  app.get(`${WEB_PREFIX}/assets/keys.js`, async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(KEYS_SCRIPT))

  const showSignIn = (request: FastifyRequest, reply: FastifyReply, status: number, extra: { error?: string; userId?: string; next?: string }) => {
    const token = sessions.newCsrfToken()
    void reply.setCookie(SIGN_IN_COOKIE, token, cookieOptions(request, 600))
    return sendPage(reply, status, signInPage({ token, next: safeNext(extra.next), ...(extra.error ? { error: extra.error } : {}), ...(extra.userId ? { userId: extra.userId } : {}) }))
  }
  app.get(`${WEB_PREFIX}/sign-in`, async (request, reply) => showSignIn(request, reply, 200, { next: (request.query as { next?: string }).next ?? '' }))
  app.post(`${WEB_PREFIX}/sign-in`, async (request, reply) => {
    const form = formOf(request)
    const userId = (form['user'] ?? '').trim()
    const key = (form['key'] ?? '').trim()
    // Too many failures from this address: refused before the key is hashed.
    const wait = failures.retryAfter(request.ip)
    if (wait > 0) {
      void reply.header('retry-after', String(wait))
      return showSignIn(request, reply, 429, { error: `Too many failed sign-ins from this address: try again in ${wait} s.`, userId, next: form['next'] ?? '' })
    }
    const refuse = () => {
      failures.fail(request.ip)
      return showSignIn(request, reply, 401, { error: 'The user id or the key is not right, or the key has been revoked.', userId, next: form['next'] ?? '' })
    }
    const parts = parseApiKey(key)
    if (!userId || !parts) return refuse()
    const credential = (await store.parties.activeCredentials(parts.prefix)).find((c) => c.id === userId)
    if (!credential || !(await verifyApiKey(key, credential.keyHash))) return refuse()
    let actor
    try {
      actor = actorOf(credential)
    } catch (error) {
      if (!(error instanceof CredentialRefusedError)) throw error
      return showSignIn(request, reply, 403, { error: `This key may not sign in: ${error.message}.`, userId })
    }
    if (!(PERSON_ROLES as readonly string[]).includes(actor.role)) {
      return showSignIn(request, reply, 403, { error: `A ${actor.role} key is for the API, not for these pages.`, userId })
    }
    const { token } = sessions.open({ userId: actor.credentialId, person: actor.person, partyId: actor.partyId, role: actor.role })
    void reply.clearCookie(SIGN_IN_COOKIE, { path: WEB_PREFIX })
    void reply.setCookie(SESSION_COOKIE, token, cookieOptions(request, Math.floor(sessions.limits.absoluteMs / 1000)))
    request.log.info({ user: credential.id }, 'signed in')
    return reply.redirect(form['next'] ? safeNext(form['next']) : `${WEB_PREFIX}/`, 303)
  })
  app.post(`${WEB_PREFIX}/sign-out`, async (request, reply) => {
    sessions.close(request.cookies[SESSION_COOKIE])
    void reply.clearCookie(SESSION_COOKIE, { path: WEB_PREFIX })
    return reply.redirect(`${WEB_PREFIX}/sign-in`, 303)
  })
  app.get(WEB_PREFIX, async (_request, reply) => reply.redirect(`${WEB_PREFIX}/`, 301))
  app.get(`${WEB_PREFIX}/`, async (request, reply) => {
    const role = request.webSession!.role
    return reply.redirect(role === 'reviewer' || role === 'supervisor' ? `${WEB_PREFIX}/review` : `${WEB_PREFIX}/oversight`, 303)
  })

  const STATES = new Set(['pending', 'approved', 'rejected', 'released', 'withheld', 'all'])
  app.get(`${WEB_PREFIX}/review`, async (request, reply) => {
    const q = request.query as { state?: string; batch?: string; page?: string }
    const state = q.state && STATES.has(q.state) ? q.state : 'pending'
    const batch = q.batch?.trim() || undefined
    const page = Math.max(1, Math.min(1e6, Number.parseInt(q.page ?? '1', 10) || 1))
    const all = await listReviewCases(store, { ...(batch ? { batchId: batch } : {}), ...(state === 'all' ? {} : { state: state as ReviewState }) })
    const cases = all.slice((page - 1) * QUEUE_PAGE_SIZE, page * QUEUE_PAGE_SIZE)
    return sendPage(reply, 200, queuePage({ session: request.webSession!, cases, total: all.length, page, state, batch }))
  })

  const caseView = async (session: WebSession, batchId: string, requestId: string, extra: Pick<CaseView, 'notice' | 'reason'> = {}): Promise<CaseView> => {
    const detail = await showReviewCase(store, batchId, requestId)
    const best = detail.evidence.best
    const ids = new Set([...(best ? [best.masterId] : []), ...detail.evidence.rivals.map((r) => r.masterId)])
    const [request, masters, pending] = await Promise.all([findRequest(store, batchId, requestId), mastersOf(store, batchId, ids), listReviewCases(store, { batchId, state: 'pending' })])
    const open = pending.filter((c) => ![...c.approvedBy, ...c.rejectedBy].some((p) => samePerson(p, session.person)))
    const next = open.find((c) => c.requestId > requestId)
    const previous = [...open].reverse().find((c) => c.requestId < requestId)
    let waterfall: Markup | undefined
    if (best) {
      const svg = await renderChartSvg(waterfallSpec(best), { id: 'waterfall', title: `Match weight of ${best.masterId}`, description: `The prior weight and each field’s partial weight, adding up to ${best.weight.toFixed(2)} bits.` })
      waterfall = trusted(svg)
    }
    return { session, detail, request, masters, waterfall, next: next ? casePath(batchId, next.requestId) : undefined, previous: previous ? casePath(batchId, previous.requestId) : undefined, ...extra }
  }
  const DONE: Readonly<Record<string, string>> = { approve: 'Your approval is recorded in the ledger.', reject: 'Your rejection is recorded in the ledger.' }
  app.get(`${WEB_PREFIX}/review/:batchId/:requestId`, async (request, reply) => {
    const { batchId, requestId } = request.params as { batchId: string; requestId: string }
    const done = (request.query as { done?: string }).done
    const notice = done && DONE[done] ? { kind: 'ok' as const, text: DONE[done] } : undefined
    return sendPage(reply, 200, casePage(await caseView(request.webSession!, batchId, requestId, notice ? { notice } : {})))
  })
  for (const action of ['approve', 'reject'] as const) {
    app.post(`${WEB_PREFIX}/review/:batchId/:requestId/${action}`, async (request, reply) => {
      const { batchId, requestId } = request.params as { batchId: string; requestId: string }
      const session = request.webSession!
      const reason = (formOf(request)['reason'] ?? '').trim()
      const refuse = async (status: number, text: string) => sendPage(reply, status, casePage(await caseView(session, batchId, requestId, { notice: { kind: 'bad', text }, reason })))
      if (reason === '') return refuse(400, `A reason is required to ${action}.`)
      if (reason.length > 2000) return refuse(400, 'The reason is longer than 2,000 characters.')
      try {
        await reviewCase(store, { batchId, requestId, reviewer: session.person, action, reason, ...(options.now ? { at: now() } : {}) })
      } catch (error) {
        if (error instanceof ConflictError) return refuse(409, error.message)
        // A note refused (a control or bidirectional-override character): said on the case page.
        // The note comes back in the form without the refused characters, to correct and send again.
        if (error instanceof VerigateError && error.code === 'invalid_input') {
          return sendPage(reply, 400, casePage(await caseView(session, batchId, requestId, { notice: { kind: 'bad', text: error.message }, reason: withoutForbiddenCharacters(reason) })))
        }
        throw error
      }
      request.log.info({ batchId, requestId, action }, 'case reviewed')
      return reply.redirect(`${casePath(batchId, requestId)}?done=${action}`, 303)
    })
  }

  app.get(`${WEB_PREFIX}/batches`, async (request, reply) => sendPage(reply, 200, batchListPage(request.webSession!, await store.batches.list())))
  app.get(`${WEB_PREFIX}/batches/:batchId`, async (request, reply) => {
    const { batchId } = request.params as { batchId: string }
    const batch = await store.batches.get(batchId)
    if (!batch) throw new PageError(404, `There is no batch ${batchId}.`)
    const figures = await summarizeBatch(store, batchId, { masterDigest: '', thresholds: { match: 0, possible: 0 } })
    const r = figures.report
    const outcomes = trusted(await renderChartSvg(outcomeReasonSpec(r.outcomes), { id: 'outcomes', title: 'Outcomes by reason', description: 'Decisions by outcome and reason code; a decision may carry several reasons.' }))
    const weights = trusted(await renderChartSvg(weightHistogramSpec(r.weights, null), { id: 'weights', title: 'Match-weight distribution', description: 'How many accepted requests had a best candidate at each match weight, in bits.' }))
    const refusals =
      r.intakeRefusals.length === 0
        ? null
        : trusted(await renderChartSvg(barChartSpec(r.intakeRefusals.map((x) => ({ label: x.code, count: x.count })), { measure: 'Requests', codeLabels: true }), { id: 'refusals', title: 'Intake refusals', description: 'Requests refused at intake, by issue code.' }))
    return sendPage(reply, 200, batchPage({ session: request.webSession!, batch, summary: figures.summary, charts: { outcomes, weights, refusals } }))
  })

  const oversightView = async (session: WebSession, extra: Pick<OversightView, 'verification' | 'accounting'> = {}): Promise<OversightView> => {
    const asOf = now()
    const [ledgerSize, checkpoints, auditRows, recalls, incidents, documents, purges] = await Promise.all([
      store.ledger.size(),
      store.ledger.checkpoints(),
      store.audits.list(),
      recallStatus(store, asOf),
      incidentLifecycles(store, asOf),
      documentHistories(store),
      store.retentionPurges.list(),
    ])
    const audits = await Promise.all(
      [...auditRows].reverse().map(async (a) => {
        try {
          return { id: a.id, createdAt: a.createdAt, result: await loadAudit(store, a.id) }
        } catch {
          return { id: a.id, createdAt: a.createdAt, result: null }
        }
      }),
    )
    return { session, ledgerSize, lastCheckpoint: checkpoints[checkpoints.length - 1], audits, recalls, incidents, documents, purges, ...extra }
  }
  app.get(`${WEB_PREFIX}/oversight`, async (request, reply) => sendPage(reply, 200, oversightPage(await oversightView(request.webSession!))))
  app.post(`${WEB_PREFIX}/oversight/verify`, async (request, reply) => {
    if (!options.keys) throw new PageError(503, 'This server was started without the ledger key (--key): it cannot check checkpoint signatures.')
    const started = performance.now()
    // The ledger, and the tables derived from it (disclosures, reviews, recalls, …) against it.
    const result = await verifyStore(store, options.keys.publicKey)
    const ms = Math.round(performance.now() - started)
    request.log.info({ ok: result.ok, size: result.size }, 'ledger verified')
    return sendPage(reply, 200, oversightPage(await oversightView(request.webSession!, { verification: { result, ms } })))
  })
  app.post(`${WEB_PREFIX}/oversight/accounting`, async (request, reply) => {
    if (!options.keys) throw new PageError(503, 'This server was started without the ledger key (--key), which keys the pseudonyms.')
    const subject = (formOf(request)['subject'] ?? '').trim()
    let accounting: OversightView['accounting']
    try {
      accounting = { subject, result: await accountingFor(store, options.keys.holderSecret, parseSubject(subject)) }
    } catch (error) {
      if (!(error instanceof VerigateError)) throw error
      accounting = { subject, error: error.message }
    }
    return sendPage(reply, accounting && 'error' in accounting ? 400 : 200, oversightPage(await oversightView(request.webSession!, { accounting })))
  })
}
