import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const BIN = join(ROOT, 'bin/verigate.js')

function verigate(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

describe('verigate party and verigate party key', () => {
  let dir: string
  let db: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    db = join(dir, 'db.sqlite')
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('adds a party, creates a key shown once, lists it by prefix only, and revokes it', () => {
    assert.equal(verigate('party', 'add', 'dhs-ice', '--name', 'ICE', '--db', db).status, 0)
    assert.equal(verigate('party', 'add', 'dhs-ice', '--name', 'ICE', '--db', db).status, 65, 'a second party with the id is refused')
    const created = verigate('party', 'key', 'create', 'dhs-ice', '--role', 'requester', '--id', 'ice-batch', '--json', '--db', db)
    assert.equal(created.status, 0, created.stderr)
    const { key, id } = JSON.parse(created.stdout) as { key: string; id: string }
    assert.match(key, /^vg_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/)
    assert.equal(id, 'ice-batch')
    const list = verigate('party', 'list', '--keys', '--db', db)
    assert.match(list.stdout, /ice-batch\s+requester\s+vg_[0-9a-f]{12}_…/)
    assert.ok(!list.stdout.includes(key.slice(17)), 'the secret is never shown again')
    const listed = JSON.parse(verigate('party', 'list', '--keys', '--json', '--db', db).stdout) as { id: string; keys: { id: string; role: string; person: string; prefix: string }[] }[]
    assert.deepEqual(listed.map((p) => ({ party: p.id, keys: p.keys.map((k) => [k.id, k.role, k.person, key.startsWith(`vg_${k.prefix}_`)]) })), [{ party: 'dhs-ice', keys: [['ice-batch', 'requester', 'ice-batch', true]] }])
    assert.equal(verigate('party', 'key', 'create', 'nobody', '--role', 'requester', '--db', db).status, 66)
    assert.equal(verigate('party', 'key', 'create', 'dhs-ice', '--role', 'root', '--db', db).status, 65)
    assert.equal(verigate('party', 'key', 'revoke', 'ice-batch', '--db', db).status, 0)
    assert.equal(verigate('party', 'key', 'revoke', 'ice-batch', '--db', db).status, 66, 'a key is revoked once')
    assert.doesNotMatch(verigate('party', 'list', '--keys', '--db', db).stdout, /ice-batch/)
    const reused = verigate('party', 'key', 'create', 'dhs-ice', '--role', 'requester', '--id', 'ice-batch', '--db', db)
    assert.equal(reused.status, 65, 'a revoked key\'s id is never reused')
    assert.match(reused.stderr, /there is already a key ice-batch/)
  })
})

describe('verigate serve on a real port', () => {
  it('answers /health and /openapi.json on 127.0.0.1, and stops gracefully on SIGTERM (exit 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    try {
      const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--db', join(dir, 'db.sqlite'), '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] })
      let stderr = ''
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
      const address = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address within 20 s: ${stderr}`)), 20_000)
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString()
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)
          if (m) {
            clearTimeout(timer)
            resolve(m[1]!)
          }
        })
        child.on('exit', () => reject(new Error(`exited early: ${stderr}`)))
      })
      const health = await fetch(`${address}/health`)
      assert.equal(health.status, 200)
      assert.equal(((await health.json()) as { status: string }).status, 'ok')
      const doc = await fetch(`${address}/openapi.json`)
      assert.equal(doc.status, 200)
      assert.ok(((await doc.json()) as { paths: Record<string, unknown> }).paths['/v1/verify'])
      const refused = await fetch(`${address}/v1/batches`)
      assert.equal(refused.status, 401)
      child.kill('SIGTERM')
      assert.equal(await exited, 0, stderr)
      assert.match(stderr, /stopped/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
