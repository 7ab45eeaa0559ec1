// The Node.js options every `verigate` process runs with: the first line of bin/verigate.js
// gives the same ones (a test holds the two together), and `npm run bench` and `npm run demo`
// start Node with these, so a benchmark measures the command as users run it.
//
// --v8-pool-size=0      V8's helper threads (background compilation, GC) sized to the cores:
//                       Node's fixed four fight the main thread on a small machine, and
//                       Verigate's parallel work runs on its own worker threads.
// --no-turbo-inlining   The optimizing compiler compiles each function alone: a short job
//                       spends less time waiting for optimized code (its compile time roughly
//                       halves), while long jobs were measured as fast as with inlining.
//
// Measured on 2 cores, the cold FEBRL job of `verigate link --train` (bench/RESULTS.md): 0.88 s
// with Node's defaults, 0.75 s with the pool sized, 0.65 s with both.
export const NODE_FLAGS = ['--v8-pool-size=0', '--no-turbo-inlining']
