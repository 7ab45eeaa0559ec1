// `npm run demo`: runs `verigate demo` through bin/verigate.js (the compiled CLI that `npm ci`
// builds), passing on any arguments: `npm run demo -- --json`, `npm run demo -- --out /tmp/demo`.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { NODE_FLAGS } from './node-flags.mjs'

const bin = fileURLToPath(new URL('../bin/verigate.js', import.meta.url))
if (!existsSync(fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url)))) {
  console.error('verigate is not built: run `npm ci` (or `npm run build`) first')
  process.exit(1)
}
// With the options the `verigate` command runs with.
const result = spawnSync(process.execPath, [...NODE_FLAGS, bin, 'demo', ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(result.status ?? 1)
