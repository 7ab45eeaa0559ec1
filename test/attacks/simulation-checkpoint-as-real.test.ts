/**
 * Attack (issue 15, item 1): a simulation store's checkpoint offered as a real ledger's. Every
 * checkpoint a simulation signs says so in the bytes its signature covers, so `ledger
 * verify-proof` reports SIMULATION for it, and the same checkpoint with its mode removed (claimed
 * real) no longer verifies. A real store's checkpoint verifies as real.
 */
import { strict as assert } from 'node:assert'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { loadOrCreateLedgerKeys } from '../../src/ledger/index.js'
import { openStore } from '../../src/store/index.js'
import { ATTACK_BACKENDS } from './support.js'
import type { AttackPlace } from './support.js'
import { policyEntry, verigate } from './clock-scene.js'

/** Writes a checkpoint, an inclusion proof of entry 0 and the public key of the store at `place`. */
function export_(place: AttackPlace, keyPath: string): { checkpoint: string; proof: string; publicKey: string } {
  const files = { checkpoint: join(place.dir, 'checkpoint.json'), proof: join(place.dir, 'proof.json'), publicKey: join(place.dir, 'public.pem') }
  const db = ['--db', place.location, '--key', keyPath]
  for (const args of [
    ['ledger', 'checkpoint', ...db, '--out', files.checkpoint],
    ['ledger', 'proof', ...db, '--entry', '0', '--checkpoint', files.checkpoint, '--out', files.proof],
    ['ledger', 'public-key', ...db, '--out', files.publicKey],
  ]) {
    const run = verigate(args, place.dir)
    assert.equal(run.status, 0, run.stderr)
  }
  return files
}

for (const backend of ATTACK_BACKENDS) {
  describe(`a simulation store's checkpoint offered as a real one (${backend.name})`, { skip: backend.skip }, () => {
    it('the checkpoint says simulation; verify-proof says SIMULATION; with the mode removed it does not verify', async () => {
      const place = await backend.fresh()
      try {
        const keyPath = join(place.dir, 'ledger.key')
        loadOrCreateLedgerKeys(keyPath)
        const store = await openStore(place.location, { mode: 'simulation' })
        try {
          await store.ledger.append([policyEntry('2025-08-09T12:00:00.000Z', 'v1'), policyEntry('2025-08-10T12:00:00.000Z', 'v2')])
        } finally {
          await store.close()
        }
        const files = export_(place, keyPath)
        const checkpoint = JSON.parse(readFileSync(files.checkpoint, 'utf8')) as Record<string, unknown>
        assert.equal(checkpoint.mode, 'simulation')

        const honest = verigate(['ledger', 'verify-proof', '--proof', files.proof, '--checkpoint', files.checkpoint, '--public-key', files.publicKey, '--json'], place.dir)
        assert.equal(honest.status, 0, honest.stderr)
        const verdict = JSON.parse(honest.stdout) as { valid: boolean; mode: string; summary: string }
        assert.deepEqual([verdict.valid, verdict.mode], [true, 'simulation'])
        assert.match(verdict.summary, /SIMULATION ledger/)

        // Claimed real: the mode removed from the checkpoint (and from the copy inside the proof).
        const { mode: _dropped, ...claimedReal } = checkpoint
        writeFileSync(files.checkpoint, JSON.stringify(claimedReal))
        const proof = JSON.parse(readFileSync(files.proof, 'utf8')) as { checkpoint: Record<string, unknown> }
        writeFileSync(files.proof, JSON.stringify({ ...proof, checkpoint: claimedReal }))
        const forged = verigate(['ledger', 'verify-proof', '--proof', files.proof, '--checkpoint', files.checkpoint, '--public-key', files.publicKey], place.dir)
        assert.notEqual(forged.status, 0, forged.stdout)
        assert.match(forged.stderr, /signature does not verify/)
      } finally {
        await place.dispose()
      }
    })

    it("a real store's checkpoint verifies as a real ledger's", async () => {
      const place = await backend.fresh()
      try {
        const keyPath = join(place.dir, 'ledger.key')
        loadOrCreateLedgerKeys(keyPath)
        const store = await openStore(place.location)
        try {
          await store.ledger.append([policyEntry(new Date().toISOString(), 'v1')])
        } finally {
          await store.close()
        }
        const files = export_(place, keyPath)
        assert.equal((JSON.parse(readFileSync(files.checkpoint, 'utf8')) as Record<string, unknown>).mode, undefined)
        const run = verigate(['ledger', 'verify-proof', '--proof', files.proof, '--checkpoint', files.checkpoint, '--public-key', files.publicKey], place.dir)
        assert.equal(run.status, 0, run.stderr)
        assert.doesNotMatch(run.stdout, /SIMULATION/)
      } finally {
        await place.dispose()
      }
    })
  })
}
