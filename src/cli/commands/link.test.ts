import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../../../bin/verigate.js', import.meta.url))

function run(args: readonly string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
}

function files() {
  const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
  const master = join(dir, 'master.csv')
  const requests = join(dir, 'requests.csv')
  writeFileSync(
    master,
    [
      'id,given_name,surname,dob,tin,street_number,street_name,city,state,zip',
      'M1,ANNA,KOWALCZYK,1952-11-30,900000003,12,MAPLE AVE,SPRINGFIELD,IL,62704',
      'M2,EWA,KOWALCZYK,1981-01-15,900000004,12,MAPLE AVE,SPRINGFIELD,IL,62704',
      'M3,JAMES,SMITH,1970-02-02,123456789,5,OAK ST,PEORIA,IL,61602',
      'M4,MARY,JONES,1965-06-07,223456789,9,ELM ST,PEORIA,IL,61602',
    ].join('\n'),
  )
  writeFileSync(
    requests,
    [
      'id,given_name,surname,dob,street_number,street_name,city,state,zip,case_ref',
      'R1,ANNA,KOWALCZYK,11/30/1952,12,MAPLE AVE,SPRINGFIELD,IL,62704,C-1',
      'R2,ZOFIA,KOWALCZYK,06/02/1984,12,MAPLE AVE,SPRINGFIELD,IL,62704,C-2',
      'R3,XAVIER,QUONSET,01/01/2001,1,NOWHERE RD,TOPEKA,KS,66601,C-3',
    ].join('\n'),
  )
  return { dir, master, requests }
}

