import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ledgerOrigin, noteVerifierKey, noteVerifierOf } from '../ledger/index.js'
import { openStore } from '../store/index.js'
import type { Store } from '../store/index.js'
import { runBatch } from './batch/index.js'
import type { BatchRunResult } from './batch/index.js'
import { buildProofBundle, proofBundlePath } from './proof-bundle.js'
import type { ProofBundle } from './proof-bundle.js'
import { AS_OF, CORRECTED_AGREEMENT, ORDERS_DIR, RELEASE_AT, REPO_ROOT, makeFixture } from '../../test/support/workflow-test-support.js'
import type { Fixture } from '../../test/support/workflow-test-support.js'

/**
 * A response file's proof bundle, checked by the standalone verifier alone: its bin, run as a
 * child process from a copy of packages/verify with nothing of Verigate beside it.
 */
describe('a response file’s proof bundle, checked with packages/verify alone', () => {
  let fx: Fixture
  let store: Store
  let run: BatchRunResult
  let verifierDir: string
  let vkey: string
  let csv: string
  let bundle: ProofBundle
  let work: string

  before(async () => {
    fx = await makeFixture(3000, 300)
    store = await openStore(join(fx.dir, 'db.sqlite'), { mode: 'simulation' })
    run = await runBatch(store, {
      agreementPath: CORRECTED_AGREEMENT,
      ordersDir: ORDERS_DIR,
      masterPath: fx.master,
      requestsPath: fx.requests,
      asOf: AS_OF,
      releaseAt: RELEASE_AT,
      outDir: join(fx.dir, 'out'),
      keys: fx.keys,
      chunkSize: 300,
      threads: 1,
    })
    // The package folder alone, in a folder of its own: no node_modules, no Verigate.
    verifierDir = mkdtempSync(join(tmpdir(), 'verigate-verify-alone-'))
    cpSync(join(REPO_ROOT, 'packages/verify'), join(verifierDir, 'verify'), { recursive: true })
    const first = (await store.ledger.signingKeys())[0]!
    vkey = noteVerifierKey(noteVerifierOf(ledgerOrigin({ firstKeyId: first.keyId, mode: 'simulation' }), fx.keys.publicKey))
    csv = readFileSync(run.responsePath, 'utf8')
    bundle = JSON.parse(readFileSync(proofBundlePath(run.responsePath), 'utf8')) as ProofBundle
    work = join(fx.dir, 'tampered')
    cpSync(join(fx.dir, 'out'), work, { recursive: true })
  })
  after(async () => {
    await store.close()
    rmSync(fx.dir, { recursive: true, force: true })
    rmSync(verifierDir, { recursive: true, force: true })
  })

  /** Runs the copied bin; returns its exit status and output. */
  function verify(args: readonly string[]): { status: number | null; out: string } {
    const result = spawnSync(process.execPath, [join(verifierDir, 'verify/bin/verigate-verify.js'), ...args], { encoding: 'utf8', cwd: verifierDir })
    return { status: result.status, out: `${result.stdout}${result.stderr}` }
  }
  /** Checks a bundle and a file written into the scratch folder. */
  function check(bundleValue: unknown, file: string, extra: readonly string[] = []): { status: number | null; out: string } {
    const b = join(work, 'b.proof.json')
    const f = join(work, 'r.csv')
    writeFileSync(b, JSON.stringify(bundleValue))
    writeFileSync(f, file)
    return verify(['bundle', '--verifier-key', vkey, '--bundle', b, '--file', f, ...extra])
  }

  it('writes the bundle beside the response file, owner-only, covering every disclosure the file carries', async () => {
    const path = proofBundlePath(run.responsePath)
    assert.equal(path, join(fx.dir, 'out', `response-${run.batchId}.proof.json`))
    assert.equal(statSync(path).mode & 0o777, 0o600)
    assert.equal(bundle.format, 'verigate-proof-bundle/1')
    assert.equal(bundle.disclosures.length, run.summary.disclosed)
    assert.ok(run.summary.disclosed > 20, `only ${run.summary.disclosed} disclosed`)
    assert.match(bundle.checkpoint, /^verigate\.local\/verigate-simulation\/[0-9a-f]{16}\n/)
    // The checkpoint was made after the file's entry: it covers it.
    assert.ok(Number(bundle.checkpoint.split('\n')[1]) > bundle.record.leaf_index)
    assert.deepEqual(readdirSync(join(verifierDir, 'verify')).sort(), ['README.md', 'bin', 'package.json', 'src', 'test', 'tsconfig.json'])
  })

  it('passes with the package alone: the file is the one recorded, and each of its disclosures is in the log', () => {
    const result = verify(['bundle', '--verifier-key', vkey, '--bundle', proofBundlePath(run.responsePath), '--file', run.responsePath])
    assert.equal(result.status, 0, result.out)
    assert.match(result.out, new RegExp(`each of its ${run.summary.disclosed} disclosures is in the log`))
    assert.match(result.out, /SIMULATION/)
  })

  it('fails when one disclosure line is changed', () => {
    const lines = csv.split('\n')
    const i = lines.findIndex((l) => l.includes(',DISCLOSED,'))
    lines[i] = lines[i]!.replace(/,DISCLOSED,([^,]*)/, (_m, v: string) => `,DISCLOSED,${v}X`)
    const result = check(bundle, lines.join('\n'))
    assert.equal(result.status, 1, result.out)
    assert.match(result.out, /the document was changed/)
  })

  it('fails when one disclosure line is dropped', () => {
    const lines = csv.split('\n')
    lines.splice(lines.findIndex((l) => l.includes(',DISCLOSED,')), 1)
    const result = check(bundle, lines.join('\n'))
    assert.equal(result.status, 1, result.out)
    assert.match(result.out, /the document was changed/)
  })

  it('fails when a proof is swapped for another disclosure’s', () => {
    const [a, b, ...rest] = bundle.disclosures
    const swapped = { ...bundle, disclosures: [{ ...a!, proof: b!.proof }, b!, ...rest] }
    const result = check(swapped, csv)
    assert.equal(result.status, 1, result.out)
    assert.match(result.out, new RegExp(`disclosure 0 \\(entry ${a!.leaf_index}\\) is not in the log`))
  })

  it('fails when the bundle proves fewer disclosures than the file carries', () => {
    const result = check({ ...bundle, disclosures: bundle.disclosures.slice(1) }, csv)
    assert.equal(result.status, 1, result.out)
    assert.match(result.out, /proves \d+ of the \d+ disclosures/)
  })

  it('fails under another log’s key, and with --real for a simulation’s checkpoint', () => {
    const other = noteVerifierKey(noteVerifierOf(ledgerOrigin({ firstKeyId: 'ab'.repeat(32), mode: 'simulation' }), fx.keys.publicKey))
    const wrongKey = verify(['bundle', '--verifier-key', other, '--bundle', proofBundlePath(run.responsePath)])
    assert.equal(wrongKey.status, 1, wrongKey.out)
    assert.match(wrongKey.out, /is of the log/)
    const real = verify(['bundle', '--verifier-key', vkey, '--bundle', proofBundlePath(run.responsePath), '--real'])
    assert.equal(real.status, 1, real.out)
    assert.match(real.out, /SIMULATION ledger/)
  })

  it('refuses to build a bundle against a checkpoint made before the file’s entry', async () => {
    const early = (await store.ledger.checkpoints()).find((c) => c.treeSize <= bundle.record.leaf_index)
    const checkpoint = early ?? { ...(await store.ledger.checkpoints())[0]!, treeSize: bundle.record.leaf_index }
    await assert.rejects(buildProofBundle(store, fx.keys, { document: 'response_file', recordSeq: bundle.record.leaf_index, checkpoint }), /sign it after the entries are appended/)
    assert.ok(existsSync(run.responsePath))
  })
})
