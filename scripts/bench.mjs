// `npm run bench -- NAME [args…]`: compiles (incrementally) and runs bench/NAME.ts, which prints a table.
import { existsSync, readdirSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { NODE_FLAGS } from './node-flags.mjs'

const [name, ...args] = process.argv.slice(2)
const available = existsSync('bench')
  ? readdirSync('bench').filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort()
  : []
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME [args…]\nbenchmarks: ${available.join(', ') || '(none)'}`)
  process.exit(64)
}
const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
// With the options the `verigate` command runs with.
const run = spawnSync(process.execPath, ['--expose-gc', ...NODE_FLAGS, `dist/bench/${name}.js`, ...args], { stdio: 'inherit' })
process.exit(run.status ?? 1)
