import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const BIN = join(ROOT, 'bin', 'verigate.js')
const AGREEMENTS = join(ROOT, 'policies', 'agreements')
const ORDERS = join(ROOT, 'policies', 'orders')

function run(args: readonly string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
}

describe('verigate policy', () => {
  it('checks a valid document', () => {
    const r = run(['policy', 'check', join(ORDERS, 'dmass-2026-02-05-residential.yaml')])
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /valid order dmass-2026-02-05-residential\ndigest sha256:[0-9a-f]{64}/)
  })
  it('lists every issue of an invalid document with its path, and exits 65', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    const text = readFileSync(join(AGREEMENTS, 'irs-ice-2025-corrected.yaml'), 'utf8').replace('field: address', 'field: home_address').replace('kind: agreement', 'kind: agreement\ncolour: blue')
    writeFileSync(join(dir, 'a.yaml'), text)
    const r = run(['policy', 'check', join(dir, 'a.yaml')])
    assert.equal(r.status, 65)
    assert.match(r.stdout, /2 issue\(s\)/)
    assert.match(r.stdout, /a\.yaml:\d+ \(colour\): unknown_field/)
    assert.match(r.stdout, /a\.yaml:\d+ \(disclose\[0\]\.field\): invalid_value: "home_address"/)
  })
  it('says what changed between two versions', () => {
    const r = run(['policy', 'diff', join(AGREEMENTS, 'irs-ice-2025-as-run.yaml'), join(AGREEMENTS, 'irs-ice-2025-court-reading.yaml')])
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /raised\s+address fields: on the tin path: least request-address grade raised from none \(no check\) to FULL/)
    const json = JSON.parse(run(['policy', 'diff', join(AGREEMENTS, 'irs-ice-2025-as-run.yaml'), join(AGREEMENTS, 'irs-ice-2025-as-run.yaml'), '--json']).stdout)
    assert.deepEqual(json.changes, [])
  })
})
