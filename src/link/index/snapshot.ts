/**
 * The index snapshot (`.vgx`): the index's typed arrays written raw, so loading is one read into a
 * SharedArrayBuffer and views over it, with no parsing. Layout, all integers little-endian:
 *
 *   bytes 0–3   magic `VGX2` (format 2; a format 1 snapshot is refused with a request to rebuild it)
 *   bytes 4–7   uint32 length H of the header
 *   bytes 8–    header: UTF-8 JSON `{ meta, arrays: [{ name, type, offset, length }] }`
 *   then        each array's bytes at its `offset` (from the start of the file, 8-byte aligned)
 *
 * The header carries the content digest; loading recomputes it over the arrays and refuses a
 * file whose content does not match (a flipped byte, a truncated copy).
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs'
import { IntegrityError, InvalidInputError, ensurePrivateFile } from '../../core/index.js'
import { type BlockingPostings, postingsFrom } from '../block/index.js'
import { type GlobalBlocks, MASTER_ARRAY_NAMES, type MasterArrays, MasterIndex, type MasterMeta, contentDigest } from './master-index.js'

/** Format 2 added the full-name counts (format 1 snapshots must be rebuilt). */
const MAGIC = 'VGX2'

type ArrayType = 'Uint8Array' | 'Uint16Array' | 'Int32Array' | 'Uint32Array'
type Typed = Uint8Array | Uint16Array | Int32Array | Uint32Array

interface ArrayEntry {
  readonly name: string
  readonly type: ArrayType
  readonly offset: number
  readonly length: number
}

interface Header {
  readonly meta: MasterMeta
  readonly arrays: readonly ArrayEntry[]
}

const CONSTRUCTORS: Record<ArrayType, new (buffer: SharedArrayBuffer, byteOffset: number, length: number) => Typed> & Record<ArrayType, { BYTES_PER_ELEMENT: number }> = {
  Uint8Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
} as never

function typeOf(a: Typed): ArrayType {
  if (a instanceof Uint8Array) return 'Uint8Array'
  if (a instanceof Uint16Array) return 'Uint16Array'
  if (a instanceof Int32Array) return 'Int32Array'
  return 'Uint32Array'
}

function namedArrays(index: MasterIndex): [string, Typed][] {
  const out: [string, Typed][] = MASTER_ARRAY_NAMES.map((name) => [name, index.arrays[name]])
  index.postings.forEach((p, i) => {
    out.push([`postings.${i}.keys`, p.keys])
    out.push([`postings.${i}.rows`, p.rows])
    out.push([`postings.${i}.directory`, p.directory])
    // Only a rule that split blocks has the array: a snapshot of rules without splits is laid out as before.
    if (p.split.length > 0) out.push([`postings.${i}.split`, p.split])
  })
  index.globalBlocks.forEach((g, i) => {
    out.push([`globalBlocks.${i}.keys`, g.keys])
    out.push([`globalBlocks.${i}.sizes`, g.sizes])
  })
  return out
}

const align = (n: number) => Math.ceil(n / 8) * 8

/**
 * Writes an index to a snapshot file.
 *
 * @example
 * saveMasterIndex(index, 'master.vgx')
 */
export function saveMasterIndex(index: MasterIndex, path: string): void {
  const named = namedArrays(index)
  // The header's length depends on the offsets it lists: lay out with a generous bound, then fix.
  let headerBytes = 0
  let header: Header = { meta: index.meta, arrays: [] }
  for (let pass = 0; pass < 3; pass++) {
    let offset = align(8 + headerBytes)
    const arrays = named.map(([name, a]) => {
      const entry = { name, type: typeOf(a), offset, length: a.length }
      offset = align(offset + a.byteLength)
      return entry
    })
    header = { meta: index.meta, arrays }
    const size = Buffer.byteLength(JSON.stringify(header))
    if (size <= headerBytes) break
    headerBytes = size + 64
  }
  const json = Buffer.from(JSON.stringify(header).padEnd(headerBytes, ' '))
  // Owner-only: the snapshot holds the master's names, dates and addresses.
  ensurePrivateFile(path)
  const fd = openSync(path, 'w')
  try {
    const prefix = Buffer.alloc(8)
    prefix.write(MAGIC, 0, 'ascii')
    prefix.writeUInt32LE(json.length, 4)
    writeSync(fd, prefix, 0, 8, 0)
    writeSync(fd, json, 0, json.length, 8)
    named.forEach(([, a], i) => {
      const entry = header.arrays[i] as ArrayEntry
      const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
      let done = 0
      while (done < bytes.length) done += writeSync(fd, bytes, done, Math.min(1 << 30, bytes.length - done), entry.offset + done)
    })
  } finally {
    closeSync(fd)
  }
}

/** Options of `loadMasterIndex`. */
export interface LoadOptions {
  /** Recompute the content digest and refuse a mismatch (default true). */
  readonly verify?: boolean
}

/**
 * Loads a snapshot into shared memory.
 *
 * @example
 * const index = loadMasterIndex('master.vgx')
 */
