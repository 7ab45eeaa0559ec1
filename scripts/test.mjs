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
const files = findTests('dist').filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort()
if (files.length === 0) {
  console.error('no test files found under dist/: run `npm run build` first')
  process.exit(1)
}
const concurrency = process.env.VERIGATE_TEST_CONCURRENCY ?? '2'
const result = spawnSync(
  process.execPath,
  ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
)
process.exit(result.status ?? 1)
