import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore } from '../open-store.js'
import { runStoreSuite } from '../store.suite.js'

const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
let count = 0

runStoreSuite({
  name: 'SQLite',
  open: () => openStore(join(dir, `store-${++count}.sqlite`)),
  cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
})
