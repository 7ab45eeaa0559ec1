/**
 * A server for the killed-upload attack (`upload-leftovers.test.ts`), run as a child process so
 * that it can be killed outright: the store, the batch service and the app as `verigate serve`
 * puts them together, on a port of its own, which it prints as one JSON line.
 *
 * Arguments: the store's location, the agreement, the master, the data folder, the ledger key file.
 */
import { buildApp, createBatchService } from '../../src/api/index.js'
import { loadOrCreateLedgerKeys } from '../../src/ledger/index.js'
import { openStore } from '../../src/store/index.js'

const [location, agreementPath, masterPath, dataDir, keyPath] = process.argv.slice(2)
if (!location || !agreementPath || !masterPath || !dataDir || !keyPath) throw new Error('usage: upload-server-child LOCATION AGREEMENT MASTER DATA_DIR KEY_FILE')
const store = await openStore(location)
const { keys } = loadOrCreateLedgerKeys(keyPath)
const batches = await createBatchService({ store, agreementPath, masterPath, dataDir, keys, threads: 1 })
const app = await buildApp({ store, batches, keys })
await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`${JSON.stringify({ port: (app.server.address() as { port: number }).port })}\n`)
