import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore } from '../open-store.js'
import { runStoreSuite } from '../../../test/support/store-suite.js'

const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
let count = 0

runStoreSuite({
  name: 'SQLite',
  // Simulation stores: the suite writes fixed times, not always in order (issue 15, "One clock").
  open: () => openStore(join(dir, `store-${++count}.sqlite`), { mode: 'simulation' }),
  cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
})
