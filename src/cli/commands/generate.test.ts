import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../../../bin/verigate.js', import.meta.url))

function verigate(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
}

describe('verigate generate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('writes the files and says what they hold', () => {
    const out = join(dir, 'demo')
    const run = verigate('generate', '--scenario', 'demo', '--people', '2000', '--requests', '300', '--seed', '5', '--out', out)
    assert.equal(run.status, 0, run.stderr)
    assert.match(run.stdout, /generated demo data \(seed 5\)/)
    assert.match(run.stdout, /master\.csv +2,\d{3} rows \(2,000 people in [\d,]+ households\)/)
    assert.match(run.stdout, /requests\.csv +300 rows: \d+ in the master/)
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { parameters: Record<string, unknown> }
    assert.equal(config.parameters.people, 2000)
    assert.equal(config.parameters.inMasterRate, 0.4)
    assert.equal(readFileSync(join(out, 'requests.csv'), 'utf8').trim().split('\n').length, 301)
  })

  it('prints a JSON summary with --json, and takes parameters from a --config file', () => {
    const configFile = join(dir, 'params.json')
    writeFileSync(configFile, JSON.stringify({ scenario: 'demo', people: 1500, requests: 100, inMasterRate: 0.5, dobMissingRate: 1 }))
    const out = join(dir, 'configured')
    const run = verigate('generate', '--config', configFile, '--requests', '120', '--out', out, '--json')
    assert.equal(run.status, 0, run.stderr)
    const summary = JSON.parse(run.stdout) as { masterPeople: number; files: { requests: { rows: number } }; params: { inMasterRate: number; dobMissingRate: number } }
    assert.equal(summary.masterPeople, 1500)
    assert.equal(summary.files.requests.rows, 120)
    assert.equal(summary.params.inMasterRate, 0.5)
    const rows = readFileSync(join(out, 'requests.csv'), 'utf8').trim().split('\n').slice(1)
    assert.ok(rows.every((line) => line.split(',')[7] === ''), 'every date of birth should be missing')
    const rerun = verigate('generate', '--config', join(out, 'config.json'), '--out', join(dir, 'rerun'))
    assert.equal(rerun.status, 0, rerun.stderr)
    assert.ok(readFileSync(join(out, 'truth.csv')).equals(readFileSync(join(dir, 'rerun', 'truth.csv'))))
  })

  it('refuses a rate outside 0 to 1 and an unknown scenario with exit code 65', () => {
    const rate = verigate('generate', '--in-master-rate', '1.5', '--out', join(dir, 'x'))
    assert.equal(rate.status, 65)
    assert.match(rate.stderr, /--in-master-rate 1\.5: expected a number from 0 to 1/)
    const scenario = verigate('generate', '--scenario', 'census', '--out', join(dir, 'x'))
    assert.equal(scenario.status, 65)
    assert.match(scenario.stderr, /--scenario census/)
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ people: 100, requests: 10, nicknameRate: 3 }))
    const config = verigate('generate', '--config', bad, '--out', join(dir, 'x'))
    assert.equal(config.status, 65)
    assert.match(config.stderr, /nicknameRate must be a number from 0 to 1/)
  })
})
