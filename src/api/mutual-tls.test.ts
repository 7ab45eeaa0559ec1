import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { buildApp } from './app.js'
import { bearer, makeStoreFixture } from '../../test/support/api-test-support.js'

const hasOpenssl = spawnSync('openssl', ['version']).status === 0

function openssl(dir: string, ...args: string[]): void {
  const run = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${run.stderr}`)
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, both signed by the CA. */
function makeCertificates(dir: string): void {
  openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=test ca')
  for (const [name, subject, ext] of [
    ['server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1'],
    ['client', '/CN=dhs-ice', 'extendedKeyUsage=clientAuth'],
  ] as const) {
    openssl(dir, 'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject)
    writeFileSync(join(dir, `${name}.ext`), `${ext}\n`)
    openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`)
  }
}

function get(port: number, path: string, options: { ca: Buffer; cert?: Buffer; key?: Buffer; headers?: Record<string, string> }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, ca: options.ca, ...(options.cert ? { cert: options.cert, key: options.key } : {}), headers: options.headers ?? {} }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('mutual TLS', () => {
  it('serves a client with a certificate the CA signed, and refuses the handshake without one', { skip: hasOpenssl ? false : 'openssl is not installed' }, async () => {
    const fx = await makeStoreFixture()
    makeCertificates(fx.dir)
    const file = (name: string) => readFileSync(join(fx.dir, name))
    const app = await buildApp({ store: fx.store, https: { cert: file('server.pem'), key: file('server.key'), ca: file('ca.pem') } })
    try {
      await app.listen({ host: '127.0.0.1', port: 0 })
      const { port } = app.server.address() as AddressInfo
      const ok = await get(port, '/v1/whoami', { ca: file('ca.pem'), cert: file('client.pem'), key: file('client.key'), headers: bearer(fx.keys.requester) })
      assert.equal(ok.status, 200, ok.body)
      const noKey = await get(port, '/v1/whoami', { ca: file('ca.pem'), cert: file('client.pem'), key: file('client.key') })
      assert.equal(noKey.status, 401, 'the certificate does not replace the API key')
      await assert.rejects(get(port, '/health', { ca: file('ca.pem') }))
    } finally {
      await app.close()
      await fx.close()
    }
  })
})
