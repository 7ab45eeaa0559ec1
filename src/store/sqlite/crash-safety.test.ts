/**
 * Crash safety: a process appending to the ledger is killed with SIGKILL mid-way, several times;
 * the ledger still verifies, and every append (a batch of entries, as the workflow writes a
 * batch's disclosures) is either wholly present or wholly absent. SQLite's atomic commit does the
 * work; this shows that the ledger relies on nothing outside the transaction.
 *
 * The same file is the child: run with VERIGATE_APPEND_LOOP_DB set, it appends until killed.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LedgerEntry } from '../../core/index.js'
import { loadOrCreateLedgerKeys } from '../../ledger/index.js'
import { openStore } from '../open-store.js'

const CHILD_DB = process.env.VERIGATE_APPEND_LOOP_DB
const CHILD_KEY = process.env.VERIGATE_APPEND_LOOP_KEY

/** Entry `index` of an append numbered `append` of `size` entries: its place is in its request id. */
function entry(append: number, index: number, size: number): LedgerEntry {
  return {
    kind: 'review',
    at: new Date(Date.UTC(2026, 10, 26) + append).toISOString(),
    actor: 'reviewer-1',
    payload: { batchId: `append-${append}`, requestId: `${append}:${index}:${size}`, reviewer: 'reviewer-1', action: 'approve', decisionDigest: `sha256:${'0'.repeat(64)}` },
  }
}

/** The child: appends forever, reporting each commit on stdout. */
async function appendLoop(path: string, keyPath: string): Promise<void> {
  const store = await openStore(path)
  const { keys } = loadOrCreateLedgerKeys(keyPath)
  const existing = await store.ledger.list({ kind: 'review', from: Math.max(0, (await store.ledger.size()) - 1), limit: 1 })
  let append = existing[0] ? Number((existing[0].payload as { requestId: string }).requestId.split(':')[0]) + 1 : 0
  for (;;) {
    const size = 1 + ((append * 37) % 300)
    await store.ledger.append(Array.from({ length: size }, (_, i) => entry(append, i, size)))
    if (append % 7 === 0) await store.ledger.checkpoint(keys, new Date())
    process.stdout.write(`committed ${append}\n`)
    append += 1
  }
}

/** Runs the child until it has committed `commits` appends, then kills it; returns the last commit it reported. */
function runAndKill(path: string, keyPath: string, commits: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
      env: { ...process.env, VERIGATE_APPEND_LOOP_DB: path, VERIGATE_APPEND_LOOP_KEY: keyPath },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let seen = 0
    let last = -1
    let buffered = ''
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8')
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) {
        const match = /^committed (\d+)$/.exec(line)
        if (!match) continue
        last = Number(match[1])
        seen += 1
        if (seen === commits) child.kill('SIGKILL')
      }
    })
    child.on('error', reject)
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(last) : reject(new Error(`the child exited without being killed (${signal ?? _code})`))))
  })
}

if (CHILD_DB && CHILD_KEY) {
  await appendLoop(CHILD_DB, CHILD_KEY)
} else {
  describe('ledger on SQLite killed during appends', () => {
    it('verifies after each SIGKILL, with every append wholly present or wholly absent', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
      const path = join(dir, 'ledger.sqlite')
      const keyPath = join(dir, 'ledger-key')
      try {
        for (const commits of [9, 14, 5]) {
          const lastReported = await runAndKill(path, keyPath, commits)
          const store = await openStore(path)
          try {
            const result = await store.ledger.verify(loadOrCreateLedgerKeys(keyPath).keys.publicKey)
            assert.deepEqual(result.problems, [])
            const byAppend = new Map<number, { size: number; seen: Set<number> }>()
            for (let from = 0; from < result.size; from += 1000) {
              for (const e of await store.ledger.list({ from, limit: 1000 })) {
                const [append, index, size] = (e.payload as { requestId: string }).requestId.split(':').map(Number) as [number, number, number]
                const group = byAppend.get(append) ?? { size, seen: new Set<number>() }
                group.seen.add(index)
                byAppend.set(append, group)
              }
            }
            for (const [append, group] of byAppend) assert.equal(group.seen.size, group.size, `append ${append} is whole`)
            const appends = [...byAppend.keys()].sort((a, b) => a - b)
            assert.deepEqual(appends, Array.from({ length: appends.length }, (_, i) => i), 'no append is missing in between')
            assert.ok((appends.at(-1) ?? -1) >= lastReported, 'every append reported as committed is there')
          } finally {
            await store.close()
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  })
}
