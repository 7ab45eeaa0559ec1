/**
 * Someone between the holder and the recipient's records officer (or an insider who would rather
 * a disclosure stayed out there) drops a row from a recall notice's CSV attachment, so that one
 * recalled record is never found and never destroyed; or drops it from the notice too and makes
 * the attachment's digest match. `recall verify-notice`, with the files and the holder's public
 * key alone, refuses both: the signature covers the notice's records and the CSV's SHA-256.
 * Issue 16.
 */
import { strict as assert } from 'node:assert'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parse } from 'csv-parse/sync'
import { publicKeyPem } from '../../src/ledger/index.js'
import type { SignedRecallNotice } from '../../src/workflow/index.js'
import { recordHistory } from './derived-tables-history.js'
import { ATTACK_BACKENDS, REPO_ROOT } from './support.js'

const sha256 = (bytes: Uint8Array | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

function verigate(...args: string[]): { readonly status: number | null; readonly stdout: string; readonly stderr: string } {
  return spawnSync(process.execPath, [join(REPO_ROOT, 'bin/verigate.js'), ...args], { encoding: 'utf8' })
}

for (const backend of ATTACK_BACKENDS) {
  describe(`a recalled record dropped from the notice's CSV attachment (${backend.name})`, { skip: backend.skip }, () => {
    it('is refused: verify-notice names the CSV that is not the one signed, and a notice rewritten to match no longer verifies', async () => {
      const place = await backend.fresh()
      try {
        const history = await recordHistory(place)
        const out = join(place.dir, 'notice')
        const exported = verigate('recall', 'export', '--db', place.location, '--key', history.keyFile, '--notice', history.noticeId, '--out', `${out}.json`)
        assert.equal(exported.status, 0, exported.stderr)
        const pem = join(place.dir, 'ledger.pub.pem')
        writeFileSync(pem, publicKeyPem(history.keys))
        const check = (notice: string, csv: string) => verigate('recall', 'verify-notice', '--notice', notice, '--csv', csv, '--public-key', pem)
        assert.equal(check(`${out}.json`, `${out}.csv`).status, 0)

        // Every record is named in the response file the recipient holds now (rewritten by the reviewers' release).
        const signed = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as SignedRecallNotice
        const response = readFileSync(join(place.dir, 'out', `response-${history.batchId}.csv`))
        const rows = new Map((parse(response, { columns: true }) as Record<string, string>[]).map((r) => [r.request_id!, r]))
        assert.ok(signed.records.length >= 2)
        for (const r of signed.records) {
          assert.equal(r.responseFiles.at(-1)?.sha256, sha256(response), `record ${r.requestId} does not name the response file the recipient holds`)
          assert.deepEqual([rows.get(r.requestId)?.answer, rows.get(r.requestId)?.use_limited_to], ['DISCLOSED', r.caseRef])
        }

        const lines = readFileSync(`${out}.csv`, 'utf8').split('\n')
        const dropped = join(place.dir, 'dropped.csv')
        writeFileSync(dropped, [lines[0], ...lines.slice(2)].join('\n'))
        const refused = check(`${out}.json`, dropped)
        assert.equal(refused.status, 1)
        assert.match(refused.stdout, /NOT VERIFIED[\s\S]*the CSV attachment is not the one the notice names/)

        // The record dropped from the notice as well, and the attachment's digest made to match the shorter CSV.
        const forged = { ...signed, records: signed.records.slice(1), attachment: { ...signed.attachment, sha256: sha256(readFileSync(dropped)), rows: signed.records.length - 1 } }
        const forgedPath = join(place.dir, 'forged.json')
        writeFileSync(forgedPath, JSON.stringify(forged))
        const forgedRun = check(forgedPath, dropped)
        assert.equal(forgedRun.status, 1)
        assert.match(forgedRun.stdout, /the signature does not verify under this public key/)
      } finally {
        await place.dispose()
      }
    })
  })
}
