/**
 * Test support for the web pages: a store with the holder's people (two reviewers, a supervisor,
 * an overseer) and a requester, each with a personal key, and a real small batch run under an
 * order that sends every would-be disclosure to two reviewers. Under test/, so it never ships.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { hashApiKey, newApiKey } from '../../src/core/index.js'
import { openStore } from '../../src/store/index.js'
import type { Store } from '../../src/store/index.js'
import { readAgreementFile } from '../../src/policy/index.js'
import { createRecalls, listReviewCases, readMasterValues, runAudit, runBatch } from '../../src/workflow/index.js'
import type { ReviewCase } from '../../src/workflow/index.js'
import { AS_OF, CORRECTED_AGREEMENT, RELEASE_AT, makeFixture, writeReviewOrder } from './workflow-test-support.js'
import type { Fixture } from './workflow-test-support.js'
import { appendHeldCase } from './held-case.js'

/** The people of the fixture: user id → role and party. */
export const PEOPLE = {
  'rev-alice': { role: 'reviewer', party: 'irs' },
  'rev-bob': { role: 'reviewer', party: 'irs' },
  'sup-carol': { role: 'supervisor', party: 'irs' },
  'ovr-dana': { role: 'overseer', party: 'tigta' },
  'req-erin': { role: 'requester', party: 'dhs-ice' },
} as const
export type Person = keyof typeof PEOPLE

/** The store, the keys and the batch. */
export interface WebFixture {
  readonly data: Fixture
  readonly store: Store
  readonly keys: Readonly<Record<Person, string>>
  readonly batchId: string
  /** The batch's pending review cases after the run. */
  readonly cases: readonly ReviewCase[]
  /** A batch run earlier under the as-run agreement (it disclosed addresses the corrected one would not), audited, with its recall notices. */
  readonly history: { readonly batchId: string; readonly auditId: string; readonly notices: number }
  close(): Promise<void>
}

/**
 * Builds the fixture in a fresh folder (a few seconds: it generates data and runs a batch);
 * `heldCase` adds request `HELD_REQUEST_ID`, held below match and sent to review.
 */
export async function makeWebFixture(people = 1500, requests = 80, options: { readonly heldCase?: boolean } = {}): Promise<WebFixture> {
  const data = await makeFixture(people, requests, 11)
  // A case the linker holds below match for a named reason (test/support/held-case.ts).
  if (options.heldCase) appendHeldCase(data.master, data.requests)
  // A simulation store: the fixture writes fixed times (issue 15, "One clock").
  const store = await openStore(join(data.dir, 'db.sqlite'), { mode: 'simulation' })
  const at = '2025-08-01T00:00:00.000Z'
  for (const [id, kind] of [['irs', 'holder'], ['tigta', 'overseer'], ['dhs-ice', 'requester']] as const) await store.parties.add({ id, name: id.toUpperCase(), kind, createdAt: at })
  const keys = {} as Record<Person, string>
  for (const [id, p] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
    const { key, prefix } = newApiKey()
    // A low scrypt cost in tests: the check is the same, the wait is not.
    await store.parties.addCredential({ id, partyId: p.party, role: p.role, keyPrefix: prefix, keyHash: await hashApiKey(key, { N: 1024, r: 8, p: 1 }), createdAt: at })
    keys[id] = key
  }
  const run = await runBatch(store, {
    agreementPath: CORRECTED_AGREEMENT,
    ordersDir: writeReviewOrder(data.dir),
    masterPath: data.master,
    requestsPath: data.requests,
    asOf: AS_OF,
    releaseAt: RELEASE_AT,
    outDir: join(data.dir, 'out'),
    keys: data.keys,
    threads: 1,
  })
  const cases = await listReviewCases(store, { batchId: run.batchId, state: 'pending' })
  // History for the oversight page: the same requests answered under the as-run agreement (no
  // review order), then audited under the corrected one, and the improper disclosures recalled.
  const asRun = await runBatch(store, {
    agreementPath: CORRECTED_AGREEMENT.replace('corrected', 'as-run'),
    masterPath: data.master,
    requestsPath: data.requests,
    asOf: AS_OF,
    releaseAt: RELEASE_AT,
    outDir: join(data.dir, 'out-as-run'),
    keys: data.keys,
    threads: 1,
  })
  const auditDay = () => new Date('2026-03-10T09:00:00.000Z')
  const audit = await runAudit(store, { agreement: readAgreementFile(CORRECTED_AGREEMENT), batchIds: [asRun.batchId], now: auditDay })
  const recalls = audit.improper > 0 ? await createRecalls(store, { auditId: audit.auditId, now: auditDay }) : { notices: [] }
  return {
    data,
    store,
    keys,
    batchId: run.batchId,
    cases,
    history: { batchId: asRun.batchId, auditId: audit.auditId, notices: recalls.notices.length },
    async close() {
      await store.close()
      rmSync(data.dir, { recursive: true, force: true })
    },
  }
}

/** The TIN (as `tin:…`) of the person behind the first disclosure of the as-run batch. */
export async function disclosedSubject(fx: WebFixture): Promise<string> {
  const disclosure = (await fx.store.disclosures.byBatch(fx.history.batchId))[0]!
  const masterId = (await fx.store.decisions.get(fx.history.batchId, disclosure.requestId))!.decision.masterId!
  const values = await readMasterValues(fx.data.master, undefined, new Set([masterId]))
  return `tin:${values.get(masterId)!.tin!}`
}

/** The value of a hidden `_csrf` field in a page. */
export function csrfOf(page: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(page)
  if (!m) throw new Error('no CSRF token in the page')
  return m[1]!
}

/** A cookie's value from `set-cookie` headers. */
export function cookieOf(setCookie: string | string[] | undefined, name: string): string | undefined {
  for (const c of [setCookie ?? []].flat()) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c)
    if (m) return m[1]
  }
  return undefined
}
