/**
 * Test support for the workflow: generated data (the `demo` scenario's rates at a small size),
 * its truth, and the repository's policy documents. Under test/, so it never ships.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { loadOrCreateLedgerKeys } from '../../src/ledger/index.js'
import type { LedgerKeys } from '../../src/ledger/index.js'
import { generate } from '../../src/synth/index.js'

/** The repository root (this file runs from dist/src/workflow/). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
export const CORRECTED_AGREEMENT = join(REPO_ROOT, 'policies/agreements/irs-ice-2025-corrected.yaml')
export const ORDERS_DIR = join(REPO_ROOT, 'policies/orders')
export const VERIGATE_BIN = join(REPO_ROOT, 'bin/verigate.js')
/** A decision day inside the agreement's term and before any order in policies/orders. */
export const AS_OF = '2025-08-07T12:00:00.000Z'
export const RELEASE_AT = '2025-08-07T16:00:00.000Z'

/** One row of truth.csv. */
export interface TruthRow {
  readonly request_id: string
  readonly master_id: string
  readonly other_master_id: string
  readonly address_kind: string
  readonly request_kind: string
}

/** Generated files in a fresh temporary folder. */
export interface Fixture {
  readonly dir: string
  readonly master: string
  readonly requests: string
  readonly truth: ReadonlyMap<string, TruthRow>
  readonly keys: LedgerKeys
  readonly keyPath: string
}

/** Generates the demo scenario's rates at `people` and `requests` into a fresh folder. */
export async function makeFixture(people: number, requests: number, seed = 1): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
  const data = join(dir, 'data')
  await generate({ scenario: 'demo', people, requests, seed }, data)
  const rows = parse(readFileSync(join(data, 'truth.csv')), { columns: true }) as TruthRow[]
  const keyPath = join(dir, 'ledger.key')
  const { keys } = loadOrCreateLedgerKeys(keyPath)
  return { dir, master: join(data, 'master.csv'), requests: join(data, 'requests.csv'), truth: new Map(rows.map((r) => [r.request_id, r])), keys, keyPath }
}

/**
 * Writes a folder of two court orders: one that sends every would-be disclosure under irs-ice-2025
 * to two reviewers, and the D. Mass. residential-address order of policies/orders.
 */
export function writeReviewOrder(dir: string): string {
  const orders = join(dir, 'review-orders')
  mkdirSync(orders, { recursive: true })
  writeFileSync(join(orders, 'review-order.yaml'), reviewEverythingOrder('test-review-everything'))
  // The D. Mass. order (no residential addresses from 5 February 2026): not in force at AS_OF,
  // so it can stop a release made after that day.
  copyFileSync(join(ORDERS_DIR, 'dmass-2026-02-05-residential.yaml'), join(orders, 'dmass-2026-02-05-residential.yaml'))
  return orders
}

/** A court order (YAML) in force since 2025 that sends every would-be disclosure under the agreement to two reviewers. */
export function reviewEverythingOrder(id: string): string {
  return [
    'kind: order',
    `id: ${id}`,
    'court: Test court',
    'case: Test v. Test',
    'title: Every disclosure reviewed by two people',
    'issued: 2025-01-01',
    'effective:',
    '  from: 2025-01-01',
    'binds:',
    '  agreements: [irs-ice-2025]',
    'actions:',
    '  - kind: require_review',
    '    approvers: 2',
    '',
  ].join('\n')
}
