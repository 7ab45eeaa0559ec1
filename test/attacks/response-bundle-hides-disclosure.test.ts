/**
 * An insider at the holder would have a disclosure go out without the log showing it: a row
 * slipped into the response file after the run (a record that never went through the ledger),
 * the proof bundle trimmed so that one disclosure the file carries has no proof, or the bundle
 * replaced by one signed with the ledger key under a simulation's origin (a log the insider can
 * replay at will). The recipient, with the standalone verifier (packages/verify) and the real
 * log's verifier key alone, refuses each. Issue 22.
 */
import { strict as assert } from 'node:assert'
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ledgerOrigin, noteVerifierKey, noteVerifierOf, parseC2spCheckpoint, signC2spCheckpoint } from '../../src/ledger/index.js'
import type { ProofBundle } from '../../src/workflow/index.js'
import { recordHistory } from './derived-tables-history.js'
import { ATTACK_BACKENDS, REPO_ROOT } from './support.js'

function run(bin: string, ...args: string[]): { readonly status: number | null; readonly out: string } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, bin), ...args], { encoding: 'utf8' })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

for (const backend of ATTACK_BACKENDS) {
  describe(`a response file carrying a disclosure its proof bundle does not prove (${backend.name})`, { skip: backend.skip }, () => {
    it('is refused by the recipient’s verifier: a slipped-in row, a trimmed bundle, a simulation’s bundle', async () => {
      const place = await backend.fresh()
      try {
        const history = await recordHistory(place)
        const vkey = run('bin/verigate.js', 'ledger', 'public-key', '--format', 'note', '--db', place.location, '--key', history.keyFile).out.trim()
        const csvPath = join(place.dir, 'out', `response-${history.batchId}.csv`)
        const bundlePath = join(place.dir, 'out', `response-${history.batchId}.proof.json`)
        const check = (bundle: string, csv: string) => run('packages/verify/bin/verigate-verify.js', 'bundle', '--real', '--verifier-key', vkey, '--bundle', bundle, '--file', csv)
        const honest = check(bundlePath, csvPath)
        assert.equal(honest.status, 0, honest.out)
        assert.match(honest.out, new RegExp(`each of its ${history.disclosures} disclosures is in the log`))

        // A row slipped in: a NOT_VERIFIED answer turned into a disclosure with a value.
        const lines = readFileSync(csvPath, 'utf8').split('\n')
        const i = lines.findIndex((l) => l.includes(',NOT_VERIFIED,'))
        lines[i] = lines[i]!.replace(',NOT_VERIFIED,', ',DISCLOSED,12')
        const slipped = join(place.dir, 'slipped.csv')
        writeFileSync(slipped, lines.join('\n'))
        const s = check(bundlePath, slipped)
        assert.equal(s.status, 1, s.out)
        assert.match(s.out, /the document was changed/)

        // The bundle trimmed of one disclosure's proof, the file as sent.
        const bundle = JSON.parse(readFileSync(bundlePath, 'utf8')) as ProofBundle
        const trimmed = join(place.dir, 'trimmed.proof.json')
        writeFileSync(trimmed, JSON.stringify({ ...bundle, disclosures: bundle.disclosures.slice(1) }))
        const t = check(trimmed, csvPath)
        assert.equal(t.status, 1, t.out)
        assert.match(t.out, new RegExp(`proves ${history.disclosures - 1} of the ${history.disclosures} disclosures`))

        // The same tree head signed with the ledger key under the simulation origin.
        const head = parseC2spCheckpoint(bundle.checkpoint.slice(0, bundle.checkpoint.lastIndexOf('\n\n') + 1))
        assert.ok(!('reason' in head))
        const origin = ledgerOrigin({ firstKeyId: history.keys.keyId, mode: 'simulation' })
        const simulated = join(place.dir, 'simulated.proof.json')
        writeFileSync(simulated, JSON.stringify({ ...bundle, checkpoint: signC2spCheckpoint(history.keys, { ...head, origin }) }))
        const m = check(simulated, csvPath)
        assert.equal(m.status, 1, m.out)
        assert.match(m.out, /the checkpoint is of the log verigate\.local\/verigate-simulation\//)
        // With the simulation's own verifier key it opens, and --real still refuses it.
        const simKey = noteVerifierKey(noteVerifierOf(origin, history.keys.publicKey))
        const r = run('packages/verify/bin/verigate-verify.js', 'bundle', '--real', '--verifier-key', simKey, '--bundle', simulated, '--file', csvPath)
        assert.equal(r.status, 1, r.out)
        assert.match(r.out, /SIMULATION ledger/)
      } finally {
        await place.dispose()
      }
    })
  })
}
