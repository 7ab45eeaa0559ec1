/**
 * Issue 21: "a test that runs the README's commands and each `--help` example from a copy of the
 * repository with no `../shared` beside it". The copy holds the files git tracks, the built
 * dist/ (copied: a link would lead back beside ../shared) and node_modules (a link: installed
 * packages hold nothing of ours). Each command's examples run in order in a fresh copy of their
 * own, so the earlier examples make the files the later ones use; every one must exit 0, or be
 * listed in SKIPPED with the reason. Groups that replay a whole batch, and the README's demo, take
 * tens of seconds each: they run with VERIGATE_HELP_EXAMPLES=all (as CI runs them) or
 * VERIGATE_LARGE_TESTS; the rest always.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { buildProgram } from './main.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
// CI sets VERIGATE_HELP_EXAMPLES=all (.ci/run): every example and the README's demo run there.
const LARGE = process.env.VERIGATE_LARGE_TESTS || process.env.VERIGATE_HELP_EXAMPLES === 'all' ? false : 'set VERIGATE_HELP_EXAMPLES=all (CI does) or VERIGATE_LARGE_TESTS to replay whole batches and run the demo from a copy of the repository'

/** An example that cannot run as written: which (by its text and, when given, its command) and why. */
interface Skip {
  readonly test: (example: string) => boolean
  /** Only in this command's help (its full name); in every help when absent. */
  readonly group?: string
  readonly reason: string
}

/** Examples that cannot run as written, each with the reason. */
const SKIPPED: readonly Skip[] = [
  { test: (e) => e.includes('…'), reason: 'a placeholder (b-…, a-…, rn-…, inc-…) for an id an earlier step prints' },
  { test: (e) => /\(a? ?FEBRL files?\)$/.test(e), reason: 'the FEBRL files are the peer’s data set, not shipped with the repository' },
  { test: (e) => e.includes('--people 1000000'), reason: 'a million people: minutes of work (the benchmarks cover that scale)' },
  { test: (e) => e.startsWith('verigate serve '), reason: 'a server that runs until it is stopped (src/cli/commands/serve.test.ts starts and stops one)' },
  { test: (e) => e.startsWith('verigate worker '), reason: 'a worker that runs until it is stopped, on a PostgreSQL server (src/workflow/batch/distributed.test.ts starts and kills them)' },
  { test: (e) => e.includes(' --distributed'), reason: 'a batch on the cluster: a PostgreSQL server and running workers (src/workflow/batch/distributed.test.ts)' },
  { group: 'worker', test: (e) => e.startsWith('verigate index '), reason: 'a master file of the operator’s, the first step of the worker example' },
  { test: (e) => e.startsWith('verigate accounting --subject request:b-'), reason: 'an example batch id, not one the replay makes' },
  { group: 'retention run', test: (e) => e === 'verigate retention run --credential officer.key', reason: 'a holder supervisor’s own key (verigate init or party key create makes one), in a store whose batches are past their holds (the replay’s is held for its review cases, as its dry run says)' },
  { group: 'review approve', test: (e) => e.startsWith('verigate party key create '), reason: 'the prose of how a key is made, in a store with the holder irs (verigate party --help runs it, after party add irs)' },
]

/** Whether an example of a command's help is in SKIPPED. */
const skipped = (group: string, example: string) => SKIPPED.some((s) => (s.group === undefined || s.group === group) && s.test(example))

/** Groups that replay a whole batch (tens of seconds under load): run with VERIGATE_LARGE_TESTS. */
const isLarge = (examples: readonly string[]) => examples.some((e) => e.startsWith('verigate batch run '))

/** The whole help of a command, the text added after it (its examples) included. */
function helpOf(command: Command): string {
  let text = ''
  command.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) })
  command.outputHelp()
  return text
}

