import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../../bin/verigate.js', import.meta.url))
const NODE_FLAGS_MODULE = new URL('../../../scripts/node-flags.mjs', import.meta.url).href
const MODULE_LOG = fileURLToPath(new URL('../../test/support/module-log.js', import.meta.url))

/** Runs the CLI on `args` and returns its result with the URLs of every module it loaded. */
function runLoggingModules(args: readonly string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'verigate-modules-'))
  const log = join(dir, 'modules.txt')
  writeFileSync(log, '')
  const run = spawnSync(process.execPath, ['--import', MODULE_LOG, BIN, ...args], { encoding: 'utf8', env: { ...process.env, VERIGATE_MODULE_LOG: log } })
  return { run, modules: readFileSync(log, 'utf8').trim().split('\n'), dir }
}

describe('verigate command', () => {
  it('prints its help and exits 0', () => {
    const run = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' })
    assert.equal(run.status, 0, run.stderr)
    assert.match(run.stdout, /Usage: verigate/)
  })
  it('exits 64 (EX_USAGE) on a usage error: an unknown command, an unknown option, a missing required option or argument', () => {
    const cases: [string[], RegExp][] = [
      [['no-such-command'], /error: (unknown command|too many arguments)/],
      [['generate', '--out', 'x', '--no-such-option'], /error: unknown option '--no-such-option'/],
      [['link', '--out', 'x.csv'], /error: required option '--master <file>' not specified/],
      [['review', 'approve', '--db', 'x.sqlite'], /error: (missing required argument|required option)/],
      [['review', 'approve', '--batch', 'b', '--reason', 'r', '--db', 'x.sqlite'], /error: missing required argument 'request'/],
    ]
    for (const [args, message] of cases) {
      const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
      assert.equal(run.status, 64, `${args.join(' ')}: ${run.stderr}`)
      assert.match(run.stderr, message)
    }
  })
  it('lists every command in its help, though a command run loads only its own file', () => {
    const run = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' })
    assert.equal(run.status, 0, run.stderr)
    for (const name of ['accounting', 'audit', 'batch', 'decide', 'demo', 'generate', 'incident', 'index', 'ledger', 'link', 'party', 'policy', 'recall', 'review', 'serve', 'standardize', 'store']) {
      assert.match(run.stdout, new RegExp(`^  ${name}\\b`, 'm'), `${name} is missing from the help`)
    }
  })
  it('links without loading any other command, a store, an HTTP server or zod (the start of a small link job is most of its time)', () => {
    const { dir } = runLoggingModules(['--version'])
    const master = join(dir, 'master.csv')
    const requests = join(dir, 'requests.csv')
    writeFileSync(master, 'id,given_name,surname,dob,zip\nM1,ANNA,KOWALCZYK,1952-11-30,62704\nM2,JAMES,SMITH,1970-02-02,61602\n')
    writeFileSync(requests, 'id,given_name,surname,dob,zip\nR1,ANNA,KOWALCZYK,1952-11-30,62704\n')
    const { run, modules } = runLoggingModules(['link', '--master', master, '--requests', requests, '--train', '--out', join(dir, 'matches.csv')])
    assert.equal(run.status, 0, run.stderr)
    assert.ok(modules.some((url) => url.endsWith('/dist/src/link/pipeline.js')), 'the log holds the linker')
    const commands = modules.filter((url) => url.includes('/dist/src/cli/commands/')).map((url) => url.replace(/.*\/commands\//, ''))
    assert.deepEqual(commands, ['index.js', 'link.js'], 'the table of commands and the link command alone')
    const unwanted = modules.filter((url) => /\/dist\/src\/(store|api|web|workflow|ledger|policy)\/|\/node_modules\/(zod|kysely|fastify|better-sqlite3|pg|pino)\//.test(url))
    assert.deepEqual(unwanted, [])
  })
  it('runs itself with the Node.js options the benchmarks and the demo use', async () => {
    const { NODE_FLAGS } = (await import(NODE_FLAGS_MODULE)) as { NODE_FLAGS: readonly string[] }
    const shebang = readFileSync(BIN, 'utf8').split('\n')[0]
    assert.equal(shebang, `#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}`)
    // It runs as an executable, as `npx verigate` runs it (env -S passes the options on).
    const run = spawnSync(BIN, ['--version'], { encoding: 'utf8' })
    assert.equal(run.status, 0, run.stderr)
  })
})
