/**
 * `verigate generate`: writes a synthetic master, requests about some of its people and about
 * people who are not there, and the truth that scores any answer (src/synth).
 */
import type { Command } from 'commander'
import { readFileSync } from 'node:fs'
import { InvalidInputError } from '../../core/index.js'
import { createProgress, progressMode, progressOptions } from '../progress.js'
import type { Progress } from '../progress.js'

const EXAMPLES = `
Files written into --out:
  master.csv    id, tin, given_name, middle_name, surname, suffix, dob, street_number, street_name,
                unit, city, state, zip, address_year (some people have two rows)
  requests.csv  request_id, case_ref, order_date, tin, given_name, middle_name, surname, dob, address,
                street_number, street_name, unit, city, state, zip, tax_periods, statute, reasons
  truth.csv     request_id, master_id, person_id, noise, address_complete, address_kind, has_twin,
                household_id, request_kind, other_master_id
  config.json   every parameter used, with what it means

Scenarios:
  incident  1,280,000 requests against 10,000,000 master people, about 47,000 of them in the master
            (the default when neither --scenario nor --config names one)
  demo      the incident's rates at 20,000 people and 2,000 requests, 40% of them in the master

Precedence: scenario defaults < --config file < the options on the command line.
The same seed and parameters give byte-identical files.

Examples:
  verigate generate --scenario demo --out data/demo
  verigate generate --people 1000000 --requests 128000 --seed 7 --out /tmp/synth
  verigate generate --config data/demo/config.json --seed 8 --out /tmp/again`

/** The options `verigate generate` passes on. */
interface GenerateCliOptions {
  readonly out: string
  readonly people?: string
  readonly requests?: string
  readonly seed?: string
  readonly scenario?: string
  readonly inMasterRate?: string
  readonly config?: string
  readonly workers?: string
  readonly json?: boolean
  /** `--progress` (a mode) or `--no-progress` (false): read with `progressMode`. */
  readonly progress: string | boolean
}

/** Registers `verigate generate`. */
export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('Generate a synthetic master, requests and their truth (labelled, reproducible test data; never real taxpayer data).')
    .requiredOption('--out <dir>', 'the folder to write master.csv, requests.csv, truth.csv and config.json into (created if missing)')
    .option('--people <n>', 'people in the master (default: the scenario’s; incident 10,000,000, demo 20,000)')
    .option('--requests <m>', 'request rows (default: the scenario’s; incident 1,280,000, demo 2,000)')
    .option('--seed <s>', 'the seed, a number or any text (default: the scenario’s)')
    .option('--scenario <name>', 'incident or demo: the preset the other parameters start from')
    .option('--in-master-rate <r>', 'share of requests whose person is in the master, 0 to 1 (incident 0.0367, demo 0.4)')
    .option('--config <file>', 'a JSON file of parameters: a config.json written by an earlier run, or an object of parameters to override')
    .option('--workers <n>', 'worker threads (0: all in one thread; default: one per core up to 4, for 100,000 people or more); the files do not depend on it')
    .option('--json', 'print the summary as JSON instead of text')
    .addOption(progressOptions()[0])
        .addOption(progressOptions()[1])
    .addHelpText('after', EXAMPLES)
    .action(async (options: GenerateCliOptions) => {
      process.stdout.write(await runGenerate(options))
    })
}

function parseCount(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value.replace(/[_,]/g, ''))
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidInputError(`${flag} ${value}: expected a whole number`)
  return n
}

function parseRate(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidInputError(`${flag} ${value}: expected a number from 0 to 1`)
  return n
}

/** Reads a --config file: either a config.json of an earlier run ({ parameters }) or a parameter object. */
function readConfig(path: string): Record<string, unknown> {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new InvalidInputError(`--config ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new InvalidInputError(`--config ${path}: expected a JSON object`)
  const record = data as Record<string, unknown>
  const parameters = record.parameters
  if (typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters)) return parameters as Record<string, unknown>
  return record
}

/** Runs the command and returns what it prints. */
export async function runGenerate(options: GenerateCliOptions): Promise<string> {
  const { generate, SCENARIOS } = await import('../../synth/index.js')
  type Options = Parameters<typeof generate>[0]
  const fromFile = options.config ? readConfig(options.config) : {}
  const scenario = options.scenario ?? (typeof fromFile.scenario === 'string' ? fromFile.scenario : 'incident')
  if (!(SCENARIOS as readonly string[]).includes(scenario)) throw new InvalidInputError(`--scenario ${scenario}: expected incident or demo`)
  const seed = options.seed === undefined ? undefined : /^\d+$/.test(options.seed) && Number(options.seed) <= 0xffffffff ? Number(options.seed) : options.seed
  const overrides: Record<string, unknown> = {
    people: parseCount('--people', options.people),
    requests: parseCount('--requests', options.requests),
    seed,
    inMasterRate: parseRate('--in-master-rate', options.inMasterRate),
  }
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined))
  const generateOptions = { ...fromFile, scenario, ...given } as Options
  const mode = progressMode(options.progress)
  const workers = parseCount('--workers', options.workers)
  // One display per pass, counting percent; the previous pass is ended when the next one starts.
  let pass: { name: string; progress: Progress; at: number } | undefined
  const summary = await generate(generateOptions, options.out, {
    ...(workers === undefined ? {} : { workers }),
    onProgress: (name, fraction) => {
      if (mode === 'off') return
      if (pass?.name !== name) {
        pass?.progress.done()
        pass = { name, progress: createProgress({ label: name, total: 100, mode, unit: '%', rate: false }), at: 0 }
      }
      const percent = Math.round(fraction * 100)
      if (percent > pass.at) pass.progress.tick(percent - pass.at)
      pass.at = Math.max(pass.at, percent)
    },
  })
  pass?.progress.done()
  if (options.json) return `${JSON.stringify(summary, null, 2)}\n`
  const n = (x: number) => x.toLocaleString('en-US')
  const mb = (x: number) => `${(x / 1e6).toFixed(1)} MB`
  const f = summary.files
  return [
    `generated ${summary.params.scenario} data (seed ${summary.params.seed}) in ${(summary.timings.total / 1000).toFixed(1)} s (${summary.workers === 0 ? 'one thread' : `${summary.workers} worker threads`}) into ${summary.out}`,
    `  master.csv    ${n(f.master.rows)} rows (${n(summary.masterPeople)} people in ${n(summary.households)} households), ${mb(f.master.bytes)}`,
    `  requests.csv  ${n(f.requests.rows)} rows: ${n(summary.requestsInMaster)} in the master, ${n(summary.requestsCoResident)} living with master people, ${n(summary.requestsOutside)} not in it; ${mb(f.requests.bytes)}`,
    `  truth.csv     ${n(summary.requestsWithTwin)} with a near-twin in the master, ${n(summary.requestsAddressComplete)} with a complete address`,
    `  config.json   every parameter used`,
    '',
  ].join('\n')
}
