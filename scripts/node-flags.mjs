// The Node.js options every `verigate` process runs with: the first line of bin/verigate.js
// gives the same ones (a test holds the two together), and `npm run bench` and `npm run demo`
// start Node with these, so a benchmark measures the command as users run it.
//
// --v8-pool-size=0
//   V8's helper threads (background compilation, GC) sized to the cores: Node's fixed four
//   fight the main thread on a small machine, and Verigate's parallel work runs on its own
//   worker threads.
// --max-inlined-bytecode-size-cumulative=230
//   A quarter of V8's budget (920) for inlining callees into one optimized function: each
//   function compiles faster, so a short job waits less for optimized code, while the hot loops
//   of a long one keep their small helpers inlined.
//
// Measured on 2 cores (bench/RESULTS.md, issue 4): the cold FEBRL job of `verigate link --train`
// took 0.88 s with Node's defaults, 0.74 s with the pool sized, 0.67 s with both; the 10M-row
// index build 109 s with the pool sized, 111 s with both. Without inlining at all the job took
// 0.63 s but the build 123 s (over its 120 s target): standardization wants its helpers inlined.
export const NODE_FLAGS = ['--v8-pool-size=0', '--max-inlined-bytecode-size-cumulative=230']
