#!/usr/bin/env -S node --v8-pool-size=0 --max-inlined-bytecode-size-cumulative=230
// The `verigate` command: runs the compiled CLI (built by `npm ci` through the `prepare` script),
// with the Node.js options of scripts/node-flags.mjs (why each: there).
import { main } from '../dist/src/cli/main.js'

// A reader that closes the pipe early (`verigate --help | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
}

process.exitCode = await main(process.argv)
