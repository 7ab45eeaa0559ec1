import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { surnameGroupsOf } from '../../standardize/index.js'
import { generate } from '../../synth/index.js'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const BIN = join(ROOT, 'bin/verigate.js')

function verigate(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

/** Rows of a generated CSV file. */
function rows(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true }) as Record<string, string>[]
}

/** A name with its letters reversed and one doubled: two keyboard-slip-sized changes and more. */
const garble = (name: string) => (name.length < 2 ? name : `${[...name].reverse().join('')}${name[0]}`)

describe('verigate batch run --truth: errors by surname group', () => {
  let dir: string
  let planted = 0
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verigate-equity-'))
    assert.equal(verigate('store', 'create', '--db', join(dir, 'store.sqlite'), '--simulation').status, 0)
    // Most requested people in the master, and Hispanic surnames a minority of the requests, so the
    // planted group stands apart from the whole.
    await generate({ scenario: 'incident', people: 3000, requests: 500, seed: 23, inMasterRate: 0.85, requestCultureMix: { general: 0.6, hispanic: 0.3, asian: 0.06, arabic: 0.04 } }, join(dir, 'data'))
    // The planted disparity: the requests whose person has a surname on the Census Spanish list
    // carry far more noise than the rest (names garbled, TIN left out), so they are missed more.
    const master = new Map(rows(join(dir, 'data/master.csv')).map((r) => [r.id, r.surname ?? '']))
    const truth = new Map(rows(join(dir, 'data/truth.csv')).map((r) => [r.request_id, r.master_id ?? '']))
    const requests = rows(join(dir, 'data/requests.csv'))
    for (const r of requests) {
      const trueSurname = master.get(truth.get(r.request_id ?? '') ?? '') ?? ''
      if (!surnameGroupsOf(trueSurname).includes('spanish_list')) continue
      r.surname = garble(r.surname ?? '')
      r.given_name = garble(r.given_name ?? '')
      r.tin = ''
      planted++
    }
    writeFileSync(join(dir, 'data/requests.csv'), stringify(requests, { header: true, columns: Object.keys(requests[0] ?? {}) }))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  const run = (out: string, ...extra: string[]) =>
    verigate(
      'batch', 'run',
      '--agreement', join(ROOT, 'policies/agreements/irs-ice-2025-corrected.yaml'),
      '--master', join(dir, 'data/master.csv'),
      '--requests', join(dir, 'data/requests.csv'),
      '--as-of', '2025-08-07T12:00:00Z',
      '--out', join(dir, out),
      '--db', join(dir, 'store.sqlite'),
      ...extra,
    )

  it('flags the group whose records carry more noise, in plain words, in --json, the summary file and the report', () => {
    assert.ok(planted > 50, `only ${planted} requests planted`)
    const result = run('out', '--truth', join(dir, 'data/truth.csv'), '--json')
    assert.equal(result.status, 0, result.stderr)
    const summary = JSON.parse(result.stdout) as { equity?: { overall: { records: number; missedMatches: number }; groups: { group: string; missedMatchDiffers: string; falseMatchRate: { low: number } }[]; findings: string[] }; report: string }
    const equity = summary.equity
    assert.ok(equity, 'the summary carries the equity table')
    const spanish = equity.groups.find((g) => g.group === 'spanish_list')
    assert.equal(spanish?.missedMatchDiffers, 'higher')
    // No group free of the planted noise is found missed more often.
    for (const g of equity.groups.filter((g) => g.group === 'romanized_asian' || g.group === 'predominantly_api')) assert.notEqual(g.missedMatchDiffers, 'higher', g.group)
    const finding = equity.findings.find((f) => f.includes('On the Census list of Spanish surnames') && f.includes('missed MORE often than all requests, beyond chance'))
    assert.ok(finding, equity.findings.join('\n'))
    const html = readFileSync(summary.report, 'utf8')
    assert.match(html, /<h2[^>]*>Errors by surname group<\/h2>/)
    assert.ok(html.includes('groups of NAMES from public lists'))
    assert.ok(html.includes('missed MORE often than all requests, beyond chance'))
    const file = JSON.parse(readFileSync(join(dir, 'out', `summary-${(JSON.parse(result.stdout) as { batch_id: string }).batch_id}.json`), 'utf8')) as { equity?: unknown }
    assert.ok(file.equity, 'the summary file carries the table too')
  })

  it('prints the finding in the text summary, and leaves the section out when no truth is given', () => {
    const text = run('out-text', '--truth', join(dir, 'data/truth.csv'))
    assert.equal(text.status, 0, text.stderr)
    assert.match(text.stdout, /errors by surname group \(against the truth; groups of names, not of people\):\n {4}- Requests with a surname in the group "On the Census list of Spanish surnames"/)
    const plain = run('out-plain', '--json')
    assert.equal(plain.status, 0, plain.stderr)
    const summary = JSON.parse(plain.stdout) as { equity?: unknown; report: string }
    assert.equal(summary.equity, undefined)
    assert.doesNotMatch(readFileSync(summary.report, 'utf8'), /Errors by surname group/)
  })

  it('refuses a truth file that is not the generator’s, naming the missing column', () => {
    writeFileSync(join(dir, 'bad-truth.csv'), 'id,person\nR1,P1\n')
    const bad = run('out-bad', '--truth', join(dir, 'bad-truth.csv'))
    assert.notEqual(bad.status, 0)
    assert.match(bad.stderr, /the truth file .*bad-truth\.csv has no request_id column/)
  })
})
