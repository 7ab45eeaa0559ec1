/**
 * `npm run bench -- ledger [ENTRIES] [BATCH]`: the ledger on SQLite at the incident's scale.
 * Appends ENTRIES disclosure entries (default 1,280,000) in transactions of BATCH (default
 * 1,000), as the workflow appends a batch's disclosures; then signs a checkpoint, verifies the
 * whole ledger (every hash, the chain, every Merkle node, the checkpoint), and makes inclusion
 * proofs. Then writes the rows the workflow keeps beside those entries (a disclosure and its
 * decision per entry) and checks those tables against the ledger (`verifyDerivedTables`), alone
 * and beside the ledger's own check (`verifyStore`, what `ledger verify` runs).
 * Baseline: the same entries encoded and hashed in memory only, in the same process.
 * Targets (issue 6): at least 50,000 appends/s; verify of 1,280,000 entries in at most 10 s.
 * Verification runs in the store's worker threads (one range of the ledger each), and once more
 * in one thread for comparison. CPU seconds (this process, all its threads, user + system) sit
 * beside wall seconds: on a shared machine the wall time also counts the time other processes
 * held the cores.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LedgerEntry, Pseudonym } from '../src/core/index.js'
import { CompactRange, GENESIS_PREV_HASH, encodeAndHashEntry, hashLeaf, loadOrCreateLedgerKeys, pseudonymize, verifyInclusion } from '../src/ledger/index.js'
import { openStore, rawBackendForTamperTests, rawDatabaseForTamperTests, verifyDerivedTables, verifyStore } from '../src/store/index.js'
import type { DisclosurePayload } from '../src/core/index.js'
import { peakRssMiB, printTable } from './support/report.js'

const ENTRIES = Number(process.argv[2] ?? 1_280_000)
const BATCH = Number(process.argv[3] ?? 1_000)
const START = Date.UTC(2025, 7, 7)

function disclosure(i: number, subject: Pseudonym): LedgerEntry {
  return {
    kind: 'disclosure',
    at: new Date(START + i).toISOString(),
    actor: 'system',
    subject,
    payload: {
      batchId: 'batch-2025-08-07',
      requestId: `r${i}`,
      recipient: 'agency-a',
      fields: ['street_number', 'street_name', 'unit', 'city', 'state', 'zip'],
      agreementId: 'agreement-1',
      agreementDigest: `sha256:${'a1'.repeat(32)}`,
      orderDigests: [],
      evidenceDigest: `sha256:${(i % 256).toString(16).padStart(2, '0').repeat(32)}`,
      decisionDigest: `sha256:${((i * 7) % 256).toString(16).padStart(2, '0').repeat(32)}`,
      masterDigest: `sha256:${'5e'.repeat(32)}`,
      disclosureId: `d${i}`,
    },
  }
}

/** The machine's 1-minute load average, for the record beside wall times. */
const load = (): string => loadavg()[0]?.toFixed(2) ?? '?'
const loadBefore = load()

