/**
 * What the built package offers and withholds: its `exports` map opens the command's entry and
 * the standalone proof verifier, and refuses everything else (the store, the fixtures); and the
 * code built from src/ holds no test scaffolding.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (this file runs as dist/test/layers/package-surface.test.js). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** Imports `specifier` the way a user of the package would (a self-reference from the root) and prints what it exports, or the error code. */
function importAsUser(specifier: string): { exports?: string[]; code?: string } {
  const script = `import(${JSON.stringify(specifier)}).then((m) => console.log(JSON.stringify({ exports: Object.keys(m).sort() })), (e) => console.log(JSON.stringify({ code: e.code })))`
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })
  assert.equal(run.status, 0, run.stderr)
  return JSON.parse(run.stdout) as { exports?: string[]; code?: string }
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string, top = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), top) : [relative(top, join(dir, e.name))]))
}

describe('package surface', () => {
  it('exports the command entry and the proof verifier', () => {
    assert.ok(importAsUser('verigate').exports?.includes('main'))
    const verify = importAsUser('verigate/verify').exports ?? []
    assert.ok(verify.includes('verifyInclusion') && verify.includes('verifyConsistency'), `verigate/verify exports ${verify.join(', ')}`)
    // The C2SP checkpoint and signed-note formats travel with the verifier.
    for (const name of ['formatC2spCheckpoint', 'parseC2spCheckpoint', 'openC2spCheckpoint', 'signNote', 'verifyNote', 'parseNoteVerifierKey']) {
      assert.ok(verify.includes(name), `verigate/verify does not export ${name}`)
    }
  })

  it('refuses the internals and the test scaffolding', () => {
    for (const internal of ['verigate/dist/src/store/index.js', 'verigate/dist/test/support/workflow-test-support.js', 'verigate/src/store/index.ts']) {
      assert.equal(importAsUser(internal).code, 'ERR_PACKAGE_PATH_NOT_EXPORTED', internal)
    }
  })

  it('builds no fixture or test support from src/', () => {
    const scaffolding = filesUnder(join(ROOT, 'dist/src')).filter((f) => /fixture|test-support|\.suite\./.test(f))
    assert.deepEqual(scaffolding, [])
  })
})
