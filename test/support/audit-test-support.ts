/**
 * Test support for the audit: an incident-like recorded history made by the real batch runner.
 * Generated data with the incident's kinds of bad request address at a higher rate (so a small
 * run has dozens of them), run under the as-run agreement in two batches: one released on
 * 7 August 2025, one on 2 March 2026 (after the D. Mass. order of 5 February 2026). Under
 * test/, so it never ships.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import pg from 'pg'
import { loadOrCreateLedgerKeys } from '../../src/ledger/index.js'
import type { LedgerKeys } from '../../src/ledger/index.js'
import { readAgreementFile, readOrdersDir } from '../../src/policy/index.js'
import type { ValidatedAgreement, ValidatedOrder } from '../../src/policy/index.js'
import { openStore } from '../../src/store/index.js'
import type { Store } from '../../src/store/index.js'
import { generate } from '../../src/synth/index.js'
import { runBatch } from '../../src/workflow/batch/index.js'
import { INCIDENT_DATA } from '../../src/workflow/run-demo.js'

/** The repository root (this file runs from dist/src/workflow/audit/). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
export const VERIGATE_BIN = join(REPO_ROOT, 'bin/verigate.js')

/** The agreement of policies/agreements by its version suffix (`as-run`, `corrected`, …). */
export function agreementFile(reading: 'as-run' | 'corrected' | 'court-reading' | 'agency-reading'): string {
  return join(REPO_ROOT, `policies/agreements/irs-ice-2025-${reading}.yaml`)
}

export function agreement(reading: 'as-run' | 'corrected' | 'court-reading' | 'agency-reading'): ValidatedAgreement {
  return readAgreementFile(agreementFile(reading))
}

/** The D. Mass. order alone (no residential addresses from 5 February 2026). */
export function residentialOrder(): ValidatedOrder[] {
  return readOrdersDir(join(REPO_ROOT, 'policies/orders')).filter((o) => o.document.id === 'dmass-2026-02-05-residential')
}

/** When the D. Mass. order takes effect. */
export const ORDER_FROM = '2026-02-05T00:00:00.000Z'
export const FIRST_RELEASE = '2025-08-07T16:00:00.000Z'
export const SECOND_RELEASE = '2026-03-02T16:00:00.000Z'

/** One row of truth.csv (the columns the audit tests read). */
export interface TruthRow {
  readonly request_id: string
  readonly master_id: string
  readonly noise: string
  readonly address_complete: string
  readonly address_kind: string
}

/** A recorded history to audit. */
export interface History {
  readonly dir: string
  readonly store: Store
  readonly keys: LedgerKeys
  readonly batchIds: readonly [string, string]
  readonly truth: ReadonlyMap<string, TruthRow>
  /** The TIN each request stated ('' when none). */
  readonly requestTin: ReadonlyMap<string, string>
  /** The TIN of each master record ('' when none). */
  readonly masterTin: ReadonlyMap<string, string>
  readonly master: string
  /** Closes the store, drops its PostgreSQL schema (when it has one) and removes `dir`. */
  dispose(): Promise<void>
}

/**
 * Generates the data and runs the two batches under the as-run agreement, in a SQLite store in a
 * new folder or, with `place.pgUrl`, in a PostgreSQL schema (`place.pgSchema`). Street typos and
 * missing ZIP codes are switched off: the standardizer grades "123 Main St Springfield OR" (city
 * and state, no ZIP) below complete where docs/rules.md rule 2 calls it complete, and a street typo
 * lowers the address agreement where the truth says the address is the same; either would make
 * the truth and the decisions disagree for reasons that are not the audit's.
 */
export async function recordHistory(people = 3000, requests = 600, seed = 7, place: { readonly pgUrl?: string; readonly pgSchema?: string } = {}): Promise<History> {
  const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
  const data = join(dir, 'data')
  await generate({ scenario: 'incident', people, requests, seed, inMasterRate: 0.6, zipMissingRate: 0, streetTypoRate: 0, addressKindWeights: INCIDENT_DATA.addressKindWeights }, data)
  const lines = readFileSync(join(data, 'requests.csv'), 'utf8').split('\n').filter((l) => l !== '')
  const cut = 1 + Math.floor((lines.length - 1) * 0.6)
  const first = join(dir, 'requests-1.csv')
  const second = join(dir, 'requests-2.csv')
  writeFileSync(first, `${lines.slice(0, cut).join('\n')}\n`)
  writeFileSync(second, `${[lines[0], ...lines.slice(cut)].join('\n')}\n`)
  const { keys } = loadOrCreateLedgerKeys(join(dir, 'ledger.key'))
  // A simulation store: the incident is replayed at its own times (issue 15, "One clock").
  // On PostgreSQL (`place`), in a schema of its own that `dispose` drops; else SQLite in `dir`.
  const store = place.pgUrl ? await openStore(place.pgUrl, { schema: place.pgSchema, mode: 'simulation' }) : await openStore(join(dir, 'db.sqlite'), { mode: 'simulation' })
  const master = join(data, 'master.csv')
  const common = { agreementPath: agreementFile('as-run'), masterPath: master, outDir: join(dir, 'out'), keys, threads: 1 }
  const b1 = await runBatch(store, { ...common, requestsPath: first, asOf: '2025-08-07T12:00:00.000Z', releaseAt: FIRST_RELEASE })
  const b2 = await runBatch(store, { ...common, requestsPath: second, asOf: '2026-03-02T12:00:00.000Z', releaseAt: SECOND_RELEASE })
  const truthRows = parse(readFileSync(join(data, 'truth.csv')), { columns: true }) as TruthRow[]
  const requestRows = parse(readFileSync(join(data, 'requests.csv')), { columns: true }) as { request_id: string; tin: string }[]
  const masterRows = parse(readFileSync(master), { columns: true }) as { id: string; tin: string }[]
  return {
    dir,
    store,
    keys,
    batchIds: [b1.batchId, b2.batchId],
    truth: new Map(truthRows.map((r) => [r.request_id, r])),
    requestTin: new Map(requestRows.map((r) => [r.request_id, r.tin.trim()])),
    masterTin: new Map(masterRows.map((r) => [r.id, r.tin.trim()])),
    master,
    async dispose() {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
      if (!place.pgUrl) return
      const client = new pg.Client({ connectionString: place.pgUrl })
      await client.connect()
      try {
        await client.query(`drop schema if exists ${place.pgSchema} cascade`)
      } finally {
        await client.end()
      }
    },
  }
}