/** The `verigate …` lines of a help text, a line ending in `\` joined with the next. */
export function examplesIn(help: string): string[] {
  const lines = help.split('\n')
  const examples: string[] = []
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim()
    if (!line.startsWith('verigate ')) continue
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1).trimEnd()} ${lines[++i]!.trim()}`
    examples.push(line)
  }
  return examples
}

/** Every command with examples, by its full name; a group whose examples another has already given is left out. */
async function exampleGroups(): Promise<{ name: string; examples: string[] }[]> {
  const groups: { name: string; examples: string[] }[] = []
  const seen = new Set<string>()
  const walk = (command: Command, path: readonly string[]) => {
    const examples = examplesIn(helpOf(command))
    const key = examples.join('\n')
    if (examples.length > 0 && !seen.has(key)) {
      seen.add(key)
      groups.push({ name: path.join(' ') || 'verigate', examples })
    }
    for (const sub of command.commands) walk(sub, [...path, sub.name()])
  }
  walk(await buildProgram(), [])
  return groups
}

/** The environment without VERIGATE_ settings of the machine running the tests (the copy is a new user's). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VERIGATE_')))
}

/** Runs one example (a shell line: quotes and `&&` as a user types them) in `dir`. */
function runExample(dir: string, example: string) {
  const node = JSON.stringify(process.execPath)
  const line = example.replaceAll(/(^|&& )verigate /g, `$1${node} bin/verigate.js `)
  return spawnSync('bash', ['-c', line], { cwd: dir, encoding: 'utf8', env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 })
}

/** The files git tracks, or undefined when this is not a git checkout (a packed copy). */
function trackedFiles(): string[] | undefined {
  const listed = spawnSync('git', ['-C', ROOT, 'ls-files', '-z'], { encoding: 'utf8' })
  if (listed.status !== 0) return undefined
  return listed.stdout.split('\0').filter((f) => f !== '' && existsSync(join(ROOT, f)))
}

const tracked = trackedFiles()
// Every command registered (the program loads them all when no command is named).
const allGroups = await exampleGroups()

describe('the README and every --help example, from a copy of the repository with no ../shared beside it', { skip: tracked === undefined ? 'not a git checkout: the copy is made of the files git tracks' : false }, () => {
  let base: string
  let pristine: string
  const groups = allGroups

  before(() => {
    base = mkdtempSync(join(tmpdir(), 'verigate-copy-'))
    pristine = join(base, 'pristine', 'verigate')
    for (const file of tracked ?? []) {
      mkdirSync(dirname(join(pristine, file)), { recursive: true })
      cpSync(join(ROOT, file), join(pristine, file))
    }
    cpSync(join(ROOT, 'dist'), join(pristine, 'dist'), { recursive: true })
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(pristine, 'node_modules'))
  })
  after(() => rmSync(base, { recursive: true, force: true }))

  /** A fresh copy for one group, in a folder of its own with nothing else beside it. */
  const freshCopy = (name: string): string => {
    const dir = join(base, name.replaceAll(' ', '-'), 'verigate')
    cpSync(pristine, dir, { recursive: true, verbatimSymlinks: true })
    assert.equal(existsSync(join(dir, '..', 'shared')), false, 'no ../shared beside the copy')
    return dir
  }

  it('finds the examples, and every skipped one has its reason in SKIPPED', () => {
    const all = groups.flatMap((g) => g.examples.map((example) => ({ group: g.name, example })))
    assert.ok(all.length >= 40, `${all.length} examples`)
    for (const skip of SKIPPED) {
      assert.ok(all.some((e) => (skip.group === undefined || skip.group === e.group) && skip.test(e.example)), `no example is skipped because ${skip.reason}: remove it from SKIPPED`)
    }
  })

  for (const group of groups) {
    it(`verigate ${group.name === 'verigate' ? '' : `${group.name} `}--help: each example runs in order and exits 0`, { skip: isLarge(group.examples) ? LARGE : false }, () => {
      const dir = freshCopy(group.name)
      let ran = 0
      for (const example of group.examples) {
        if (skipped(group.name, example)) continue
        const run = runExample(dir, example)
        assert.equal(run.status, 0, `${example}\nexited ${run.status}:\n${run.stderr}`)
        ran += 1
      }
      assert.ok(ran > 0 || group.examples.every((e) => skipped(group.name, e)), 'every example of the group was left out')
    })
  }

  it('the README: npm run demo (verigate demo) tells the story from the copy', { skip: LARGE }, () => {
    const dir = freshCopy('readme')
    const run = spawnSync(process.execPath, ['scripts/demo.mjs', '--out', 'demo-out'], { cwd: dir, encoding: 'utf8', env: cleanEnv() })
    assert.equal(run.status, 0, run.stderr)
    assert.match(run.stdout, /504/)
    assert.ok(existsSync(join(dir, 'demo-out', 'demo.sqlite')))
  })
})
