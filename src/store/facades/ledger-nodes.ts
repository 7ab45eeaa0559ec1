/**
 * Reading the ledger's tree from the store: its size, the nodes a root or a proof needs (leaves
 * from the entries, low nodes from their leaves, the rest from the nodes table), an entry's time,
 * and checkpoints from their rows. What the ledger facade (./ledger.ts) builds on.
 */
import type { Transaction } from 'kysely'
import { IntegrityError } from '../../core/index.js'
import type { StoreMode } from '../../core/index.js'
import { hashChildren } from '../../ledger/index.js'
import type { NodeId, SignedCheckpoint } from '../../ledger/index.js'
import type { Database } from '../schema.js'
import { toBuffer, toNumber } from './context.js'

/** Node ids per lookup query (each id is two parameters). */
const LOOKUP_CHUNK = 200

/** What the reads need of a Kysely instance or transaction. */
export type Reader = Pick<Transaction<Database>, 'selectFrom'>

export async function sizeOf(db: Reader): Promise<number> {
  const row = await db.selectFrom('ledger_entries').select((eb) => eb.fn.max('seq').as('last')).executeTakeFirst()
  return row?.last === null || row?.last === undefined ? 0 : toNumber(row.last) + 1
}

/**
 * The lowest level of interior node stored. A node of level 4 covers 16 entries, so the store
 * writes one node row per 16 entries, and a proof recomputes any lower node from at most 8 leaf
 * hashes (as Trillian stores subtrees in strata rather than every node).
 */
export const MIN_STORED_NODE_LEVEL = 4

/** Reads complete nodes by id, in the order asked: leaves from the entries, low nodes from their leaves, the rest from the nodes table. */
export async function readNodes(db: Reader, ids: readonly NodeId[]): Promise<Buffer[]> {
  const found = new Map<string, Buffer>()
  const leafHash = (seq: number): Buffer => {
    const hash = found.get(`0:${seq}`)
    if (!hash) throw new IntegrityError(`the ledger's entry ${seq} is missing: run \`verigate ledger verify\``)
    return hash
  }
  // Every leaf the leaves and the low nodes need, read once: by range where they run on (a
  // proof bundle's thousands of proofs share most of them), the rest by lookup.
  const low = ids.filter((id) => id.level < MIN_STORED_NODE_LEVEL)
  const seqs = new Set<number>()
  for (const id of low) {
    const width = 2 ** id.level
    for (let seq = id.index * width; seq < (id.index + 1) * width; seq++) seqs.add(seq)
  }
  const sorted = [...seqs].sort((a, b) => a - b)
  const scattered: number[] = []
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++
    if (j - i + 1 >= LOOKUP_CHUNK) {
      const rows = await db.selectFrom('ledger_entries').select(['seq', 'hash']).where('seq', '>=', sorted[i] as number).where('seq', '<=', sorted[j] as number).execute()
      for (const row of rows) found.set(`0:${toNumber(row.seq)}`, toBuffer(row.hash))
    } else scattered.push(...sorted.slice(i, j + 1))
    i = j + 1
  }
  for (let i = 0; i < scattered.length; i += LOOKUP_CHUNK) {
    const rows = await db.selectFrom('ledger_entries').select(['seq', 'hash']).where('seq', 'in', scattered.slice(i, i + LOOKUP_CHUNK)).execute()
    for (const row of rows) found.set(`0:${toNumber(row.seq)}`, toBuffer(row.hash))
  }
  for (const id of low.filter((n) => n.level > 0)) {
    const width = 2 ** id.level
    const start = id.index * width
    let level: Buffer[] = Array.from({ length: width }, (_, k) => leafHash(start + k))
    while (level.length > 1) level = Array.from({ length: level.length / 2 }, (_, k) => hashChildren(level[2 * k] as Buffer, level[2 * k + 1] as Buffer))
    found.set(`${id.level}:${id.index}`, level[0] as Buffer)
  }
  const stored = ids.filter((id) => id.level >= MIN_STORED_NODE_LEVEL)
  for (let i = 0; i < stored.length; i += LOOKUP_CHUNK) {
    const chunk = stored.slice(i, i + LOOKUP_CHUNK)
    const rows = await db
      .selectFrom('ledger_nodes')
      .select(['level', 'idx', 'hash'])
      .where((eb) => eb.or(chunk.map((id) => eb.and([eb('level', '=', id.level), eb('idx', '=', id.index)]))))
      .execute()
    for (const row of rows) found.set(`${row.level}:${toNumber(row.idx)}`, toBuffer(row.hash))
  }
  return ids.map((id) => {
    const hash = found.get(`${id.level}:${id.index}`)
    if (!hash) throw new IntegrityError(`the ledger's Merkle node ${id.level}:${id.index} is missing: run \`verigate ledger verify\``)
    return hash
  })
}

export function toCheckpoint(row: { tree_size: number | string; time: string; root_hash: Uint8Array; key_id: string; signature: Uint8Array }, mode: StoreMode): SignedCheckpoint {
  return {
    treeSize: toNumber(row.tree_size),
    rootHash: toBuffer(row.root_hash).toString('hex'),
    time: row.time,
    keyId: row.key_id,
    signature: toBuffer(row.signature).toString('base64'),
    ...(mode === 'simulation' ? { mode } : {}),
  }
}

/** The time (ms) of entry `seq`, from its `at` column. */
export async function timeOf(db: Reader, seq: number): Promise<number> {
  const row = await db.selectFrom('ledger_entries').select('at').where('seq', '=', seq).executeTakeFirst()
  const ms = row ? Date.parse(row.at) : Number.NaN
  if (!Number.isFinite(ms)) throw new IntegrityError(`the ledger's entry ${seq} has no readable time: run \`verigate ledger verify\``)
  return ms
}

