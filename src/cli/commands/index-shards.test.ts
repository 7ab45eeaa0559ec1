/**
 * `verigate index --shards K` and `verigate link --master FILE.shards.json`, as child processes:
 * the sharded link writes the very MATCHES.csv and evidence of the whole index, and a damaged
 * or missing shard stops it with the file named.
 */
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../../../bin/verigate.js', import.meta.url))

function run(args: readonly string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
}

let dir: string
let model: string

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'verigate-shards-cli-'))
  const generated = run(['generate', '--people', '4000', '--requests', '800', '--seed', '9', '--out', dir])
  assert.equal(generated.status, 0, generated.stderr)
  // A trained model, as a real run has: the manifest carries it to every shard.
  model = join(dir, 'model.json')
  const trained = run(['link', '--master', join(dir, 'master.csv'), '--requests', join(dir, 'requests.csv'), '--train', '--save-model', model, '--out', join(dir, 'trained.csv')])
  assert.equal(trained.status, 0, trained.stderr)
})

describe('verigate index --shards and link over the manifest', () => {
  it('writes the whole index’s MATCHES.csv and evidence, byte for byte, with K = 1, 2 and 3', () => {
    const whole = run(['index', '--master', join(dir, 'master.csv'), '--out', join(dir, 'master.vgx')])
    assert.equal(whole.status, 0, whole.stderr)
    const linked = run(['link', '--master', join(dir, 'master.vgx'), '--model', model, '--requests', join(dir, 'requests.csv'), '--out', join(dir, 'whole.csv'), '--explain', join(dir, 'whole.jsonl'), '--json'])
    assert.equal(linked.status, 0, linked.stderr)
    const expected = JSON.parse(linked.stdout) as { statuses: Record<string, number>; masterDigest: string; distinctPairs: number }
    for (const k of [1, 2, 3]) {
      const manifest = join(dir, `k${k}.shards.json`)
      const indexed = run(['index', '--master', join(dir, 'master.csv'), '--shards', String(k), '--model', model, '--out', manifest, '--json'])
      assert.equal(indexed.status, 0, indexed.stderr)
      const built = JSON.parse(indexed.stdout) as { digest: string; shards: { file: string; records: number }[] }
      assert.equal(built.shards.length, k)
      assert.deepEqual(built.shards.map((s) => s.file), Array.from({ length: k }, (_, i) => `k${k}.shard-${i}-of-${k}.vgx`))
      // The shards hold the master's names, dates and addresses: owner-only, as a .vgx is.
      for (const file of [manifest, ...built.shards.map((s) => join(dir, s.file))]) assert.equal(statSync(file).mode & 0o777, 0o600, file)
      const out = join(dir, `k${k}.csv`)
      const evidence = join(dir, `k${k}.jsonl`)
      const sharded = run(['link', '--master', manifest, '--requests', join(dir, 'requests.csv'), '--out', out, '--explain', evidence, '--json'])
      assert.equal(sharded.status, 0, sharded.stderr)
      const summary = JSON.parse(sharded.stdout) as { statuses: Record<string, number>; masterDigest: string; distinctPairs: number; shards: number }
      assert.equal(summary.shards, k)
      assert.deepEqual(summary.statuses, expected.statuses)
      assert.equal(summary.masterDigest, expected.masterDigest)
      assert.equal(summary.distinctPairs, expected.distinctPairs)
      assert.equal(readFileSync(out, 'utf8'), readFileSync(join(dir, 'whole.csv'), 'utf8'), `K = ${k}: MATCHES.csv`)
      assert.equal(readFileSync(evidence, 'utf8'), readFileSync(join(dir, 'whole.jsonl'), 'utf8'), `K = ${k}: evidence`)
    }
  })

  it('refuses --train over a manifest, a manifest’s name without .shards.json, a shard linked alone, and a missing or altered shard, naming the file', () => {
    const manifest = join(dir, 'refuse.shards.json')
    assert.equal(run(['index', '--master', join(dir, 'master.csv'), '--shards', '2', '--out', manifest]).status, 0)
    const link = (extra: readonly string[] = []) => run(['link', '--master', manifest, '--requests', join(dir, 'requests.csv'), '--out', join(dir, 'refused.csv'), ...extra])
    const train = link(['--train'])
    assert.notEqual(train.status, 0)
    assert.match(train.stderr, /--train needs the whole master/)
    const badName = run(['index', '--master', join(dir, 'master.csv'), '--shards', '2', '--out', join(dir, 'x.json')])
    assert.notEqual(badName.status, 0)
    assert.match(badName.stderr, /must end in \.shards\.json/)
    const second = join(dir, 'refuse.shard-1-of-2.vgx')
    // A shard alone answers for half the master: linking it as a master is refused.
    const alone = run(['link', '--master', second, '--requests', join(dir, 'requests.csv'), '--out', join(dir, 'refused.csv')])
    assert.notEqual(alone.status, 0)
    assert.match(alone.stderr, /is shard 1 of 2 of a sharded index: link its manifest/)
    const bytes = readFileSync(second)
    writeFileSync(second, Buffer.concat([bytes, Buffer.from([0])]))
    const altered = link()
    assert.notEqual(altered.status, 0)
    assert.ok(altered.stderr.includes(second) && altered.stderr.includes('SHA-256'), altered.stderr)
    rmSync(second)
    const missing = link()
    assert.notEqual(missing.status, 0)
    assert.ok(missing.stderr.includes(second) && missing.stderr.includes('missing'), missing.stderr)
  })
})
