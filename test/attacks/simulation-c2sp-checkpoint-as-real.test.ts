/**
 * Attack (issue 22): a simulation store's checkpoint, in the C2SP format, offered as a real
 * ledger's. A C2SP checkpoint has no mode field; the origin carries it, and the origin is both the
 * first signed line and the name of the key that signs it. So `ledger verify-proof` reports
 * SIMULATION for a simulation's checkpoint, and the same checkpoint with its origin rewritten as a
 * real log's (in the body, or in the body and the signature line) no longer opens, with the PEM
 * or with a verifier key named as the real log.
 */
import { strict as assert } from 'node:assert'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { loadOrCreateLedgerKeys, noteVerifierKey, noteVerifierOf } from '../../src/ledger/index.js'
import { openStore } from '../../src/store/index.js'
import { ATTACK_BACKENDS } from './support.js'
import { policyEntry, verigate } from './clock-scene.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`a simulation store's C2SP checkpoint offered as a real one (${backend.name})`, { skip: backend.skip }, () => {
    it('its origin says simulation; verify-proof says SIMULATION; with the origin made real it does not open', async () => {
      const place = await backend.fresh()
      try {
        const keyPath = join(place.dir, 'ledger.key')
        const keys = loadOrCreateLedgerKeys(keyPath).keys
        const store = await openStore(place.location, { mode: 'simulation' })
        try {
          await store.ledger.append([policyEntry('2025-08-09T12:00:00.000Z', 'v1'), policyEntry('2025-08-10T12:00:00.000Z', 'v2')])
        } finally {
          await store.close()
        }
        const files = { checkpoint: join(place.dir, 'checkpoint.note'), proof: join(place.dir, 'proof.json'), publicKey: join(place.dir, 'public.pem') }
        const db = ['--db', place.location, '--key', keyPath]
        for (const args of [
          ['ledger', 'checkpoint', ...db, '--format', 'c2sp', '--origin-prefix', 'records.example.gov', '--out', files.checkpoint],
          ['ledger', 'proof', ...db, '--entry', '0', '--checkpoint', files.checkpoint, '--out', files.proof],
          ['ledger', 'public-key', ...db, '--out', files.publicKey],
        ]) {
          const run = verigate(args, place.dir)
          assert.equal(run.status, 0, run.stderr)
        }
        const note = readFileSync(files.checkpoint, 'utf8')
        const origin = note.split('\n')[0] as string
        assert.match(origin, /^records\.example\.gov\/verigate-simulation\/[0-9a-f]{16}$/)

        const honest = verigate(['ledger', 'verify-proof', '--proof', files.proof, '--checkpoint', files.checkpoint, '--public-key', files.publicKey, '--json'], place.dir)
        assert.equal(honest.status, 0, honest.stderr)
        const verdict = JSON.parse(honest.stdout) as { valid: boolean; mode: string; summary: string }
        assert.deepEqual([verdict.valid, verdict.mode], [true, 'simulation'])
        assert.match(verdict.summary, /SIMULATION ledger/)

        const realOrigin = origin.replace('/verigate-simulation/', '/verigate/')
        const realVkey = noteVerifierKey(noteVerifierOf(realOrigin, keys.publicKey))
        // Claimed real: the origin line rewritten, then the signature line's name too.
        for (const forgedNote of [note.replace(`${origin}\n`, `${realOrigin}\n`), note.replaceAll(origin, realOrigin)]) {
          writeFileSync(files.checkpoint, forgedNote)
          for (const key of [['--public-key', files.publicKey], ['--verifier-key', realVkey]]) {
            const forged = verigate(['ledger', 'verify-proof', '--proof', files.proof, '--checkpoint', files.checkpoint, ...key], place.dir)
            assert.notEqual(forged.status, 0, forged.stdout)
            assert.match(forged.stderr, /no trusted key signed the note|does not verify/)
          }
        }
        // The untouched simulation checkpoint does not open with the real log's verifier key either.
        writeFileSync(files.checkpoint, note)
        const asReal = verigate(['ledger', 'verify-proof', '--proof', files.proof, '--checkpoint', files.checkpoint, '--verifier-key', realVkey], place.dir)
        assert.notEqual(asReal.status, 0, asReal.stdout)
        assert.match(asReal.stderr, /the checkpoint is of the log .*verigate-simulation/)
      } finally {
        await place.dispose()
      }
    })
  })
}
