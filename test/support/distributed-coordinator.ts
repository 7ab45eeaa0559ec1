/**
 * A distributed batch's coordinator in a process of its own, so that a test can kill it with
 * SIGKILL mid-run (src/workflow/batch/distributed.test.ts): `node distributed-coordinator.js
 * JSON`, the JSON holding `CoordinatorArgs`. It opens the PostgreSQL store in the given schema
 * (which the CLI cannot name) and runs the batch as `verigate batch run --distributed` does.
 */
import { pathToFileURL } from 'node:url'
import { VerigateError } from '../../src/core/index.js'
import { exitCodeFor } from '../../src/cli/exit-codes.js'
import { createProgress } from '../../src/cli/progress.js'
import { loadOrCreateLedgerKeys } from '../../src/ledger/index.js'
import { openStore } from '../../src/store/index.js'
import { runBatch } from '../../src/workflow/index.js'
import type { StageProgress } from '../../src/workflow/index.js'
import { AS_OF, RELEASE_AT } from './workflow-test-support.js'

/** What the coordinator is told. */
export interface CoordinatorArgs {
  readonly url: string
  /** The store's schema. */
  readonly schema: string
  /** The job engine's schema. */
  readonly jobsSchema: string
  readonly agreement: string
  readonly orders: string
  /** The sharded index's manifest. */
  readonly master: string
  readonly masterData: string
  readonly requests: string
  readonly out: string
  readonly keyPath: string
  readonly chunkSize: number
  /** `lines`: progress on stderr as `--progress lines` shows it; otherwise none. */
  readonly progress?: 'lines'
}

/** The options of a distributed run with short polling (a test's). */
export function fastDistributed(url: string, jobsSchema: string) {
  return { url, jobsSchema, timing: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 }, queueSettings: { expireInSeconds: 3, retryLimit: 30 }, pollMs: 50 }
}

/** Runs the batch `args` describe on the cluster; resolves with its id. */
export async function coordinate(args: CoordinatorArgs): Promise<string> {
  const progress: StageProgress | undefined = args.progress === 'lines' ? (label, total) => createProgress({ label, mode: 'lines', ...(total === undefined ? {} : { total }) }) : undefined
  const store = await openStore(args.url, { mode: 'simulation', schema: args.schema })
  try {
    const result = await runBatch(store, {
      agreementPath: args.agreement,
      ordersDir: args.orders,
      masterPath: args.master,
      masterDataPath: args.masterData,
      requestsPath: args.requests,
      asOf: AS_OF,
      releaseAt: RELEASE_AT,
      outDir: args.out,
      keys: loadOrCreateLedgerKeys(args.keyPath).keys,
      chunkSize: args.chunkSize,
      distributed: fastDistributed(args.url, args.jobsSchema),
      ...(progress ? { progress } : {}),
    })
    return result.batchId
  } finally {
    await store.close()
  }
}

// Run as a script (not imported by the test): coordinate the batch the argument describes, and
// end as \`verigate batch run\` ends on an error: its message, and the CLI's exit code for it.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.stdout.write(`${await coordinate(JSON.parse(process.argv[2] ?? '') as CoordinatorArgs)}\n`)
  } catch (error) {
    if (!(error instanceof VerigateError)) throw error
    process.stderr.write(`verigate: ${error.message}\n`)
    process.exitCode = exitCodeFor(error.code)
  }
}
