/**
 * Issue 15, item 8d: a client (or a page that makes a victim's browser call the API) sends paths
 * and headers built to come back in the answer: markup, a person's name and TIN in a path. The
 * framework's own refusals (no such route 404, a path parameter too long 414, a URL that cannot be
 * decoded 400, headers over the limit 431, a request line that cannot be parsed 400) answer in the
 * API's one error shape, `{ "error": { "code", "message" } }`, and echo nothing that was sent.
 */
import { strict as assert } from 'node:assert'
import { connect } from 'node:net'
import { describe, it } from 'node:test'
import { buildApp } from '../../src/api/index.js'
import { openStore } from '../../src/store/index.js'
import { bearer, seedParties } from './small-support.js'
import { ATTACK_BACKENDS } from './support.js'

/** What an attacker plants in what it sends, to look for in the answer. */
const MARK = 'SMITH-JOHN-123456789'
const MARKUP = '<script>alert(1)</script>'

/** Asserts the answer is ours: the status, JSON in the error shape with a code, nothing echoed. */
function assertOurs(status: number, contentType: string | undefined, body: string, want: { status: number; code: string }): void {
  assert.equal(status, want.status, body)
  assert.match(contentType ?? '', /^application\/json/)
  const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown }; statusCode?: unknown }
  assert.deepEqual(Object.keys(parsed), ['error'], body)
  assert.equal(parsed.error?.code, want.code)
  assert.equal(typeof parsed.error?.message, 'string')
  for (const planted of [MARK, 'SMITH', 'script', 'alert', '%3C', 'xxxxxxxx', 'bbbbbbbb']) assert.ok(!body.includes(planted), `the answer echoes ${planted}: ${body}`)
}

/** Sends raw bytes to the server and gives back the whole answer, split into status, headers and body. */
function raw(port: number, request: string): Promise<{ status: number; contentType: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let data = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (data += chunk))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n')
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1])
      if (!status) reject(new Error(`no HTTP answer: ${JSON.stringify(data)}`))
      resolve({ status, contentType: /^content-type: (.*)$/im.exec(head)?.[1], body })
    })
    socket.write(request)
  })
}

for (const backend of ATTACK_BACKENDS) {
  describe(`a client sends paths and headers made to be echoed back (${backend.name})`, { skip: backend.skip }, () => {
    it('404, 414 and 400 answers of the router are ours and echo nothing, signed in or not', async () => {
      const place = await backend.fresh()
      const store = await openStore(place.location)
      const app = await buildApp({ store })
      try {
        const keys = await seedParties(store)
        for (const headers of [{}, bearer(keys.requester)]) {
          for (const url of [`/v1/${MARK}/${encodeURIComponent(MARKUP)}`, `/ui/${MARK}`, `/${MARK}?q=${encodeURIComponent(MARKUP)}`]) {
            const res = await app.inject({ method: 'GET', url, headers })
            assertOurs(res.statusCode, res.headers['content-type'] as string, res.body, { status: 404, code: 'route_not_found' })
          }
          const long = await app.inject({ method: 'GET', url: `/v1/batches/${MARK}${'x'.repeat(200)}`, headers })
          assertOurs(long.statusCode, long.headers['content-type'] as string, long.body, { status: 414, code: 'uri_too_long' })
          const undecodable = await app.inject({ method: 'GET', url: `/v1/batches/${MARK}%E0%A4%A`, headers })
          assertOurs(undecodable.statusCode, undecodable.headers['content-type'] as string, undecodable.body, { status: 400, code: 'invalid_url' })
        }
      } finally {
        await app.close()
        await store.close()
        await place.dispose()
      }
    })

    it('431 for headers or a URL over the limit, and 400 for a request line that cannot be read, on a real socket: ours, echoing nothing', async () => {
      const place = await backend.fresh()
      const store = await openStore(place.location)
      const app = await buildApp({ store })
      try {
        await app.listen({ port: 0, host: '127.0.0.1' })
        const port = (app.server.address() as { port: number }).port
        const bigHeader = await raw(port, `GET /v1/whoami HTTP/1.1\r\nHost: verigate\r\nX-Planted: ${MARK}${'b'.repeat(20_000)}\r\n\r\n`)
        assertOurs(bigHeader.status, bigHeader.contentType, bigHeader.body, { status: 431, code: 'headers_too_large' })
        const bigUrl = await raw(port, `GET /v1/${MARK}${'x'.repeat(20_000)} HTTP/1.1\r\nHost: verigate\r\n\r\n`)
        assertOurs(bigUrl.status, bigUrl.contentType, bigUrl.body, { status: 431, code: 'headers_too_large' })
        const garbage = await raw(port, `${MARKUP} /${MARK} HTTP/1.1\r\n\r\n`)
        assertOurs(garbage.status, garbage.contentType, garbage.body, { status: 400, code: 'invalid_request' })
        // The server still answers afterwards.
        assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200)
      } finally {
        await app.close()
        await store.close()
        await place.dispose()
      }
    })
  })
}
