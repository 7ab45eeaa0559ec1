/**
 * The ledger in the store: the one write path (`append`), reading, proofs from the stored Merkle
 * nodes, and checkpoints. Appends lock the ledger, read the tree's frontier (at most 64 nodes),
 * and write each entry with the nodes it completes, all in one transaction: an append is wholly
 * there or wholly absent.
 */
import { sql } from 'kysely'
import type { Insertable, Transaction } from 'kysely'
import { IntegrityError, InvalidInputError, NotFoundError, VerigateError } from '../../core/index.js'
import type { LedgerEntry, Pseudonym, RecordedLedgerEntry, StoreMode } from '../../core/index.js'
import {
  CompactRange,
  genesisPrevHashOf,
  checkEntryRows,
  consistencyRanges,
  decodeEntry,
  encodeAndHashEntry,
  frontierIds,
  hashRanges,
  inclusionRanges,
  rootOfFrontier,
  holderSecretTag,
  publicKeyPem,
  signCheckpoint,
  signKeyRotation,
  verifyLedger,
} from '../../ledger/index.js'
import type { LedgerKeys, LedgerSource, NewNode, NodeId, SignedCheckpoint, StoredEntryRow, StoredNodeRow } from '../../ledger/index.js'
import type { Database } from '../schema.js'
import type { StoreContext } from './context.js'
import { toBuffer, toNumber, withTransaction } from './context.js'
import { modeDisagreement, readGenesisPrevHash, readStoredMode } from '../store-mode.js'
import { requireSigningKey, signingKeysOf } from './ledger-keys.js'
import { MIN_STORED_NODE_LEVEL, readNodes, sizeOf, timeOf, toCheckpoint } from './ledger-nodes.js'
import type { Reader } from './ledger-nodes.js'
import type { KeyRotationRecord } from './ledger-keys.js'
import type { LedgerReader } from './ledger-reader.js'

/** The ledger: one write path (`append`), and checkpoints. */
export interface LedgerFacade extends LedgerReader {
  /**
   * Appends entries in one transaction (or in the caller's): encodes them, chains them, adds
   * them to the Merkle tree, and returns them as recorded. Entries made with the ledger key
   * (pseudonyms of people) pass `keys`: the append is refused, nothing written, unless they are
   * the key the store records for its ledger (a new store records them).
   */
  append(entries: readonly LedgerEntry[], keys?: LedgerKeys): Promise<readonly RecordedLedgerEntry[]>
  /**
   * Takes the ledger's append lock for the rest of the caller's transaction (facades bound to a
   * transaction only): a time read after it is not earlier than any entry another writer appends
   * first, so a real ledger's times never go back.
   */
  lock(): Promise<void>
  /** Signs the current tree head with the ledger key, stores and returns it; refused unless `keys` are the store's ledger key. */
  checkpoint(keys: LedgerKeys, at: Date): Promise<SignedCheckpoint>
  /**
   * Records `keys` as the ledger's key: a no-op when they already are, refused when the store
   * records another key. What a command does when it makes the key of a new store.
   */
  bindKey(keys: LedgerKeys, at: Date): Promise<void>
  /**
   * Replaces the ledger's key `current` by `next` (which must hold the same pseudonym secret): one
   * `key_rotation` entry signed by both keys, the new key recorded from the tree after it, and a
   * checkpoint by the old key covering the rotation, in one transaction.
   */
  rotateKey(current: LedgerKeys, next: LedgerKeys, options: { readonly actor: string; readonly at: Date }): Promise<KeyRotationRecord>
}

/**
 * How far ahead of this server's clock a real ledger's entry may be dated: the servers writing
 * one store keep their clocks within this of each other. An entry dated further ahead is refused,
 * as it would refuse every entry after it until the clock caught up.
 */
export const MAX_CLOCK_AHEAD_MS = 5 * 60_000

/** Rows read per query when streaming the ledger for verification. */
const SCAN_CHUNK = 10_000

/** Entries per lookup query of `encodedMany`. */
const ENTRY_LOOKUP_CHUNK = 500

