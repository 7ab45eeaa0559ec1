/**
 * Issue 15, item 8b: another account on the server's machine reads what the server writes. Under
 * the usual umask (022) files were created 0644: the SQLite store (raw TINs in request rows), the
 * request files kept from uploads and the response files (the released fields of people). They
 * are 0600 now, in 0700 folders. And an upload cut short, by a client that goes away or by a
 * server killed mid-upload, used to leave its file behind; now the first is removed at once and
 * the second when the next server starts.
 */
import { strict as assert } from 'node:assert'
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, it } from 'node:test'
import { createBatchService } from '../../src/api/index.js'
import { openStore } from '../../src/store/index.js'
import { bearer, startBatchServer, submitAndWait } from './small-support.js'
import { ATTACK_BACKENDS, REPO_ROOT } from './support.js'

/** The permission bits of a path, as `ls -l` would read them in octal. */
function modeOf(path: string): string {
  return (statSync(path).mode & 0o777).toString(8).padStart(4, '0')
}

/** Waits (a few seconds at most) until `check` holds. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return
    await sleep(50)
  }
  assert.fail(`never: ${what}`)
}

/** Starts a CSV upload of `length` bytes over a raw socket and sends only its first part. */
function startUpload(port: number, key: string, first: string, length: number): Socket {
  const socket = connect(port, '127.0.0.1')
  socket.on('error', () => undefined)
  socket.write(`POST /v1/batches HTTP/1.1\r\nHost: verigate\r\nAuthorization: Bearer ${key}\r\nContent-Type: text/csv\r\nContent-Length: ${length}\r\n\r\n${first}`)
  return socket
}

const partials = (dir: string): string[] => readdirSync(join(dir, 'uploads')).filter((f) => f.endsWith('.partial'))

for (const backend of ATTACK_BACKENDS) {
  describe(`another account on the machine reads the server's files, and uploads are cut short (${backend.name})`, { skip: backend.skip }, () => {
    it('under umask 022 the store, the kept request file and the response file are 0600, their folders 0700', async () => {
      const umask = process.umask(0o022)
      const place = await backend.fresh()
      try {
        const server = await startBatchServer(place)
        try {
          const batchId = await submitAndWait(server, server.requestsCsv)
          assert.equal((await server.app.inject({ method: 'GET', url: `/v1/batches/${batchId}/response`, headers: bearer(server.keys.requester) })).statusCode, 200)
          if (backend.name === 'sqlite') {
            for (const file of [place.location, `${place.location}-wal`, `${place.location}-shm`]) if (existsSync(file)) assert.equal(modeOf(file), '0600', file)
          }
          for (const folder of ['uploads', 'requests', 'out']) assert.equal(modeOf(join(server.dataDir, folder)), '0700', folder)
          const kept = readdirSync(join(server.dataDir, 'requests'))
          assert.deepEqual(kept, [`${batchId}.csv`])
          assert.equal(modeOf(join(server.dataDir, 'requests', kept[0]!)), '0600')
          assert.equal(modeOf(server.batches.responsePath(batchId)), '0600')
          assert.deepEqual(readdirSync(join(server.dataDir, 'uploads')), [])
        } finally {
          await server.close()
        }
      } finally {
        process.umask(umask)
        await place.dispose()
      }
    })

    it('a client that goes away mid-upload leaves no file and no batch', async () => {
      const place = await backend.fresh()
      const server = await startBatchServer(place)
      try {
        await server.app.listen({ port: 0, host: '127.0.0.1' })
        const port = (server.app.server.address() as { port: number }).port
        const before = (await server.store.batches.list()).length
        const socket = startUpload(port, server.keys.requester, server.requestsCsv, server.requestsCsv.length * 10)
        await eventually(() => partials(server.dataDir).length === 1, 'the upload is being written')
        assert.equal(modeOf(join(server.dataDir, 'uploads', partials(server.dataDir)[0]!)), '0600')
        socket.destroy()
        await eventually(() => readdirSync(join(server.dataDir, 'uploads')).length === 0, 'the partial upload is removed')
        assert.equal((await server.store.batches.list()).length, before)
        assert.deepEqual(readdirSync(join(server.dataDir, 'requests')), [])
      } finally {
        await server.close()
        await place.dispose()
      }
    })

    it('a server killed mid-upload leaves a partial file, which the next server removes when it starts', async () => {
      const place = await backend.fresh()
      const server = await startBatchServer(place)
      await server.close()
      const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/test/attacks/upload-server-child.js'), place.location, server.agreementPath, server.masterPath, server.dataDir, server.ledgerKeyPath], { stdio: ['ignore', 'pipe', 'inherit'] })
      try {
        const line = await new Promise<string>((resolve, reject) => {
          let out = ''
          child.stdout.setEncoding('utf8')
          child.stdout.on('data', (chunk: string) => {
            out += chunk
            if (out.includes('\n')) resolve(out.split('\n')[0]!)
          })
          child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)))
        })
        const { port } = JSON.parse(line) as { port: number }
        const socket = startUpload(port, server.keys.requester, server.requestsCsv, server.requestsCsv.length * 10)
        await eventually(() => partials(server.dataDir).length === 1, 'the upload is being written')
        child.kill('SIGKILL')
        await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)))
        socket.destroy()
        assert.equal(partials(server.dataDir).length, 1, 'the killed server left its partial upload')

        const store = await openStore(place.location)
        try {
          const batches = await createBatchService({ store, agreementPath: server.agreementPath, masterPath: server.masterPath, dataDir: server.dataDir, keys: server.ledgerKeys, threads: 1 })
          await batches.idle()
          assert.deepEqual(readdirSync(join(server.dataDir, 'uploads')), [], 'removed when the next server starts')
          assert.deepEqual(await store.batches.list(), [])
        } finally {
          await store.close()
        }
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
        await place.dispose()
      }
    })
  })
}
