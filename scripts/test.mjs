// Runs every compiled test file (dist/**/*.test.js) with Node's built-in test runner.
// Node 20's `--test` takes no globs, so the files are listed here.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

function findTests(dir) {
  const found = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...findTests(path))
    else if (entry.name.endsWith('.test.js')) found.push(path)
  }
  return found
}

const only = process.argv.slice(2)
// A filter names the standalone verifier's own tests when it is that package's folder or a path in it.
const VERIFIER = 'packages/verify'
const namesVerifier = (o) => o.replace(/\/+$/, '') === VERIFIER || o.startsWith(`${VERIFIER}/`)
const files = findTests('dist').filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort()
if (files.length === 0 && !only.some(namesVerifier)) {
  console.error('no test files found under dist/: run `npm run build` first')
  process.exit(1)
}
const concurrency = process.env.VERIGATE_TEST_CONCURRENCY ?? '2'
// With no file, `node --test` would search the whole folder: run it only when there are files.
const result =
  files.length === 0
    ? { status: 0 }
    : spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], { stdio: 'inherit' })
// The standalone verifier (packages/verify) has its own test command, run here so CI runs it:
// with a filter, only when the filter names it.
const runVerifier = only.length === 0 || only.some(namesVerifier)
const verifier = runVerifier ? spawnSync('npm', ['test'], { cwd: VERIFIER, stdio: 'inherit', shell: process.platform === 'win32' }) : { status: 0 }
process.exit(result.status === 0 && verifier.status === 0 ? 0 : (result.status || verifier.status || 1))
