/**
 * Attack (issue 21, configuration): a settings file redirects a batch. `verigate.yaml` in the
 * working directory (or the file `--config` names) may say which store a command writes to and
 * which key signs. Someone who can change that file, but is not the operator, points `db` at a
 * store of their own: the batch would be decided, written and answered there, out of the real
 * ledger's sight. A settings file that others can change, or that another user owns, is refused
 * before anything is opened, and a command names the file it took settings from.
 */
import { strict as assert } from 'node:assert'
import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ATTACK_BACKENDS } from './support.js'
import { batchInputs, keyFileOf, ledgerState, verigate } from './ledger-key-support.js'
import type { BatchInputs } from './ledger-key-support.js'

/** `batch run` with neither --db nor --key: they come from the settings file in `cwd`. */
function batchRunHere(cwd: string, inputs: BatchInputs, requests: string, out: string) {
  return verigate(['batch', 'run', '--agreement', inputs.agreement, '--master', inputs.master, '--requests', requests, '--out', out, '--threads', '1', '--no-progress', '--json'], { cwd })
}

for (const backend of ATTACK_BACKENDS) {
  describe(`a settings file planted or changed by someone else redirects a batch (${backend.name})`, { skip: backend.skip }, () => {
    it('the operator’s own file is used and named; one others can change, or another user owns, is refused and nothing is written anywhere', async () => {
      const place = await backend.fresh()
      try {
        const inputs = await batchInputs(place)
        const ops = join(place.dir, 'ops')
        mkdirSync(ops)
        const settings = join(ops, 'verigate.yaml')
        writeFileSync(settings, `db: ${place.location}\nkey: ${keyFileOf(place)}\n`, { mode: 0o600 })
        const first = batchRunHere(ops, inputs, inputs.requests, join(place.dir, 'out-1'))
        assert.equal(first.status, 0, first.stderr)
        assert.match(first.stderr, /settings from verigate\.yaml: db, key/)
        const before = await ledgerState(place.location)
        assert.equal(before.batches, 1)

        // Someone in the operator's group rewrites the file to send the next batch to their store.
        const theirs = join(place.dir, 'theirs.sqlite')
        writeFileSync(settings, `db: ${theirs}\n`)
        chmodSync(settings, 0o664)
        const redirected = batchRunHere(ops, inputs, inputs.requestsAgain, join(place.dir, 'out-2'))
        assert.equal(redirected.status, 65, redirected.stderr)
        assert.match(redirected.stderr, /verigate\.yaml: the settings file can be changed by others \(mode 664\): run chmod go-w/)
        assert.equal(existsSync(theirs), false, 'no store made where the file pointed')
        assert.equal(existsSync(join(place.dir, 'out-2')), false, 'no response written')
        assert.deepEqual(await ledgerState(place.location), before, 'nothing written to the real store')

        // A file that belongs to another user (only root can give one away: checked when the tests run as root).
        if (process.getuid?.() === 0) {
          chmodSync(settings, 0o644)
          chownSync(settings, 65534, 65534)
          const planted = batchRunHere(ops, inputs, inputs.requestsAgain, join(place.dir, 'out-3'))
          assert.equal(planted.status, 65, planted.stderr)
          assert.match(planted.stderr, /belongs to another user \(uid 65534\)/)
          assert.equal(existsSync(theirs), false)
          assert.deepEqual(await ledgerState(place.location), before, 'nothing written to the real store')
        }
      } finally {
        await place.dispose()
      }
    })
  })
}