/** The columns of an entry row, in the order the append path lists their values. */
const ENTRY_COLUMNS = ['seq', 'kind', 'at', 'subject', 'encoded', 'hash'] as const satisfies readonly (keyof Database['ledger_entries'])[]
/** The columns of a node row, likewise. */
const NODE_COLUMNS = ['level', 'idx', 'hash'] as const satisfies readonly (keyof Database['ledger_nodes'])[]

/** The ledger facade over a context. */
export function ledgerFacade(context: StoreContext): LedgerFacade {
  const { db, backend } = context
  /** The mode the ledger is in: its anchor's, or the recorded one while it is empty. */
  const ledgerMode: StoreMode = context.mode.ledger === 'simulation' || (context.mode.ledger === undefined && context.mode.stored === 'simulation') ? 'simulation' : 'real'
  /** A real ledger's times never go back, and none is ahead of the server's clock. */
  const timesChecked = ledgerMode === 'real'
  /** Refuses to write to a store whose recorded mode and ledger disagree. */
  const refuseDisagreement = (what: string): void => {
    const disagreement = modeDisagreement(context.mode)
    if (disagreement) throw new IntegrityError(`the ledger refuses to ${what}: ${disagreement}`)
  }

  /** Inserts flat rows through the back end's flat path, or as objects where it has none. */
  const insertFlat = async <T extends 'ledger_entries' | 'ledger_nodes'>(trx: Transaction<Database>, table: T, columns: readonly string[], values: readonly unknown[]): Promise<void> => {
    if (values.length === 0) return
    if (backend.insertFlatRows) return backend.insertFlatRows(trx, table, columns, values)
    const rows: Record<string, unknown>[] = []
    for (let i = 0; i < values.length; i += columns.length) rows.push(Object.fromEntries(columns.map((column, c) => [column, values[i + c]])))
    return backend.insertRows(trx, table, rows as unknown as Insertable<Database[T]>[])
  }

  const root = async (reader: Reader, size: number): Promise<Buffer> => rootOfFrontier(await readNodes(reader, frontierIds(size)))

  const source = (): LedgerSource => ({
    minNodeLevel: MIN_STORED_NODE_LEVEL,
    async *entries() {
      let after = -1
      for (;;) {
        const query = db.selectFrom('ledger_entries').select(['seq', 'kind', 'at', 'subject', 'encoded', 'hash']).where('seq', '>', after).orderBy('seq').limit(SCAN_CHUNK).compile()
        const rows = await backend.selectArrays(query)
        if (rows.length === 0) return
        const chunk = rows.map(
          (row): StoredEntryRow => ({
            seq: toNumber(row[0] as number | string),
            kind: row[1] as string,
            at: row[2] as string,
            subject: row[3] as string | null,
            encoded: row[4] as Buffer,
            hash: row[5] as Buffer,
          }),
        )
        after = (chunk[chunk.length - 1] as StoredEntryRow).seq
        yield chunk
        if (rows.length < SCAN_CHUNK) return
      }
    },
    async *nodes() {
      // Level by level, each an index range scan on the primary key (level, idx).
      for (let level = MIN_STORED_NODE_LEVEL; ; level++) {
        let after = -1
        let any = false
        for (;;) {
          const query = db.selectFrom('ledger_nodes').select(['idx', 'hash']).where('level', '=', level).where('idx', '>', after).orderBy('idx').limit(SCAN_CHUNK).compile()
          const rows = await backend.selectArrays(query)
          if (rows.length === 0) break
          any = true
          const chunk = rows.map((row): StoredNodeRow => ({ level, index: toNumber(row[0] as number | string), hash: row[1] as Buffer }))
          after = (chunk[chunk.length - 1] as StoredNodeRow).index
          yield chunk
          if (rows.length < SCAN_CHUNK) break
        }
        if (!any) return
      }
    },
    async *checkedEntries(rules) {
      const parallel = backend.checkLedgerEntries?.(await sizeOf(db), rules)
      yield* parallel ?? checkEntryRows(this.entries(), rules)
    },
    async keyRotations() {
      // A literal, not a parameter, so that both databases use the partial index of migration 0008.
      const rows = await db.selectFrom('ledger_entries').select(['seq', 'kind', 'at', 'subject', 'encoded', 'hash']).where('kind', '=', sql.lit('key_rotation')).orderBy('seq').execute()
      return rows.map((row): StoredEntryRow => ({ seq: toNumber(row.seq), kind: row.kind, at: row.at, subject: row.subject, encoded: toBuffer(row.encoded), hash: toBuffer(row.hash) }))
    },
    async checkpoints() {
      return (await db.selectFrom('ledger_checkpoints').selectAll().orderBy('time').orderBy('tree_size').execute()).map((row) => toCheckpoint(row, ledgerMode))
    },
    genesisPrevHash: () => readGenesisPrevHash(db),
    async storedMode() {
      return (await readStoredMode(db))?.mode
    },
  })

  /**
   * The tree's frontier and last hash after this facade's last committed append. The ledger is
   * append-only, so while its size is unchanged its frontier is too: the next append (under the
   * lock) reads only the size, and reads the frontier again when another writer has appended.
   * Kept only for appends in a transaction of their own, which are committed when they return.
   */
  let tip: { readonly size: number; readonly frontier: readonly Buffer[]; readonly last: Buffer; readonly lastMs: number } | undefined

  /** Writes entries after the `size` already there, in a transaction that holds the ledger's lock. */
  const appendLocked = async (
    trx: Transaction<Database>,
    entries: readonly LedgerEntry[],
    size: number,
    owned: boolean,
  ): Promise<{ recorded: RecordedLedgerEntry[]; after: { size: number; frontier: readonly Buffer[]; last: Buffer; lastMs: number } }> => {
    let range: CompactRange
    let prev: Buffer
    // The time of the last entry, which no entry of a real ledger may precede.
    let lastMs = Number.NEGATIVE_INFINITY
    if (owned && tip?.size === size) {
      range = CompactRange.fromFrontier(size, tip.frontier)
      prev = tip.last
      lastMs = tip.lastMs
    } else {
      const ids = frontierIds(size)
      const lastLeaf: NodeId[] = size > 0 ? [{ level: 0, index: size - 1 }] : []
      const hashes = await readNodes(trx, [...ids, ...lastLeaf])
      range = CompactRange.fromFrontier(size, hashes.slice(0, ids.length))
      prev = size > 0 ? (hashes[ids.length] as Buffer) : genesisPrevHashOf(ledgerMode)
      if (timesChecked && size > 0) lastMs = await timeOf(trx, size - 1)
    }
    const latestMs = Date.now() + MAX_CLOCK_AHEAD_MS
    // Rows as flat arrays of values in ENTRY_COLUMNS / NODE_COLUMNS order: no object per row.
    const entryValues: unknown[] = new Array(entries.length * ENTRY_COLUMNS.length)
    const nodeValues: unknown[] = []
    const recorded: RecordedLedgerEntry[] = []
    const keepNode = (node: NewNode): void => {
      if (node.level >= MIN_STORED_NODE_LEVEL) nodeValues.push(node.level, node.index, node.hash)
    }
    let prevHex = prev.toString('hex')
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as (typeof entries)[number]
      const seq = size + i
      const { encoded, hash, at, timeMs } = encodeAndHashEntry(entry, seq, prev)
      if (timesChecked) {
        if (timeMs < lastMs) {
          throw new VerigateError(
            'conflict',
            `the ledger refuses a ${entry.kind} entry dated ${at}: its last entry is dated ${new Date(lastMs).toISOString()}, and a real ledger's times never go back (a clock set back, or a backdated write)`,
          )
        }
        if (timeMs > latestMs) {
          throw new VerigateError('invalid_input', `the ledger refuses a ${entry.kind} entry dated ${at}: that is ahead of the server's clock (${new Date().toISOString()}), and a real ledger's entries carry the server's clock`)
        }
        lastMs = timeMs
      }
      range.append(hash, keepNode)
      const first = i * ENTRY_COLUMNS.length
      entryValues[first] = seq
      entryValues[first + 1] = entry.kind
      entryValues[first + 2] = at
      entryValues[first + 3] = entry.subject ?? null
      entryValues[first + 4] = encoded
      entryValues[first + 5] = hash
      // Built member by member: spreading the caller's entry costs several microseconds an
      // entry (measured), more than encoding it; and the record holds exactly what was encoded.
      const hashHex = hash.toString('hex')
      const { kind, actor, subject, payload } = entry
      recorded.push(
        (subject === undefined
          ? { kind, at, actor, payload, seq, prevHash: prevHex, hash: hashHex }
          : { kind, at, actor, subject, payload, seq, prevHash: prevHex, hash: hashHex }) as RecordedLedgerEntry,
      )
      prev = hash
      prevHex = hashHex
    }
    await insertFlat(trx, 'ledger_entries', ENTRY_COLUMNS, entryValues)
    await insertFlat(trx, 'ledger_nodes', NODE_COLUMNS, nodeValues)
    return { recorded, after: { size: range.size, frontier: range.frontier(), last: prev, lastMs } }
  }

  /** Signs and stores the tree head of the first `size` entries. */
  const checkpointLocked = async (trx: Transaction<Database>, keys: LedgerKeys, size: number, at: Date): Promise<SignedCheckpoint> => {
    // Signed as the ledger's mode: a simulation's checkpoint says so in the bytes it signs.
    const signed = signCheckpoint(keys, size, await root(trx, size), at, ledgerMode)
    await trx
      .insertInto('ledger_checkpoints')
      .values({
        tree_size: signed.treeSize,
        time: signed.time,
        root_hash: Buffer.from(signed.rootHash, 'hex'),
        key_id: signed.keyId,
        signature: Buffer.from(signed.signature, 'base64'),
      })
      .execute()
    return signed
  }

  const facade: LedgerFacade = {
    async append(entries, keys) {
      if (entries.length === 0) return []
      refuseDisagreement('append')
      const owned = context.trx === undefined
      const result = await withTransaction(context, async (trx) => {
        await backend.lockLedger(trx)
        const size = await sizeOf(trx)
        // Entries made with the ledger key (people's pseudonyms) only under the store's own key.
        if (keys) await requireSigningKey(trx, keys, size, new Date())
        return appendLocked(trx, entries, size, owned)
      })
      // Committed (the transaction was this call's own): the next append may start from here.
      tip = owned ? result.after : undefined
      return result.recorded
    },

    async bindKey(keys, at) {
      await withTransaction(context, async (trx) => {
        await backend.lockLedger(trx)
        await requireSigningKey(trx, keys, await sizeOf(trx), at)
      })
    },

    async rotateKey(current, next, options) {
      refuseDisagreement('rotate its key')
      if (next.keyId === current.keyId) throw new InvalidInputError(`the new key is the current key ${current.keyId}: a rotation needs another key`)
      if (holderSecretTag(next.holderSecret) !== holderSecretTag(current.holderSecret)) {
        throw new InvalidInputError(`the new key file ${next.path} holds another pseudonym secret: every person would get a second pseudonym, so a rotation keeps the current secret`)
      }
      const result = await withTransaction(context, async (trx) => {
        await backend.lockLedger(trx)
        const size = await sizeOf(trx)
        await requireSigningKey(trx, current, size, options.at)
        const known = await trx.selectFrom('ledger_keys').select('key_id').where('key_id', '=', next.keyId).executeTakeFirst()
        if (known) throw new InvalidInputError(`key ${next.keyId} has signed this ledger before: a rotation brings in a new key`)
        const payload = signKeyRotation(current, next, size, await root(trx, size))
        const entry: LedgerEntry<'key_rotation'> = { kind: 'key_rotation', at: options.at.toISOString(), actor: options.actor, payload }
        const appended = await appendLocked(trx, [entry], size, false)
        await trx
          .insertInto('ledger_keys')
          .values({
            key_id: next.keyId,
            public_key: publicKeyPem(next),
            secret_tag: holderSecretTag(next.holderSecret),
            from_size: size + 1,
            rotation_seq: size,
            recorded_at: options.at.toISOString(),
          })
          .execute()
        // The old key signs the tree that holds the rotation: an overseer who trusts only the old
        // key gets the new one from a tree head it can check.
        const checkpoint = await checkpointLocked(trx, current, size + 1, options.at)
        return { entry: appended.recorded[0] as RecordedLedgerEntry<'key_rotation'>, checkpoint }
      })
      tip = undefined
      return result
    },

    async lock() {
      if (!context.trx) throw new RangeError('the ledger is locked for a transaction: call lock() on the facades of store.transaction')
      await backend.lockLedger(context.trx)
    },

    async checkpoint(keys, at) {
      refuseDisagreement('sign a checkpoint')
      return withTransaction(context, async (trx) => {
        await backend.lockLedger(trx)
        const size = await sizeOf(trx)
        await requireSigningKey(trx, keys, size, at)
        return checkpointLocked(trx, keys, size, at)
      })
    },

    size: () => sizeOf(db),

    async encoded(seq) {
      const row = await db.selectFrom('ledger_entries').select('encoded').where('seq', '=', seq).executeTakeFirst()
      return row ? toBuffer(row.encoded) : undefined
    },

    async encodedMany(seqs) {
      const found = new Map<number, Buffer>()
      for (let i = 0; i < seqs.length; i += ENTRY_LOOKUP_CHUNK) {
        const rows = await db.selectFrom('ledger_entries').select(['seq', 'encoded']).where('seq', 'in', seqs.slice(i, i + ENTRY_LOOKUP_CHUNK)).execute()
        for (const row of rows) found.set(toNumber(row.seq), toBuffer(row.encoded))
      }
      return seqs.map((seq) => {
        const bytes = found.get(seq)
        if (!bytes) throw new NotFoundError(`the ledger has no entry ${seq}`)
        return bytes
      })
    },

    async get(seq) {
      const bytes = await facade.encoded(seq)
      return bytes ? decodeEntry(bytes) : undefined
    },

    async list(options = {}) {
      let query = db
        .selectFrom('ledger_entries')
        .select('encoded')
        .where('seq', '>=', options.from ?? 0)
        .orderBy('seq')
        .limit(options.limit ?? 1000)
      if (options.kind) query = query.where('kind', '=', options.kind)
      return (await query.execute()).map((row) => decodeEntry(toBuffer(row.encoded)))
    },

    async bySubject(subject: Pseudonym) {
      const rows = await db.selectFrom('ledger_entries').select('encoded').where('subject', '=', subject).orderBy('seq').execute()
      return rows.map((row) => decodeEntry(toBuffer(row.encoded)))
    },

    async root(size) {
      const current = await sizeOf(db)
      const n = size ?? current
      if (n > current) throw new NotFoundError(`the ledger has ${current} entries, not ${n}`)
      return root(db, n)
    },

    async inclusionProof(seq, treeSize) {
      const current = await sizeOf(db)
      if (treeSize > current) throw new NotFoundError(`the ledger has ${current} entries, not ${treeSize}`)
      if (!Number.isSafeInteger(seq) || seq < 0 || seq >= treeSize) throw new NotFoundError(`entry ${seq} is not in the first ${treeSize} entries`)
      return hashRanges(inclusionRanges(seq, treeSize), (ids) => readNodes(db, ids))
    },

    async inclusionProofs(seqs, treeSize) {
      const current = await sizeOf(db)
      if (treeSize > current) throw new NotFoundError(`the ledger has ${current} entries, not ${treeSize}`)
      const bad = seqs.find((seq) => !Number.isSafeInteger(seq) || seq < 0 || seq >= treeSize)
      if (bad !== undefined) throw new NotFoundError(`entry ${bad} is not in the first ${treeSize} entries`)
      // Every proof's ranges through one hashRanges: it reads each node they share once.
      const ranges = seqs.map((seq) => inclusionRanges(seq, treeSize))
      const hashes = await hashRanges(ranges.flat(), (ids) => readNodes(db, ids))
      let at = 0
      return ranges.map((r) => hashes.slice(at, (at += r.length)))
    },

    async consistencyProof(size1, size2) {
      const current = await sizeOf(db)
      if (size2 > current) throw new NotFoundError(`the ledger has ${current} entries, not ${size2}`)
      if (size1 > size2) throw new NotFoundError(`no consistency proof from ${size1} entries back to ${size2}`)
      return hashRanges(consistencyRanges(size1, size2), (ids) => readNodes(db, ids))
    },

    async checkpoints() {
      return source().checkpoints()
    },

    source,

    verify: (publicKey) => verifyLedger(source(), publicKey),

    signingKeys: () => signingKeysOf(db),
  }
  return facade
}
