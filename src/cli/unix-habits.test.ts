/**
 * Issue 21's Unix habits, through the real CLI as a child process: `--json` on every command,
 * `-` for standard input and output (`standardize`, `link`, `decide`), and `--progress lines`
 * on standard error only.
 */
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { buildProgram } from './main.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const BIN = join(ROOT, 'bin', 'verigate.js')

/** Runs the CLI with `input` on its standard input. */
function verigate(args: readonly string[], input?: string | Buffer) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', ...(input === undefined ? {} : { input }), maxBuffer: 64 * 1024 * 1024 })
}

/** Every leaf command of the program (one that runs something), by its full name. */
function leafCommands(command: Command, path: readonly string[] = []): { name: string; command: Command }[] {
  if (command.commands.length === 0) return [{ name: path.join(' '), command }]
  return command.commands.flatMap((sub) => leafCommands(sub, [...path, sub.name()]))
}

/** The commands without `--json`, each with the reason JSON makes no sense for it. */
const WITHOUT_JSON: Readonly<Record<string, string>> = {
  serve: 'it runs a server until stopped; what it serves is JSON already, and it prints no result',
  worker: 'it answers jobs until stopped; its answers go to the job engine as JSON, and it prints no result',
}

describe('--json on every command', () => {
  it('every leaf command of the program takes --json, but those listed with a reason', async () => {
    const leaves = leafCommands(await buildProgram())
    assert.ok(leaves.length >= 30, `${leaves.length} commands`)
    const lacking = leaves.filter(({ command }) => !command.options.some((o) => o.long === '--json')).map(({ name }) => name)
    assert.deepEqual(lacking, Object.keys(WITHOUT_JSON), 'a command lacks --json: add it, or list it in WITHOUT_JSON with the reason')
  })

  it('prints one JSON object on stdout for the ledger, party and revoke commands that lacked it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-json-'))
    const db = join(dir, 'store.sqlite')
    assert.equal(verigate(['store', 'create', '--db', db, '--simulation']).status, 0)
    const key = verigate(['ledger', 'public-key', '--db', db, '--json'])
    assert.equal(key.status, 0, key.stderr)
    const pem = JSON.parse(key.stdout) as { out: null; key_id: string; public_key_pem: string }
    assert.equal(pem.out, null)
    assert.match(pem.public_key_pem, /^-----BEGIN PUBLIC KEY-----/)
    assert.match(pem.key_id, /^[0-9a-f]{16,}$/)

    assert.equal(verigate(['party', 'add', 'irs', '--name', 'Internal Revenue Service', '--kind', 'holder', '--db', db]).status, 0)
    const made = verigate(['party', 'key', 'create', 'irs', '--role', 'reviewer', '--person', 'alice', '--db', db, '--json'])
    assert.equal(made.status, 0, made.stderr)
    const keyId = (JSON.parse(made.stdout) as { id: string }).id
    const revoked = verigate(['party', 'key', 'revoke', keyId, '--db', db, '--json'])
    assert.equal(revoked.status, 0, revoked.stderr)
    const revocation = JSON.parse(revoked.stdout) as { revoked: string; at: string }
    assert.equal(revocation.revoked, keyId)
    assert.ok(Number.isFinite(Date.parse(revocation.at)))

    // A key rotation puts an entry in the ledger (and its checkpoint) for the proofs below.
    const newKey = join(dir, 'rotated.key')
    assert.equal(verigate(['ledger', 'rotate-key', '--db', db, '--new-key', newKey]).status, 0)
    const checkpoint = verigate(['ledger', 'checkpoint', '--db', db, '--key', newKey, '--out', join(dir, 'cp.json'), '--json'])
    assert.equal(checkpoint.status, 0, checkpoint.stderr)
    const cp = JSON.parse(checkpoint.stdout) as { out: string; checkpoint: { format: string; tree_size: number } }
    assert.equal(cp.out, join(dir, 'cp.json'))
    assert.deepEqual(JSON.parse(readFileSync(cp.out, 'utf8')), cp.checkpoint, 'the JSON carries the file written')
    assert.equal(cp.checkpoint.format, 'verigate-checkpoint/1')
    assert.ok(cp.checkpoint.tree_size > 0, 'the rotation is in the ledger')

    const proof = verigate(['ledger', 'proof', '--entry', '0', '--db', db, '--key', newKey, '--checkpoint', cp.out, '--json'])
    assert.equal(proof.status, 0, proof.stderr)
    assert.equal((JSON.parse(proof.stdout) as { proof: { leaf_index: number } }).proof.leaf_index, 0)
    const consistency = verigate(['ledger', 'consistency', '--from', cp.out, '--db', db, '--key', newKey, '--json'])
    assert.equal(consistency.status, 0, consistency.stderr)
    assert.equal((JSON.parse(consistency.stdout) as { proof: { from_size: number } }).proof.from_size, cp.checkpoint.tree_size)
  })
})