describe('verigate link', () => {
  it('writes one MATCHES.csv row per request under the contract header, and the evidence', () => {
    const { dir, master, requests } = files()
    const out = join(dir, 'matches.csv')
    const evidence = join(dir, 'evidence.jsonl')
    const r = run(['link', '--master', master, '--requests', requests, '--out', out, '--explain', evidence, '--json'])
    assert.equal(r.status, 0, r.stderr)
    const lines = readFileSync(out, 'utf8').trim().split('\n')
    assert.equal(lines[0], 'request_id,master_id,status,weight,probability')
    assert.equal(lines.length, 4)
    assert.match(lines[1] ?? '', /^R1,M1,match,/)
    assert.match(lines[2] ?? '', /^R2,,none,|^R2,M\d,(possible|ambiguous),/)
    assert.doesNotMatch(lines[2] ?? '', /,match,/)
    assert.match(lines[3] ?? '', /^R3,,none,/)
    const results = readFileSync(evidence, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { requestId: string; request: { caseRef: string }; masterDigest: string })
    assert.equal(results.length, 3)
    assert.equal(results[0]?.request.caseRef, 'C-1')
    const summary = JSON.parse(r.stdout) as { statuses: { match: number }; masterDigest: string }
    assert.equal(summary.statuses.match, 1)
    assert.equal(results[0]?.masterDigest, summary.masterDigest)
  })
  it('--explain names why each candidate is held below match, in the evidence and in the summary', () => {
    const { dir, master } = files()
    const requests = join(dir, 'held.csv')
    writeFileSync(
      requests,
      [
        'id,given_name,surname,dob,street_number,street_name,city,state,zip,case_ref',
        // Name and address agree, no date of birth and no TIN: rule 6 holds it.
        'R4,MARY,JONES,,9,ELM ST,PEORIA,IL,61602,C-4',
        // Name and date of birth agree, nothing else: the stricter threshold of pairs with no TIN.
        'R5,JAMES,SMITH,02/02/1970,77,PINE RD,CHICAGO,IL,60601,C-5',
      ].join('\n'),
    )
    const evidence = join(dir, 'evidence.jsonl')
    const r = run(['link', '--master', master, '--requests', requests, '--out', join(dir, 'm.csv'), '--explain', evidence])
    assert.equal(r.status, 0, r.stderr)
    const results = readFileSync(evidence, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { requestId: string; status: string; best: { probability: number }; holds?: { code: string; message: string }[] })
    const byId = new Map(results.map((x) => [x.requestId, x]))
    const r4 = byId.get('R4')!
    assert.equal(r4.status, 'possible')
    assert.ok(r4.best.probability >= 0.95, `R4 at ${r4.best.probability}`)
    assert.deepEqual(r4.holds?.map((h) => h.code), ['NO_DOB_OR_TIN'])
    assert.match(r4.holds?.[0]?.message ?? '', /rule 6/)
    assert.deepEqual(byId.get('R5')?.holds?.map((h) => h.code), ['SILENT_TIN'])
    assert.match(r.stdout, /held below match, by reason .*: NO_DOB_OR_TIN 1, SILENT_TIN 1/)
  })
  it('links against a snapshot from `verigate index` with the same digest', () => {
    const { dir, master, requests } = files()
    const vgx = join(dir, 'master.vgx')
    const built = run(['index', '--master', master, '--out', vgx, '--json'])
    assert.equal(built.status, 0, built.stderr)
    const digest = (JSON.parse(built.stdout) as { digest: string }).digest
    const r = run(['link', '--master', vgx, '--requests', requests, '--out', join(dir, 'm.csv'), '--json', '--train', '--save-model', join(dir, 'model.json')])
    assert.equal(r.status, 0, r.stderr)
    assert.equal((JSON.parse(r.stdout) as { masterDigest: string }).masterDigest, digest)
    assert.match(readFileSync(join(dir, 'model.json'), 'utf8'), /verigate-link-model\/1/)
  })
  it('chooses the blocking rules by the master\'s size, names them in the summary, and a snapshot keeps its own', () => {
    const { dir, master, requests } = files()
    // Four records: the small-file rules, in the text summary and in --json.
    const text = run(['link', '--master', master, '--requests', requests, '--out', join(dir, 'm.csv')])
    assert.equal(text.status, 0, text.stderr)
    assert.match(text.stdout, /blocking +small-file rules \(4 records, at most 2,500: wide blocks cost little\)/)
    const json = run(['link', '--master', master, '--requests', requests, '--out', join(dir, 'm.csv'), '--json'])
    assert.equal((JSON.parse(json.stdout) as { blocking: string }).blocking, 'small-file')
    // The surname's sound alone (a small-file rule) is among the rules that found candidates.
    assert.ok(((JSON.parse(json.stdout) as { candidatePairs: Record<string, number> }).candidatePairs.surname_phonetic ?? 0) > 0)
    // Named rules win over the size, and the snapshot keeps what it was built with.
    const vgx = join(dir, 'national.vgx')
    const built = run(['index', '--master', master, '--out', vgx, '--blocking', 'national', '--json'])
    assert.equal(built.status, 0, built.stderr)
    assert.equal((JSON.parse(built.stdout) as { blocking: string }).blocking, 'national')
    const linked = run(['link', '--master', vgx, '--requests', requests, '--out', join(dir, 'm.csv'), '--json'])
    assert.equal((JSON.parse(linked.stdout) as { blocking: string }).blocking, 'national')
    const indexed = run(['index', '--master', master, '--out', join(dir, 'auto.vgx')])
    assert.match(indexed.stdout, /blocking: small-file rules \(4 records/)
    const bad = run(['index', '--master', master, '--out', join(dir, 'x.vgx'), '--blocking', 'tiny'])
    assert.equal(bad.status, 65)
    assert.match(bad.stderr, /--blocking tiny: expected auto, national, default, small-file or wide/)
  })
  it('refuses a bad --threads value with a usage error', () => {
    const { dir, master, requests } = files()
    const r = run(['link', '--master', master, '--requests', requests, '--out', join(dir, 'm.csv'), '--threads', 'zero'])
    assert.equal(r.status, 65)
    assert.match(r.stderr, /--threads zero/)
  })
  it('refuses an index snapshot name without .vgx', () => {
    const { dir, master } = files()
    const r = run(['index', '--master', master, '--out', join(dir, 'master.bin')])
    assert.equal(r.status, 65)
    assert.match(r.stderr, /\.vgx/)
  })
})
