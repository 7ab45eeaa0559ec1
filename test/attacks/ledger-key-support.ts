/**
 * Helpers of the ledger key attacks (issue 15, item 2): the CLI as a child process, a small
 * generated data set, a batch run with the server's clock on an agreement in force today, and
 * the ledger's size and root read from the store, to show that a refused command wrote nothing.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generate } from '../../src/synth/index.js'
import { openStore } from '../../src/store/index.js'
import { REPO_ROOT, writeAgreementInForce } from './support.js'
import type { AttackPlace } from './support.js'

/** What a finished command left. */
export interface CliRun {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `node bin/verigate.js …` in `cwd` (default: a scratch folder), with `env` added to this process's. */
export function verigate(args: readonly string[], options: { readonly cwd?: string; readonly env?: Record<string, string | undefined>; readonly timeoutMs?: number } = {}): CliRun {
  const env = { ...process.env, ...options.env }
  // The attacks choose where the key is; a variable set around the tests must not choose for them.
  if (!options.env || !('VERIGATE_LEDGER_KEY' in options.env)) delete env.VERIGATE_LEDGER_KEY
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/verigate.js'), ...args], {
    encoding: 'utf8',
    env,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    timeout: options.timeoutMs ?? 120_000,
  })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

/** The inputs of a batch: an agreement in force today, a master and two request files over the same people. */
export interface BatchInputs {
  readonly agreement: string
  readonly master: string
  readonly requests: string
  /** The same rows in reverse order: another batch, about the same people. */
  readonly requestsAgain: string
}

/** Generates a small demo-scenario data set into the place's folder. */
export async function batchInputs(place: AttackPlace): Promise<BatchInputs> {
  const data = join(place.dir, 'data')
  await generate({ scenario: 'demo', people: 400, requests: 80, seed: 15 }, data)
  const requests = join(data, 'requests.csv')
  const [header, ...rows] = readFileSync(requests, 'utf8').trimEnd().split('\n')
  const requestsAgain = join(data, 'requests-again.csv')
  writeFileSync(requestsAgain, `${[header, ...rows.reverse()].join('\n')}\n`)
  return { agreement: writeAgreementInForce(place.dir), master: join(data, 'master.csv'), requests, requestsAgain }
}

/** `batch run` on the place with the server's clock; `extra` adds options (`--key`, …). */
export function batchRun(place: AttackPlace, inputs: BatchInputs, requests: string, extra: readonly string[] = [], options: Parameters<typeof verigate>[1] = {}): CliRun {
  return verigate(
    ['batch', 'run', '--db', place.location, '--agreement', inputs.agreement, '--master', inputs.master, '--requests', requests, '--out', join(place.dir, 'out'), '--threads', '1', '--no-progress', '--json', ...extra],
    options,
  )
}

/** The ledger's size, root and checkpoint count, read from the store. */
export async function ledgerState(location: string): Promise<{ readonly size: number; readonly root: string; readonly checkpoints: number; readonly batches: number }> {
  const store = await openStore(location)
  try {
    const size = await store.ledger.size()
    return { size, root: (await store.ledger.root()).toString('hex'), checkpoints: (await store.ledger.checkpoints()).length, batches: (await store.batches.list()).length }
  } finally {
    await store.close()
  }
}

/**
 * Where the attacks keep the store's key: beside the SQLite file (the default place), or a file
 * in the place's folder for PostgreSQL, which has no default place.
 */
export function keyFileOf(place: AttackPlace): string {
  return place.location.startsWith('postgres') ? join(place.dir, 'ledger.key') : `${place.location}.ledger-key`
}

/** The options that name the store's key: none on SQLite (the default finds it), `--key` on PostgreSQL. */
export function keyArgsOf(place: AttackPlace): string[] {
  return place.location.startsWith('postgres') ? ['--key', keyFileOf(place)] : []
}