describe('- for standard input and output', () => {
  let data: string
  before(() => {
    data = mkdtempSync(join(tmpdir(), 'verigate-stdio-test-'))
    const made = verigate(['generate', '--people', '400', '--requests', '120', '--seed', '7', '--out', data])
    assert.equal(made.status, 0, made.stderr)
  })

  it('standardize --in - --out -: the same CSV as from and to files, and the summary on stderr', () => {
    const requests = readFileSync(join(data, 'requests.csv'))
    const piped = verigate(['standardize', '--in', '-', '--out', '-'], requests)
    assert.equal(piped.status, 0, piped.stderr)
    const viaFiles = verigate(['standardize', '--in', join(data, 'requests.csv'), '--out', join(data, 'std.csv')])
    assert.equal(viaFiles.status, 0, viaFiles.stderr)
    assert.equal(piped.stdout, readFileSync(join(data, 'std.csv'), 'utf8'), 'stdout is the data and nothing else')
    assert.match(piped.stderr, /read standard input: 120 rows; wrote 120 to standard output/)
    const json = verigate(['standardize', '--in', '-', '--out', '-', '--json'], requests)
    assert.equal(JSON.parse(json.stderr).out, '-', 'with --out -, the --json summary goes to stderr')
    assert.equal(json.stdout, piped.stdout)
  })

  it('standardize --in - takes JSON Lines (a first {), and refuses Parquet with a message saying what to do', () => {
    const jsonl = ['{"id":"R1","given_name":"ANNA","surname":"KOWALCZYK","dob":"1952-11-30","zip":"62704"}', '{"id":"R2","given_name":"EWA","surname":"NOWAK","dob":"1981-01-15","zip":"62704"}'].join('\n')
    const piped = verigate(['standardize', '--in', '-', '--out', '-'], jsonl)
    assert.equal(piped.status, 0, piped.stderr)
    assert.deepEqual(
      piped.stdout.trim().split('\n').slice(1).map((l) => l.split(',')[0]),
      ['R1', 'R2'],
    )
    const parquet = verigate(['standardize', '--in', '-', '--out', '-'], Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64)]))
    assert.equal(parquet.status, 65, parquet.stderr)
    assert.match(parquet.stderr, /--in -: Parquet cannot be read from standard input .*give the file's path/)
    assert.equal(parquet.stdout, '')
    const empty = verigate(['standardize', '--in', '-', '--out', 'x.csv'], '')
    assert.match(empty.stderr, /--in -: standard input is empty/)
  })

  it('link --requests - --out -: the MATCHES.csv of the files, on stdout only', () => {
    const master = join(data, 'master.csv')
    const piped = verigate(['link', '--master', master, '--requests', '-', '--out', '-', '--threads', '1'], readFileSync(join(data, 'requests.csv')))
    assert.equal(piped.status, 0, piped.stderr)
    const viaFiles = verigate(['link', '--master', master, '--requests', join(data, 'requests.csv'), '--out', join(data, 'matches.csv'), '--threads', '1'])
    assert.equal(viaFiles.status, 0, viaFiles.stderr)
    assert.equal(piped.stdout, readFileSync(join(data, 'matches.csv'), 'utf8'))
    assert.match(piped.stdout, /^request_id,master_id,status,weight,probability\n/)
    assert.match(piped.stderr, /linked 120 requests .*\n[\s\S]*wrote standard output/)
    const both = verigate(['link', '--master', master, '--requests', join(data, 'requests.csv'), '--out', '-', '--explain', '-'])
    assert.equal(both.status, 65)
    assert.match(both.stderr, /--out and --explain are all -: standard output can carry only one of them/)
  })

  it('link --explain - | decide --evidence - --out -: evidence and decisions through pipes', () => {
    const evidence = verigate(['link', '--master', join(data, 'master.csv'), '--requests', join(data, 'requests.csv'), '--out', join(data, 'm.csv'), '--explain', '-', '--threads', '1'])
    assert.equal(evidence.status, 0, evidence.stderr)
    assert.equal(evidence.stdout.trim().split('\n').length, 120, 'one evidence line per request on stdout')
    mkdirSync(join(data, 'no-orders'), { recursive: true })
    const agreement = join(ROOT, 'policies', 'agreements', 'irs-ice-2025-as-run.yaml')
    const args = ['decide', '--agreement', agreement, '--orders', join(data, 'no-orders'), '--as-of', '2025-08-07']
    const piped = verigate([...args, '--evidence', '-', '--out', '-', '--json'], evidence.stdout)
    assert.equal(piped.status, 0, piped.stderr)
    writeFileSync(join(data, 'evidence.jsonl'), evidence.stdout)
    const viaFiles = verigate([...args, '--evidence', join(data, 'evidence.jsonl'), '--out', join(data, 'decisions.jsonl')])
    assert.equal(viaFiles.status, 0, viaFiles.stderr)
    assert.equal(piped.stdout, readFileSync(join(data, 'decisions.jsonl'), 'utf8'), 'stdout holds the decisions only')
    assert.equal((JSON.parse(piped.stderr) as { total: number; out: string }).total, 120)
  })
})

