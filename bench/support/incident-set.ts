/** A generated incident data set with its `.vgx` master, made once under bench/out and reused. */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { indexMasterFile, saveMasterIndex } from '../../src/link/index.js'
import { generate } from '../../src/synth/index.js'

/** The files of a generated incident set. */
export interface IncidentSet {
  readonly master: string
  readonly snapshot: string
  readonly requests: string
}

/** The incident set of `people` and `requests` in `dir` (generated and indexed when missing). */
export async function generatedIncidentSet(dir: string, people: number, requests: number): Promise<IncidentSet> {
  if (!existsSync(join(dir, 'requests.csv'))) {
    mkdirSync(dir, { recursive: true })
    await generate({ scenario: 'incident', people, requests }, dir)
  }
  const snapshot = join(dir, 'master.vgx')
  if (!existsSync(snapshot)) {
    const { index } = await indexMasterFile(join(dir, 'master.csv'))
    saveMasterIndex(index, snapshot)
    globalThis.gc?.()
  }
  return { master: join(dir, 'master.csv'), snapshot, requests: join(dir, 'requests.csv') }
}