export function loadMasterIndex(path: string, options: LoadOptions = {}): MasterIndex {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    throw new InvalidInputError(`cannot open the index snapshot ${path}`, { cause: error })
  }
  try {
    const prefix = Buffer.alloc(8)
    const read = readSync(fd, prefix, 0, 8, 0)
    if (read === 8 && prefix.toString('ascii', 0, 3) === 'VGX' && prefix.toString('ascii', 0, 4) !== MAGIC) {
      throw new InvalidInputError(`${path} is an index snapshot of an older format (${prefix.toString('ascii', 0, 4)}; this version reads ${MAGIC}): rebuild it with \`verigate index\``)
    }
    if (read !== 8 || prefix.toString('ascii', 0, 4) !== MAGIC) {
      throw new InvalidInputError(`${path} is not a Verigate index snapshot (expected the magic ${MAGIC})`)
    }
    const headerLength = prefix.readUInt32LE(4)
    const json = Buffer.alloc(headerLength)
    if (readSync(fd, json, 0, headerLength, 8) !== headerLength) throw new IntegrityError(`${path}: the snapshot header is truncated`)
    let header: Header
    try {
      header = JSON.parse(json.toString('utf8')) as Header
    } catch (error) {
      throw new IntegrityError(`${path}: the snapshot header is not JSON`, { cause: error })
    }
    const arrays: Record<string, Typed> = {}
    for (const entry of header.arrays) {
      const kind = CONSTRUCTORS[entry.type]
      if (!kind) throw new IntegrityError(`${path}: unknown array type ${entry.type}`)
      const byteLength = entry.length * kind.BYTES_PER_ELEMENT
      const buffer = new SharedArrayBuffer(Math.max(1, byteLength))
      const view = new Uint8Array(buffer, 0, byteLength)
      let done = 0
      while (done < byteLength) {
        const n = readSync(fd, view, done, Math.min(1 << 30, byteLength - done), entry.offset + done)
        if (n === 0) throw new IntegrityError(`${path}: the snapshot is truncated in ${entry.name}`)
        done += n
      }
      arrays[entry.name] = new kind(buffer, 0, entry.length)
    }
    for (const name of MASTER_ARRAY_NAMES) if (!arrays[name]) throw new IntegrityError(`${path}: the snapshot lacks the array ${name}`)
    const postings: BlockingPostings[] = header.meta.rules.map((_, i) => {
      const keys = arrays[`postings.${i}.keys`]
      const rows = arrays[`postings.${i}.rows`]
      const directory = arrays[`postings.${i}.directory`]
      if (!(keys instanceof Uint32Array || keys instanceof Uint16Array) || !(rows instanceof Int32Array) || !(directory instanceof Uint32Array)) {
        throw new IntegrityError(`${path}: the snapshot lacks the postings of rule ${i}`)
      }
      const split = arrays[`postings.${i}.split`]
      if (split !== undefined && !(split instanceof Uint32Array)) throw new IntegrityError(`${path}: the split blocks of rule ${i} are not a Uint32Array`)
      return postingsFrom(keys, rows, directory, split)
    })
    // A shard carries the whole index's sizes of its large blocks, rule by rule (see GlobalBlocks).
    const globalBlocks: GlobalBlocks[] = header.meta.shard
      ? header.meta.rules.map((_, i) => {
          const keys = arrays[`globalBlocks.${i}.keys`]
          const sizes = arrays[`globalBlocks.${i}.sizes`]
          if (!(keys instanceof Uint32Array) || !(sizes instanceof Uint32Array)) throw new IntegrityError(`${path}: the shard lacks the whole index's block sizes of rule ${i}`)
          return { keys, sizes }
        })
      : []
    const master = arrays as unknown as MasterArrays
    if (options.verify ?? true) {
      const actual = contentDigest(header.meta, master, postings, globalBlocks)
      if (actual !== header.meta.digest) throw new IntegrityError(`${path}: the snapshot's content digest is ${actual}, but its header says ${header.meta.digest}`)
    }
    return new MasterIndex(header.meta, master, postings, globalBlocks)
  } finally {
    closeSync(fd)
  }
}

/** What a worker thread needs to rebuild the index over the same shared memory. */
export interface SharedIndex {
  readonly meta: MasterMeta
  readonly arrays: MasterArrays
  readonly postings: readonly BlockingPostings[]
  readonly globalBlocks?: readonly GlobalBlocks[]
}

/** The index's shared parts (posting it to a worker shares the memory, copies nothing). */
export function shareIndex(index: MasterIndex): SharedIndex {
  return { meta: index.meta, arrays: index.arrays, postings: index.postings, globalBlocks: index.globalBlocks }
}

/** Rebuilds an index in a worker from `shareIndex` output. */
export function indexFromShared(shared: SharedIndex): MasterIndex {
  return new MasterIndex(shared.meta, shared.arrays, shared.postings, shared.globalBlocks ?? [])
}
