/**
 * `generate(options, out)`: writes master.csv, requests.csv, truth.csv and config.json into a
 * folder, streaming every file, in four passes:
 *
 * 1. the household directory (shapes only: who files, how many rows);
 * 2. requests.csv, and truth.csv with `has_twin` left open, each request's near-twin key (its
 *    person's name and where they live now) going into a hash table;
 * 3. master.csv, checking each row's key against the requests';
 * 4. truth.csv finished: `has_twin` written from the table.
 *
 * Each pass is cut into jobs over fixed ranges (jobs.ts) that run on worker threads and are
 * written in order, so the files are the same for any number of threads. Memory is bounded by
 * the household directory (13 bytes a household), the twin table (about 30 bytes a request) and
 * the jobs in flight, never by the files.
 */
import { closeSync, mkdirSync, openSync, readSync, unlinkSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { MASTER_COLUMNS, NOISE_CODES, REQUEST_COLUMNS, TRUTH_COLUMNS } from './columns.js'
import { CsvFileWriter } from './csv-writer.js'
import { InlineRunner, WorkerRunner, runInOrder } from './job-runner.js'
import { TWIN_PLACEHOLDER } from './jobs.js'
import type { JobRunner } from './job-runner.js'
import { ADDRESS_KINDS, PARAMETER_DOCS, resolveParams } from './params.js'
import type { GenerateOptions, SynthParams } from './params.js'
import { createPopulationContext } from './population.js'
import { PopulationIndexBuilder, SHAPE_CHUNK } from './population-index.js'
import type { PopulationIndex } from './population-index.js'
import { TwinIndex } from './twin-index.js'

/** One written file. */
export interface WrittenFile {
  readonly path: string
  /** Data rows (header not counted). */
  readonly rows: number
  readonly bytes: number
}

/** What a run produced, with the counts a caller usually checks. */
export interface GenerateSummary {
  readonly out: string
  readonly params: SynthParams
  /** Worker threads used (0: all in the calling thread). */
  readonly workers: number
  readonly files: {
    readonly master: WrittenFile
    readonly requests: WrittenFile
    readonly truth: WrittenFile
    readonly config: WrittenFile
  }
  /** Master households (including their non-filing members). */
  readonly households: number
  readonly masterPeople: number
  readonly masterRows: number
  /** Requests whose person is in the master. */
  readonly requestsInMaster: number
  /** Requests whose person lives in a master household without filing. */
  readonly requestsCoResident: number
  readonly requestsOutside: number
  /** Requests whose person has a near-twin in the master. */
  readonly requestsWithTwin: number
  /** Requests whose address is complete by docs/rules.md rule 2. */
  readonly requestsAddressComplete: number
  /** Wall time of each pass, in milliseconds. */
  readonly timings: { readonly index: number; readonly requests: number; readonly master: number; readonly truth: number; readonly total: number }
}

/** Progress callback: a pass name and how far it is (0–1). */
export type ProgressListener = (pass: 'index' | 'requests' | 'master' | 'truth', fraction: number) => void

/** The config.json document: parameters, what each means, the columns and the noise codes. */
export function configDocument(params: SynthParams): Record<string, unknown> {
  return {
    generator: 'verigate synth',
    parameters: params,
    descriptions: PARAMETER_DOCS,
    addressKinds: ADDRESS_KINDS,
    noiseCodes: NOISE_CODES,
    columns: { master: MASTER_COLUMNS, requests: REQUEST_COLUMNS, truth: TRUTH_COLUMNS },
  }
}

/** How a run is carried out (none of it changes the files). */
export interface RunOptions {
  /**
   * Worker threads: 0 runs everything in this thread. Default: up to 4, one per available core,
   * for runs of 100,000 people or more; 0 below that (starting workers would cost more than it saves).
   */
  readonly workers?: number
  /** Called as each pass advances. */
  readonly onProgress?: ProgressListener
}

const MASTER_CHUNK = 10_000
const REQUEST_CHUNK = 5_000

function defaultWorkers(params: SynthParams): number {
  if (params.people + params.requests < 100_000) return 0
  return Math.max(1, Math.min(4, availableParallelism()))
}

/**
 * Generates a population and its requests into `out` (created if missing; files overwritten).
 * The files depend only on the parameters (seed included), never on `run`.
 *
 * @example
 * const summary = await generate({ scenario: 'demo', seed: 7 }, '/tmp/demo')
 * summary.files.master.rows // a little over 20,000
 */
export async function generate(options: GenerateOptions, out: string, run: RunOptions = {}): Promise<GenerateSummary> {
  const params = resolveParams(options)
  const onProgress = run.onProgress
  const started = performance.now()
  mkdirSync(out, { recursive: true })
  const configPath = join(out, 'config.json')
  const configText = `${JSON.stringify(configDocument(params), null, 2)}\n`
  writeFileSync(configPath, configText)

  const ctx = createPopulationContext(params)
  const workers = run.workers ?? defaultWorkers(params)
  const runner: JobRunner = workers > 0 ? new WorkerRunner(params, workers) : new InlineRunner(ctx)
  const window = Math.max(2, workers * 3)
  const master = new CsvFileWriter(join(out, 'master.csv'), MASTER_COLUMNS)
  const requests = new CsvFileWriter(join(out, 'requests.csv'), REQUEST_COLUMNS)
  const truth = new CsvFileWriter(join(out, 'truth.csv'), TRUTH_COLUMNS)
  try {
    // Pass 1: the household directory.
    const builder = new PopulationIndexBuilder(ctx)
    const shapeChunk = Math.min(SHAPE_CHUNK, Math.ceil(params.people / 1.5) + 16)
    await runInOrder<'shapes'>(
      runner,
      window,
      (k) => ({ kind: 'shapes', from: k * shapeChunk, count: shapeChunk }),
      (counts) => {
        builder.append(counts)
        return !builder.done
      },
    )
    const index = buildIndexFrom(builder)
    runner.setIndex(index)
    const tIndex = performance.now()
    onProgress?.('index', 1)

    // Pass 2: requests.csv, and truth.csv with has_twin left open; the near-twin keys into the table.
    const twins = new TwinIndex(Math.max(1, params.requests), workers > 0)
    const slots = new Int32Array(params.requests)
    const personNumbers = new Float64Array(params.requests)
    const householdTwins = new Uint8Array(params.requests)
    const partialPath = join(out, 'truth.csv.partial')
    const partial = new CsvFileWriter(partialPath, [])
    let inMaster = 0
    let coResident = 0
    let complete = 0
    const requestJobs = Math.ceil(params.requests / REQUEST_CHUNK)
    try {
      await runInOrder<'requests'>(
        runner,
        window,
        (k) => (k < requestJobs ? { kind: 'requests', from: k * REQUEST_CHUNK, to: Math.min(params.requests, (k + 1) * REQUEST_CHUNK) } : undefined),
        (chunk, k) => {
          requests.writeBytes(chunk.requests, chunk.lines)
          partial.writeBytes(chunk.truth, chunk.lines)
          const first = k * REQUEST_CHUNK
          for (let j = 0; j < chunk.lines; j++) {
            slots[first + j] = twins.slotOf(chunk.hashes[2 * j] as number, chunk.hashes[2 * j + 1] as number, true)
          }
          personNumbers.set(chunk.personNumbers, first)
          householdTwins.set(chunk.householdTwins, first)
          inMaster += chunk.counts.inMaster
          coResident += chunk.counts.coResident
          complete += chunk.counts.addressComplete
          onProgress?.('requests', (k + 1) / requestJobs)
        },
      )
    } finally {
      partial.close()
    }
    requests.close()
    runner.setTwins(twins)
    const tRequests = performance.now()

    // Pass 3: the master, marking the twin table.
    let masterPeople = 0
    const masterJobs = Math.ceil(index.households / MASTER_CHUNK)
    await runInOrder<'master'>(
      runner,
      window,
      (k) => (k < masterJobs ? { kind: 'master', from: k * MASTER_CHUNK, to: Math.min(index.households, (k + 1) * MASTER_CHUNK) } : undefined),
      (chunk, k) => {
        master.writeBytes(chunk.data, chunk.rows)
        masterPeople += chunk.people
        for (let j = 0; j < chunk.hits.length; j += 2) twins.observeSlot(chunk.hits[j] as number, chunk.hits[j + 1] as number)
        onProgress?.('master', (k + 1) / masterJobs)
      },
    )
    master.close()
    const tMaster = performance.now()

    // Pass 4: truth.csv, with has_twin filled in.
    const withTwin = finishTruth(partialPath, truth, (i) => householdTwins[i] === 1 || twins.hasTwinAt(slots[i] as number, personNumbers[i] as number))
    truth.close()
    unlinkSync(partialPath)
    const tTruth = performance.now()
    onProgress?.('truth', 1)

    return {
      out,
      params,
      workers,
      files: {
        master: { path: master.path, rows: master.lines, bytes: master.bytes },
        requests: { path: requests.path, rows: requests.lines, bytes: requests.bytes },
        truth: { path: truth.path, rows: truth.lines, bytes: truth.bytes },
        config: { path: configPath, rows: 0, bytes: Buffer.byteLength(configText) },
      },
      households: index.households,
      masterPeople,
      masterRows: master.lines,
      requestsInMaster: inMaster,
      requestsCoResident: coResident,
      requestsOutside: params.requests - inMaster - coResident,
      requestsWithTwin: withTwin,
      requestsAddressComplete: complete,
      timings: {
        index: tIndex - started,
        requests: tRequests - tIndex,
        master: tMaster - tRequests,
        truth: tTruth - tMaster,
        total: tTruth - started,
      },
    }
  } finally {
    master.close()
    requests.close()
    truth.close()
    await runner.close()
  }
}

function buildIndexFrom(builder: PopulationIndexBuilder): PopulationIndex {
  return builder.finish()
}

/**
 * Copies the partial truth file into `truth`, writing `true` or `false` (from `hasTwin(i)`) where
 * the i-th placeholder stands. Returns how many were true.
 */
export function finishTruth(partialPath: string, truth: CsvFileWriter, hasTwin: (i: number) => boolean): number {
  const fd = openSync(partialPath, 'r')
  const input = Buffer.alloc(1 << 22)
  // Each one-byte placeholder becomes up to five bytes ("false"), so a block of input can grow
  // up to five times; Buffer.copy would silently drop what does not fit.
  const output = Buffer.alloc(input.length * 5)
  const TRUE = Buffer.from('true')
  const FALSE = Buffer.from('false')
  let carry = 0
  let request = 0
  let twinsFound = 0
  try {
    for (;;) {
      const read = readSync(fd, input, carry, input.length - carry, null)
      const end = carry + read
      if (end === 0) break
      // Only whole lines are handled; the tail after the last line break waits for the next read.
      const lastBreak = read === 0 ? end - 1 : input.lastIndexOf(10, end - 1)
      if (lastBreak < 0) throw new Error('a truth line is longer than the read buffer')
      let at = 0
      let written = 0
      let lines = 0
      for (;;) {
        const mark = input.indexOf(TWIN_PLACEHOLDER, at)
        if (mark < 0 || mark > lastBreak) break
        written += input.copy(output, written, at, mark)
        const twin = hasTwin(request)
        if (twin) twinsFound += 1
        written += (twin ? TRUE : FALSE).copy(output, written)
        request += 1
        lines += 1
        at = mark + 1
      }
      written += input.copy(output, written, at, lastBreak + 1)
      truth.writeBytes(output.subarray(0, written), lines)
      carry = end - (lastBreak + 1)
      input.copy(input, 0, lastBreak + 1, end)
      if (read === 0) break
    }
  } finally {
    closeSync(fd)
  }
  return twinsFound
}
