/**
 * `verigate ledger publish`, `verigate monitor` and witness co-signing, each as a child process on
 * SQLite stores: an honest growth accepted, a fork made on purpose (a store file copied after a
 * common checkpoint, each copy appended to and published) caught with both tree heads named, a
 * shrink caught, a co-signature made, kept and shown, a forged or other-tree one refused.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LedgerEntry } from '../../core/index.js'
import { parseNoteVerifierKey, verifyNote } from '../../ledger/index.js'
import type { NoteVerifier } from '../../ledger/index.js'
import { openStore } from '../../store/index.js'

const BIN = fileURLToPath(new URL('../../../../bin/verigate.js', import.meta.url))

interface Run {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

function verigate(...args: string[]): Run {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

/** The same, without blocking this process (for a test that serves HTTP to the child). */
function verigateAsync(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args])
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

/** Appends order changes named `<tag><n>` to a simulation store: entries with no derived rows. */
async function append(db: string, tag: string, count: number): Promise<void> {
  const store = await openStore(db, { mode: 'simulation' })
  try {
    const from = await store.ledger.size()
    const entries: LedgerEntry[] = Array.from({ length: count }, (_, i) => ({
      kind: 'order_change',
      at: new Date(Date.UTC(2026, 10, 26, 12) + (from + i) * 1000).toISOString(),
      actor: 'admin',
      payload: { orderId: `${tag}${from + i}`, action: 'added', digest: `sha256:${'2'.repeat(64)}`, effectiveFrom: '2026-11-26' },
    }))
    await store.ledger.append(entries)
  } finally {
    await store.close()
  }
}

/** A copy of a closed SQLite store and its key file: the same ledger, from here on two. */
function copyStore(from: string, to: string): void {
  copyFileSync(from, to)
  copyFileSync(`${from}.ledger-key`, `${to}.ledger-key`)
}