const dir = mkdtempSync(join(tmpdir(), 'verigate-bench-'))
try {
  const { keys } = loadOrCreateLedgerKeys(join(dir, 'ledger-key'))
  const subjects = Array.from({ length: 1000 }, (_, i) => pseudonymize(keys.holderSecret, { scheme: 'tin', value: String(100_000_000 + i) }))
  const batchOf = (from: number): LedgerEntry[] => Array.from({ length: Math.min(BATCH, ENTRIES - from) }, (_, j) => disclosure(from + j, subjects[(from + j) % subjects.length] as Pseudonym))

  // Baseline: encode, hash and fold into the tree in memory, no database.
  const baselineCount = Math.min(ENTRIES, 200_000)
  const baselineCpuStart = process.cpuUsage()
  let started = performance.now()
  const range = CompactRange.empty()
  let prev: Buffer = GENESIS_PREV_HASH
  for (let from = 0; from < baselineCount; from += BATCH) {
    for (const [j, entry] of batchOf(from).entries()) {
      const { hash } = encodeAndHashEntry(entry, from + j, prev)
      range.append(hash)
      prev = hash
    }
  }
  const baselineSeconds = (performance.now() - started) / 1000
  const baselineCpu = (process.cpuUsage(baselineCpuStart).user + process.cpuUsage(baselineCpuStart).system) / 1e6
  const cpuSince = (from: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(from)
    return (used.user + used.system) / 1e6
  }

  const store = await openStore(join(dir, 'ledger.sqlite'))
  let cpu = process.cpuUsage()
  started = performance.now()
  for (let from = 0; from < ENTRIES; from += BATCH) await store.ledger.append(batchOf(from))
  const appendSeconds = (performance.now() - started) / 1000
  const appendCpu = cpuSince(cpu)

  const checkpoint = await store.ledger.checkpoint(keys, new Date())

  cpu = process.cpuUsage()
  started = performance.now()
  const result = await store.ledger.verify(keys.publicKey)
  const verifySeconds = (performance.now() - started) / 1000
  const verifyCpu = cpuSince(cpu)
  if (!result.ok) throw new Error(`the ledger did not verify: ${result.problems[0]?.message}`)

  // The same verification in one thread (the store's worker threads turned off), for the ratio.
  const parallelMin = process.env.VERIGATE_VERIFY_PARALLEL_MIN
  process.env.VERIGATE_VERIFY_PARALLEL_MIN = String(Number.MAX_SAFE_INTEGER)
  cpu = process.cpuUsage()
  started = performance.now()
  const serial = await store.ledger.verify(keys.publicKey)
  const serialSeconds = (performance.now() - started) / 1000
  const serialCpu = cpuSince(cpu)
  if (parallelMin === undefined) delete process.env.VERIGATE_VERIFY_PARALLEL_MIN
  else process.env.VERIGATE_VERIFY_PARALLEL_MIN = parallelMin
  if (!serial.ok || serial.rootHash !== result.rootHash) throw new Error('one-thread verification disagrees')

  // The rows the workflow writes beside the entries: a disclosure and its decision per entry.
  cpu = process.cpuUsage()
  started = performance.now()
  const digest = `sha256:${'0'.repeat(64)}`
  await store.batches.create({ id: 'batch-2025-08-07', agreementId: 'agreement-1', agreementVersion: '1', agreementDigest: digest as never, requesterPartyId: 'agency-a', requestFileDigest: digest as never, status: 'complete', createdAt: new Date(START).toISOString() })
  for (let from = 0; from < ENTRIES; from += BATCH) {
    const entries = batchOf(from)
    await store.transaction(async (tx) => {
      // Decisions straight into their table (the bench measures disclosures, not deciding).
      await rawBackendForTamperTests(store).insertRows(
        rawDatabaseForTamperTests(tx) as never,
        'decisions',
        entries.map((e) => {
          const p = e.payload as DisclosurePayload
          return { batch_id: p.batchId, request_id: p.requestId, outcome: 'disclose', verified: 1, answer_code: 'DISCLOSED', fields: JSON.stringify(p.fields), decision: '{}', decision_digest: p.decisionDigest, decided_at: e.at }
        }),
      )
      await tx.disclosures.insertMany(
        entries.map((e, j) => {
          const p = e.payload as DisclosurePayload
          return { id: p.disclosureId, batchId: p.batchId, requestId: p.requestId, recipientPartyId: p.recipient, subject: e.subject as Pseudonym, fields: p.fields, decisionDigest: p.decisionDigest as never, disclosedAt: e.at, ledgerSeq: from + j }
        }),
      )
    })
  }
  const rowsSeconds = (performance.now() - started) / 1000
  const rowsCpu = cpuSince(cpu)

  cpu = process.cpuUsage()
  started = performance.now()
  const tables = await verifyDerivedTables(store)
  const tablesSeconds = (performance.now() - started) / 1000
  const tablesCpu = cpuSince(cpu)
  if (!tables.ok) throw new Error(`the derived tables did not verify: ${tables.problems[0]?.message}`)

  cpu = process.cpuUsage()
  started = performance.now()
  const whole = await verifyStore(store, keys.publicKey)
  const wholeSeconds = (performance.now() - started) / 1000
  const wholeCpu = cpuSince(cpu)
  if (!whole.ok) throw new Error('ledger verify (ledger and tables) failed')

  const proofs = 1000
  cpu = process.cpuUsage()
  started = performance.now()
  for (let k = 0; k < proofs; k++) {
    const seq = Math.floor((k * 7919 * 131) % ENTRIES)
    const proof = await store.ledger.inclusionProof(seq, checkpoint.treeSize)
    const bytes = (await store.ledger.encoded(seq)) as Buffer
    if (!verifyInclusion(hashLeaf(bytes), seq, checkpoint.treeSize, proof, Buffer.from(checkpoint.rootHash, 'hex')).valid) throw new Error(`proof ${seq} failed`)
  }
  const proofSeconds = (performance.now() - started) / 1000
  const proofCpu = cpuSince(cpu)
  await store.close()
  const fileMiB = statSync(join(dir, 'ledger.sqlite')).size / 2 ** 20

  printTable(
    `ledger on SQLite: ${ENTRIES.toLocaleString('en-US')} disclosure entries, ${BATCH.toLocaleString('en-US')} per transaction`,
    ['operation', 'entries', 'wall s', 'CPU s', 'entries/s (wall)', 'target', 'vs in-memory baseline'],
    [
      ['encode + hash + tree, in memory (baseline)', baselineCount, baselineSeconds, baselineCpu, baselineCount / baselineSeconds, '', '1.00'],
      ['append (transactions of a batch)', ENTRIES, appendSeconds, appendCpu, ENTRIES / appendSeconds, '≥ 50,000/s', (ENTRIES / appendSeconds / (baselineCount / baselineSeconds)).toFixed(2)],
      ['verify (hashes, chain, nodes, checkpoint)', result.size, verifySeconds, verifyCpu, result.size / verifySeconds, '≤ 10 s', ''],
      ['verify in one thread (for comparison)', serial.size, serialSeconds, serialCpu, serial.size / serialSeconds, '', ''],
      ['write the derived rows (disclosure + decision per entry)', ENTRIES, rowsSeconds, rowsCpu, ENTRIES / rowsSeconds, '', ''],
      ['derived tables against the ledger, alone', tables.entries, tablesSeconds, tablesCpu, tables.entries / tablesSeconds, '', ''],
      ['ledger verify: ledger and derived tables side by side', whole.size, wholeSeconds, wholeCpu, whole.size / wholeSeconds, '≤ 10 s', ''],
      ['inclusion proof + check (each)', proofs, proofSeconds, proofCpu, proofs / proofSeconds, '', ''],
    ],
  )
  console.log(`database ${fileMiB.toFixed(0)} MiB; ${result.nodesChecked.toLocaleString('en-US')} Merkle nodes checked; peak RSS ${peakRssMiB().toFixed(0)} MiB`)
  console.log(`load average (1 min): ${loadBefore} before, ${load()} after; ${availableParallelism()} cores`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
