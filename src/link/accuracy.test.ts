/**
 * Accuracy on labelled data through the public file API: FEBRL dataset 4 (4a as master, 4b as
 * requests, truth rec-N-org ↔ rec-N-dup-0) with the default settings plus EM training, and the
 * generator's hard cases (households, JR/SR near-twins, moved people).
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { MatchResult } from '../core/index.js'
import { loadColumnMap } from '../intake/index.js'
import { nicknameGroups } from '../standardize/index.js'
import { generate } from '../synth/index.js'
import { sharedDataFile, skipUnlessShared } from '../../test/support/shared-data.js'
import { createLinker, indexMasterFile, readRequestFile, toLinkRequests } from './index.js'

const FEBRL_MAP = fileURLToPath(new URL('../../../examples/maps/febrl.json', import.meta.url))

/** Links a request file against a master file with the default settings plus training. */
async function linkFiles(master: string, requests: string, map?: string): Promise<MatchResult[]> {
  const columns = map ? await loadColumnMap(map) : undefined
  const { index } = await indexMasterFile(master, columns ? { map: columns } : {})
  const { records } = await readRequestFile(requests, columns)
  const linker = createLinker({ index, nicknameGroups })
  const batch = toLinkRequests(records)
  linker.train.u()
  linker.train.em(batch)
  return linker.link(batch)
}

describe('accuracy on FEBRL dataset 4', () => {
  it('links 4b to 4a with precision ≥ 0.999 and recall ≥ 0.995 for status=match', { skip: skipUnlessShared('febrl/dataset4a.csv') }, async () => {
    const a = sharedDataFile('febrl/dataset4a.csv') as string
    const b = sharedDataFile('febrl/dataset4b.csv') as string
    const results = await linkFiles(a, b, FEBRL_MAP)
    const entity = (id: string) => id.split('-')[1]
    const matches = results.filter((r) => r.status === 'match')
    const correct = matches.filter((r) => entity(r.best?.masterId ?? '') === entity(r.requestId)).length
    const precision = correct / matches.length
    const recall = correct / 5000
    assert.equal(results.length, 5000)
    assert.ok(precision >= 0.999, `precision ${precision}`)
    assert.ok(recall >= 0.995, `recall ${recall} (${correct} of 5000)`)
  })
})

describe('accuracy on the generator’s hard cases', () => {
  it('never links a household member or a JR/SR near-twin wrongly, and keeps match precision ≥ 0.999', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    await generate({ scenario: 'demo', people: 6000, requests: 3000, seed: 11 }, dir)
    const results = await linkFiles(join(dir, 'master.csv'), join(dir, 'requests.csv'))
    const [header, ...lines] = readFileSync(join(dir, 'truth.csv'), 'utf8').trim().split('\n')
    const columns = (header ?? '').split(',')
    const truth = new Map(
      lines.map((line) => {
        const values = line.split(',')
        const row = Object.fromEntries(columns.map((c, i) => [c, values[i] ?? '']))
        return [row.request_id ?? '', row]
      }),
    )
    let matches = 0
    let wrong = 0
    let coResidentLinked = 0
    let twinWrong = 0
    let inMaster = 0
    let found = 0
    for (const r of results) {
      const t = truth.get(r.requestId) as Record<string, string>
      const right = t.master_id !== '' && (r.best?.masterId === t.master_id || r.best?.masterId === t.other_master_id)
      if (t.request_kind === 'in_master') inMaster++
      if (r.status !== 'match') continue
      matches++
      if (right) found++
      else wrong++
      if (t.request_kind === 'co_resident') coResidentLinked++
      if (t.has_twin === 'true' && !right) twinWrong++
    }
    assert.ok(matches > 500, `${matches} matches`)
    assert.equal(coResidentLinked, 0, 'a household member was linked to another member')
    assert.equal(twinWrong, 0, 'a request with a near-twin in the master was linked to the wrong one')
    assert.ok(1 - wrong / matches >= 0.999, `precision ${1 - wrong / matches} (${wrong} wrong of ${matches})`)
    assert.ok(found / inMaster >= 0.95, `recall ${found / inMaster}`)
  })
})