describe('verigate ledger publish and verigate monitor', () => {
  let dir: string
  const file = (name: string): string => join(dir, name)
  let vkey: string
  const monitor = (source: string, state: string, ...more: string[]) => verigate('monitor', '--source', source, '--verifier-key', vkey, '--state', state, ...more)

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verigate-monitor-'))
    assert.equal(verigate('store', 'create', '--simulation', '--db', file('a.sqlite')).status, 0)
    const made = verigate('ledger', 'public-key', '--db', file('a.sqlite'), '--format', 'note', '--origin-prefix', 'records.example.gov', '--out', file('log.vkey'))
    assert.equal(made.status, 0, made.stderr)
    vkey = readFileSync(file('log.vkey'), 'utf8').trim()
    await append(file('a.sqlite'), 'common', 5)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  const publish = (db: string, out: string): Run => {
    const run = verigate('ledger', 'publish', '--db', file(db), '--origin-prefix', 'records.example.gov', '--out', file(out))
    assert.equal(run.status, 0, run.stderr)
    return run
  }

  it('publishes hashes only and accepts the first checkpoint, then an honest growth proved by its consistency proof', async () => {
    publish('a.sqlite', 'pub-a')
    cpSync(file('pub-a'), file('pub-a-at-5'), { recursive: true })
    const first = monitor(file('pub-a'), file('honest.json'), '--json')
    assert.equal(first.status, 0, first.stderr)
    assert.equal((JSON.parse(first.stdout) as { status: string }).status, 'first')
    const again = monitor(file('pub-a'), file('honest.json'))
    assert.equal(again.status, 0, again.stderr)
    assert.match(again.stdout, /^unchanged/)

    await append(file('a.sqlite'), 'common', 3)
    publish('a.sqlite', 'pub-a')
    assert.ok(existsSync(file('pub-a/consistency/5-8')), 'a proof from the tree head of 5 entries to the one of 8')
    const grew = monitor(file('pub-a'), file('honest.json'), '--json')
    assert.equal(grew.status, 0, grew.stderr)
    const outcome = JSON.parse(grew.stdout) as { status: string; checkpoint: { tree_size: number }; previous: { tree_size: number } }
    assert.deepEqual([outcome.status, outcome.previous.tree_size, outcome.checkpoint.tree_size], ['grew', 5, 8])
    const state = JSON.parse(readFileSync(file('honest.json'), 'utf8')) as { accepted: { tree_size: number; note: string }[]; alarms: unknown[] }
    assert.deepEqual(state.accepted.map((a) => a.tree_size), [5, 8], 'every accepted checkpoint is kept')
    assert.equal(state.alarms.length, 0)
    // The published checkpoint is the C2SP note any signed-note reader opens with the log's key.
    assert.equal(verifyNote(readFileSync(file('pub-a/checkpoint'), 'utf8'), [parseNoteVerifierKey(vkey) as NoteVerifier]).valid, true)
  })

  it('catches a shrink: an older checkpoint offered after a larger one was accepted, naming both', () => {
    const shrunk = monitor(file('pub-a-at-5'), file('honest.json'))
    assert.equal(shrunk.status, 1, shrunk.stdout)
    assert.match(shrunk.stderr, /ALARM: the log shrank/)
    assert.match(shrunk.stderr, /kept: +size 8, root [0-9a-f]{64}, origin records\.example\.gov\/verigate-simulation\//)
    assert.match(shrunk.stderr, /offered: size 5, root [0-9a-f]{64}/)
    const state = JSON.parse(readFileSync(file('honest.json'), 'utf8')) as { accepted: unknown[]; alarms: { kind: string }[] }
    assert.deepEqual([state.accepted.length, state.alarms.map((a) => a.kind)], [2, ['shrink']])
  })

  it('catches a fork: two stores diverging after a common checkpoint, each published, with both tree heads named', async () => {
    // The common checkpoint (8 entries), accepted by a fresh monitor.
    publish('a.sqlite', 'fork-a')
    assert.equal(monitor(file('fork-a'), file('fork.json')).status, 0)
    copyStore(file('a.sqlite'), file('b.sqlite'))
    copyStore(file('a.sqlite'), file('c.sqlite'))
    await append(file('a.sqlite'), 'shown-to-overseer', 2)
    await append(file('b.sqlite'), 'hidden-from-overseer', 2)
    publish('a.sqlite', 'fork-a')
    publish('b.sqlite', 'fork-b')
    const grew = monitor(file('fork-a'), file('fork.json'))
    assert.equal(grew.status, 0, grew.stderr)
    const rootA = (JSON.parse(readFileSync(file('fork.json'), 'utf8')) as { accepted: { root_hash: string }[] }).accepted.at(-1)?.root_hash as string

    const forked = monitor(file('fork-b'), file('fork.json'))
    assert.equal(forked.status, 1, forked.stdout)
    assert.match(forked.stderr, /ALARM: the log forked: two checkpoints of 10 entries with different roots/)
    assert.match(forked.stderr, new RegExp(`kept: +size 10, root ${rootA}`))
    const rootB = /offered: size 10, root ([0-9a-f]{64})/.exec(forked.stderr)?.[1]
    assert.ok(rootB && rootB !== rootA, forked.stderr)

    // A third copy signs its own 10 entries, then grows to 11: its proof from 10 is of its own tree, not the one accepted.
    await append(file('c.sqlite'), 'other', 2)
    assert.equal(verigate('ledger', 'checkpoint', '--db', file('c.sqlite')).status, 0)
    await append(file('c.sqlite'), 'other', 1)
    publish('c.sqlite', 'fork-c')
    assert.ok(existsSync(file('fork-c/consistency/10-11')))
    const noValidProof = monitor(file('fork-c'), file('fork.json'), '--json')
    assert.equal(noValidProof.status, 1)
    const alarm = (JSON.parse(noValidProof.stdout) as { alarm: { kind: string; reason: string; kept: { tree_size: number; root_hash: string }; offered: { tree_size: number } } }).alarm
    assert.equal(alarm.kind, 'fork')
    assert.match(alarm.reason, /does not show this checkpoint extends the last one accepted/)
    assert.deepEqual([alarm.kept.tree_size, alarm.kept.root_hash, alarm.offered.tree_size], [10, rootA, 11])

    // With its proof removed, it cannot show it only grew: an alarm too.
    rmSync(file('fork-c/consistency/10-11'))
    const missing = monitor(file('fork-c'), file('fork.json'))
    assert.equal(missing.status, 1)
    assert.match(missing.stderr, /offers no consistency proof .*consistency\/10-11 is missing/)
  })

  it('refuses a checkpoint not signed by the log’s key (exit 70), and keeps nothing of it', () => {
    const note = readFileSync(file('pub-a/checkpoint'), 'utf8')
    cpSync(file('pub-a'), file('pub-forged'), { recursive: true })
    writeFileSync(file('pub-forged/checkpoint'), note.replace(/\n8\n/, '\n9\n'))
    const forged = monitor(file('pub-forged'), file('honest.json'))
    assert.equal(forged.status, 70, forged.stdout)
    assert.match(forged.stderr, /does not open with the verifier key/)
  })

  it('reads a published directory served over HTTP', async () => {
    const server = createServer((request, response) => {
      const path = join(file('pub-a'), decodeURIComponent((request.url ?? '/').replace(/^\/published\//, '')))
      if (!path.startsWith(file('pub-a')) || !existsSync(path)) {
        response.writeHead(404).end()
        return
      }
      response.writeHead(200, { 'content-type': 'text/plain' }).end(readFileSync(path))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/published`
      // A new monitor that kept the checkpoint of 5 entries grows to 8 over HTTP.
      const state = file('http.json')
      assert.equal((await verigateAsync('monitor', '--source', file('pub-a-at-5'), '--verifier-key', vkey, '--state', state)).status, 0)
      const run = await verigateAsync('monitor', '--source', url, '--verifier-key', vkey, '--state', state)
      assert.equal(run.status, 0, run.stderr)
      assert.match(run.stdout, /^accepted: the log grew/)
    } finally {
      server.close()
    }
  })

  it('co-signs an accepted checkpoint; the holder keeps it and shows it with that tree head; a forged or other-tree co-signature is refused', () => {
    const key = verigate('monitor', 'witness-key', '--name', 'overseer.example.gov/w1', '--out', file('witness.key'))
    assert.equal(key.status, 0, key.stderr)
    const witness = key.stdout.trim()
    assert.equal(Buffer.from(witness.split('+').slice(2).join('+'), 'base64')[0], 0x04, 'a cosignature/v1 key (type 0x04)')
    assert.equal(readFileSync(file('witness.key.vkey'), 'utf8').trim(), witness)
    // The honest monitor last accepted 8 entries, then raised a shrink alarm: it co-signs nothing until that is resolved.
    const afterAlarm = verigate('monitor', 'cosign', '--state', file('honest.json'), '--witness-key', file('witness.key'))
    assert.equal(afterAlarm.status, 70)
    assert.match(afterAlarm.stderr, /raised an alarm/)

    const state = file('witness.json')
    assert.equal(monitor(file('pub-a'), state).status, 0)
    const cosigned = verigate('monitor', 'cosign', '--state', state, '--witness-key', file('witness.key'), '--out', file('cosigned.note'))
    assert.equal(cosigned.status, 0, cosigned.stderr)
    const note = readFileSync(file('cosigned.note'), 'utf8')
    const line = note.trimEnd().split('\n').at(-1) as string
    assert.match(line, /^— overseer\.example\.gov\/w1 [A-Za-z0-9+/]+=*$/)
    assert.equal(Buffer.from(line.split(' ').at(-1) as string, 'base64').length, 4 + 8 + 64, 'key id, timestamp and signature')
    // Any signed-note reader still opens it with the log's key, and keeps the witness's line unchecked.
    const opened = verifyNote(note, [parseNoteVerifierKey(vkey) as NoteVerifier])
    assert.ok(opened.valid && opened.unverified.some((u) => u.name === 'overseer.example.gov/w1'))

    // The holder's store behind pub-a, grown to 10 entries since: the tree head of 8 is one it signed.
    const db = ['--db', file('a.sqlite')]
    const kept = verigate('ledger', 'cosign-add', file('cosigned.note'), ...db, '--witness', witness)
    assert.equal(kept.status, 0, kept.stderr)
    assert.match(kept.stdout, /^kept: the co-signature of overseer\.example\.gov\/w1 .* of the checkpoint of 8 entries/)
    const again = verigate('ledger', 'cosign-add', file('cosigned.note'), ...db, '--witness', witness)
    assert.match(again.stdout, /^already kept/)

    // Kept for the tree head of 8 entries only: the checkpoint of 10 does not carry it.
    const head = verigate('ledger', 'checkpoint', ...db, '--format', 'c2sp', '--origin-prefix', 'records.example.gov')
    assert.equal(head.status, 0, head.stderr)
    assert.ok(!head.stdout.includes(line), 'a co-signature of 8 entries is not shown on the checkpoint of 10')

    // Forged: one character of the signature changed.
    const b64 = line.split(' ').at(-1) as string
    const flipped = `${b64.slice(0, 40)}${b64[40] === 'A' ? 'B' : 'A'}${b64.slice(41)}`
    writeFileSync(file('forged.note'), note.replace(b64, flipped))
    const forged = verigate('ledger', 'cosign-add', file('forged.note'), ...db, '--witness', witness)
    assert.equal(forged.status, 70, forged.stdout)
    assert.match(forged.stderr, /the co-signature of overseer\.example\.gov\/w1 \([0-9a-f]{8}\) does not verify over this checkpoint/)

    // Another tree: the line made over 8 entries put on the checkpoint of 10.
    const published10 = verigate('ledger', 'publish', ...db, '--origin-prefix', 'records.example.gov', '--out', file('pub-10'))
    assert.equal(published10.status, 0, published10.stderr)
    writeFileSync(file('other-tree.note'), `${readFileSync(file('pub-10/checkpoint'), 'utf8')}${line}\n`)
    const otherTree = verigate('ledger', 'cosign-add', file('other-tree.note'), ...db, '--witness', witness)
    assert.equal(otherTree.status, 70, otherTree.stdout)
    assert.match(otherTree.stderr, /does not verify over this checkpoint/)

    // A witness key the holder was not given: nothing kept; the log's own key as a witness: refused.
    assert.equal(verigate('monitor', 'witness-key', '--name', 'someone.example/w', '--out', file('other.key')).status, 0)
    const stranger = verigate('ledger', 'cosign-add', file('cosigned.note'), ...db, '--witness', readFileSync(file('other.key.vkey'), 'utf8').trim())
    assert.equal(stranger.status, 70)
    assert.match(stranger.stderr, /holds no co-signature by someone\.example\/w/)
    const logKey = verigate('ledger', 'cosign-add', file('cosigned.note'), ...db, '--witness', vkey)
    assert.equal(logKey.status, 65)
    assert.match(logKey.stderr, /not 0x04/)

    // Shown: a monitor that accepted the head of 10 co-signs it, the holder keeps it, and both the
    // checkpoint and the next publication carry it beside the log's own signature.
    const state10 = file('witness10.json')
    assert.equal(monitor(file('pub-10'), state10).status, 0)
    assert.equal(verigate('monitor', 'cosign', '--state', state10, '--witness-key', file('witness.key'), '--out', file('cosigned10.note')).status, 0)
    const line10 = readFileSync(file('cosigned10.note'), 'utf8').trimEnd().split('\n').at(-1) as string
    assert.equal(verigate('ledger', 'cosign-add', file('cosigned10.note'), ...db, '--witness', witness).status, 0)
    const shown = verigate('ledger', 'checkpoint', ...db, '--format', 'c2sp', '--origin-prefix', 'records.example.gov')
    assert.ok(shown.stdout.endsWith(`${line10}\n`), shown.stdout)
    assert.equal(verifyNote(shown.stdout, [parseNoteVerifierKey(vkey) as NoteVerifier]).valid, true)
    publish('a.sqlite', 'pub-10')
    assert.ok(readFileSync(file('pub-10/checkpoint'), 'utf8').includes(line10))
  })
})
