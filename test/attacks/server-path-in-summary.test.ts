/**
 * Issue 15, item 8c: a requester uploads broken CSV files to learn where and how the server keeps
 * them (its folders, the account it runs as) from what it says back. The batch's summary and its
 * error name the file as the requester knows it, `upload`, and never a path of the server's.
 */
import { strict as assert } from 'node:assert'
import { tmpdir } from 'node:os'
import { describe, it } from 'node:test'
import { bearer, startBatchServer, submitAndWait } from './small-support.js'
import type { BatchServer } from './small-support.js'
import { ATTACK_BACKENDS } from './support.js'

/** Asserts that nothing in `text` is a path of the server's. */
function assertNoServerPath(server: BatchServer, text: string): void {
  for (const path of [server.dataDir, tmpdir(), 'served/', 'uploads/', 'requests/', '.partial']) assert.ok(!text.includes(path), `names ${path}: ${text}`)
}

for (const backend of ATTACK_BACKENDS) {
  describe(`a requester uploads broken CSV files to learn the server's paths (${backend.name})`, { skip: backend.skip }, () => {
    it('rows that cannot be read are named by line and code in a file called upload; an unreadable file is refused naming the upload; no server path anywhere', async () => {
      const place = await backend.fresh()
      const server = await startBatchServer(place)
      try {
        const [header, ...rows] = server.requestsCsv.trimEnd().split('\n')
        const width = header!.split(',').length
        const broken = [header!, ...rows.slice(0, 5), 'BROKEN-1,SMITH', ...rows.slice(5, 10), `BROKEN-2,"SMITH${','.repeat(width - 2)}`]
        const batchId = await submitAndWait(server, `${broken.join('\n')}\n`)
        const status = await server.app.inject({ method: 'GET', url: `/v1/batches/${batchId}`, headers: bearer(server.keys.requester) })
        assert.equal(status.statusCode, 200, status.body)
        const summary = status.json().summary as { unreadable_rows: { file: string; line: number; code: string }[] }
        assert.ok(summary.unreadable_rows.length >= 2, status.body)
        for (const row of summary.unreadable_rows) assert.equal(row.file, 'upload')
        assertNoServerPath(server, status.body)
        const list = await server.app.inject({ method: 'GET', url: '/v1/batches', headers: bearer(server.keys.requester) })
        assertNoServerPath(server, list.body)

        // A file refused whole (no id column): the message names the upload.
        const refused = await server.app.inject({ method: 'POST', url: '/v1/batches', headers: { ...bearer(server.keys.requester), 'content-type': 'text/csv' }, payload: 'foo,bar\n1,2\n' })
        assert.equal(refused.statusCode, 400)
        assert.equal(refused.json().error.code, 'unreadable_upload')
        assert.match(refused.json().error.message, /upload/)
        assertNoServerPath(server, refused.body)
      } finally {
        await server.close()
        await place.dispose()
      }
    })
  })
}
