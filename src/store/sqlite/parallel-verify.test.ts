import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore } from '../open-store.js'
import { runStoreSuite } from '../store.suite.js'

// The whole store suite again, with every SQLite ledger verified in worker threads (two ranges
// even for a dozen entries), so each tamper test also crosses the hand-over between ranges.
process.env.VERIGATE_VERIFY_PARALLEL_MIN = '2'

const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
let count = 0

runStoreSuite({
  name: 'SQLite, verified in worker threads',
  open: () => openStore(join(dir, `store-${++count}.sqlite`)),
  cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
})