describe('--progress', () => {
  let data: string
  before(() => {
    data = mkdtempSync(join(tmpdir(), 'verigate-progress-test-'))
  })

  it('--progress lines writes plain progress lines to stderr (no terminal needed), none to stdout', () => {
    const made = verigate(['generate', '--people', '300', '--requests', '80', '--seed', '7', '--out', data, '--progress', 'lines', '--json'])
    assert.equal(made.status, 0, made.stderr)
    assert.ok(JSON.parse(made.stdout), 'stdout is the --json summary alone')
    assert.match(made.stderr, /^master {2}100\/100 {2}100\.0% {2}in \d+s$/m)
    const linked = verigate(['link', '--master', join(data, 'master.csv'), '--requests', join(data, 'requests.csv'), '--out', join(data, 'm.csv'), '--progress', 'lines', '--json'])
    assert.equal(linked.status, 0, linked.stderr)
    assert.ok(JSON.parse(linked.stdout), 'stdout is the --json summary alone')
    const lines = linked.stderr.trimEnd().split('\n')
    assert.ok(!linked.stderr.includes('\r') && !linked.stderr.includes('\x1b'), 'no redraws or escape codes in lines mode')
    assert.match(lines[0]!, /^indexing the master {2}[\d,]+ {2}[\d.,kM]+ rows\/s$/)
    assert.match(lines.at(-1)!, /^linking {2}80\/80 {2}100\.0% {2}[\d.,kM]+ requests\/s {2}in \d+s$/)
  })

  it('prints nothing on a pipe by default (auto), nor with --progress off or --no-progress', () => {
    for (const flags of [[], ['--progress', 'off'], ['--no-progress']]) {
      const run = verigate(['index', '--master', join(data, 'master.csv'), '--out', join(data, 'master.vgx'), ...flags])
      assert.equal(run.status, 0, run.stderr)
      assert.equal(run.stderr, '', `${flags.join(' ') || 'auto'}: ${run.stderr}`)
    }
  })
})
