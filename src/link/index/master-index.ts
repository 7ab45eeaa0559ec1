/**
 * The master index: every master record as Int32 codes into one shared string dictionary, packed
 * dates and numbers, row-major in one typed array (44 bytes a record, see record-layout.ts), plus one sorted
 * postings table per blocking rule (8 bytes a record a rule) and the per-value facts comparisons
 * need (name frequencies for term-frequency weights, phonetic keys, surname parts, nickname
 * groups). All arrays live on SharedArrayBuffers, so worker threads share one copy, and the
 * snapshot writes them raw. The index is content-addressed: `digest` is the SHA-256 of its
 * canonical content (every array in a fixed order and the blocking rules), recorded with each
 * result as `masterDigest`.
 */
import { createHash } from 'node:crypto'
import type { StandardizedRecord } from '../../core/index.js'
import { canonicalJson } from '../../core/index.js'
import { type BlockSplit, type BlockingPostings, type BlockingRule, type BlockingSetName, DEFAULT_BLOCKING_RULES, type KeyFeatures, blockStatistics, blocksAbove, blockingSetName, describeBlocking, emptyKeyFeatures, finerKeys, packPrefix, ruleDocument, ruleKeys, rulesForSize, sameRule, sortPostings, splitsIn, wholeKey } from '../block/index.js'
import { Dictionary, DictionaryBuilder } from './string-dictionary.js'
import { GrowableArray } from './growable.js'
import { countFullNames, fullNameCount } from './full-names.js'
import { REC, RECORD_STRIDE } from './record-layout.js'
import { BATCH_FIELDS, BATCH_NUMBERS, type EncodedBatch, packBatch } from './encoded-batch.js'
import { sharedArray } from '../shared-memory.js'

/** Generational suffixes as small codes (0: none). Anything else is `OTHER`. */
export const SUFFIXES = ['', 'JR', 'SR', 'II', 'III', 'IV', 'V'] as const
const SUFFIX_OTHER = 7

/** The code of a suffix. */
export function suffixCode(suffix: string): number {
  const at = (SUFFIXES as readonly string[]).indexOf(suffix)
  return at >= 0 ? at : SUFFIX_OTHER
}

/** A date as `yyyymmdd`, with 00 for an unknown month or day; 0 when unknown. */
export function packDate(date: StandardizedRecord['dob']): number {
  if (date.precision === 'none' || date.year === undefined) return 0
  return date.year * 10000 + (date.month ?? 0) * 100 + (date.day ?? 0)
}

/** A taxpayer number as an integer; 0 when absent. */
export function packTin(tin: string): number {
  if (!/^\d{1,9}$/.test(tin)) return 0
  return Number(tin)
}

/**
 * A postal code as an integer; -1 when absent. A US ZIP has five digits; shorter all-digit codes
 * (the four-digit Australian postcodes of the FEBRL data) are kept as they are.
 */
export function packZip(zip: string): number {
  return /^\d{3,9}$/.test(zip) ? Number(zip) : -1
}

/** A state code's two letters packed in 16 bits; 0 when absent. */
export function packState(state: string): number {
  return state.length === 2 ? (state.charCodeAt(0) << 8) | state.charCodeAt(1) : 0
}

/** The street's directionals and suffix, as one dictionary value (`N|ST|`). */
export function streetExtraText(a: StandardizedRecord['address']): string {
  if (!a.predirectional && !a.streetSuffix && !a.postdirectional) return ''
  return `${a.predirectional}|${a.streetSuffix}|${a.postdirectional}`
}

/** Where the house number and street come from: a PO box or a rural route stands in for them. */
export function streetParts(a: StandardizedRecord['address']): { number: string; street: string } {
  if (a.streetName) return { number: a.streetNumber, street: a.streetName }
  if (a.route) return { number: a.poBox, street: a.route }
  if (a.poBox) return { number: a.poBox, street: 'PO BOX' }
  return { number: a.streetNumber, street: '' }
}

/** Every typed array of an index, by name: what a snapshot stores and workers share. */
export interface MasterArrays {
  readonly dictBytes: Uint8Array
  readonly dictOffsets: Uint32Array
  readonly dictTable: Int32Array
  /** Per dictionary entry: records having it as given name / as surname. */
  readonly givenCount: Int32Array
  readonly surnameCount: Int32Array
  /** Per dictionary entry: the code of its phonetic key (-1 when not computed). */
  readonly phonetic: Int32Array
  /** Per dictionary entry: codes of its surname parts (CSR). */
  readonly partOffsets: Uint32Array
  readonly parts: Int32Array
  /** Per dictionary entry: nickname-equivalence groups of a given name (CSR). */
  readonly nickOffsets: Uint32Array
  readonly nicks: Int32Array
  /** The records' ids, one after another. */
  readonly idBytes: Uint8Array
  /**
   * Id `i` is `idBytes[idOffsets[i] .. idOffsets[i + 1])`; empty when every id has the same
   * length (`MasterMeta.idWidth`), as zero-padded ids do: four bytes a record saved.
   */
  readonly idOffsets: Uint32Array
  /** The records, row-major: `RECORD_STRIDE` Int32s a record, fields at the offsets of `REC`. */
  readonly records: Int32Array
  /** Full names two or more records carry, sorted by (surname, given), and their counts (see full-names.ts). */
  readonly fullNameSurname: Int32Array
  readonly fullNameGiven: Int32Array
  readonly fullNameCount: Int32Array
}

/** The names of `MasterArrays`, in the fixed order of snapshots and digests. */
export const MASTER_ARRAY_NAMES = [
  'dictBytes',
  'dictOffsets',
  'dictTable',
  'givenCount',
  'surnameCount',
  'phonetic',
  'partOffsets',
  'parts',
  'nickOffsets',
  'nicks',
  'idBytes',
  'idOffsets',
  'records',
  'fullNameSurname',
  'fullNameGiven',
  'fullNameCount',
] as const satisfies readonly (keyof MasterArrays)[]

/** The JSON part of an index: sizes, rules and the content digest. */
export interface MasterMeta {
  readonly count: number
  readonly rules: readonly BlockingRule[]
  /** Records with a given name / with a surname: the denominators of name frequencies. */
  readonly givenTotal: number
  readonly surnameTotal: number
  /** The byte length of every id when all have the same (then `idOffsets` is empty); 0 otherwise. */
  readonly idWidth?: number
  /** Present only in a shard of a sharded index (see shards.ts): what it knows of the whole. */
  readonly shard?: ShardMeta
  readonly digest: string
}

/**
 * What a shard knows of the whole index it was cut from. The dictionary, the name counts and
 * totals and the full-name table of a shard are the whole index's (so a shard scores a pair
 * exactly as the whole would); its records, ids and postings are those of its row range.
 */
export interface ShardMeta {
  /** This shard's number, 0 to `of` − 1. */
  readonly number: number
  /** Shards of the build. */
  readonly of: number
  /** The whole index's row of this shard's row 0: shards are contiguous row ranges, in order. */
  readonly firstRow: number
  /** Records of the whole master: the denominator of the prior weight. */
  readonly masterCount: number
  /** The whole index's content digest: the build the shard belongs to, and every result's `masterDigest`. */
  readonly masterDigest: string
  /** Blocks over this many records list the whole index's size (`GlobalBlocks`); a linker's cap must be at least this. */
  readonly blockFloor: number
}

/**
 * The whole index's size of each block of one rule that holds more than the shard's
 * `blockFloor` records, carried by a shard: a block over the cap is skipped by the whole index, so a shard
 * holding only part of it must skip it too, whatever its own part's size.
 */
export interface GlobalBlocks {
  /** Whole blocking keys, ascending. */
  readonly keys: Uint32Array
  /** The whole index's record count of each key's block. */
  readonly sizes: Uint32Array
}

/**
 * The default `blockFloor` of a shard: blocks at or under it are not listed in its
 * `GlobalBlocks`, since a cap at or above it (the default is 1000) never skips them, whether the
 * whole or a part is looked at. A linker refuses a shard with a lower cap.
 */
export const SHARD_BLOCK_FLOOR = 100

/** Blocking statistics of one rule over the master. */
export interface RuleStatistics {
  readonly rule: string
  readonly postings: number
  readonly keys: number
  readonly largest: number
  readonly oversized: number
}

/** A built or loaded master index. */
export class MasterIndex {
  readonly meta: MasterMeta
  readonly arrays: MasterArrays
  readonly postings: readonly BlockingPostings[]
  /** Per rule, the whole index's sizes of large blocks: in a shard only (empty otherwise). */
  readonly globalBlocks: readonly GlobalBlocks[]
  readonly dictionary: Dictionary
  readonly #decoder = new TextDecoder()

  constructor(meta: MasterMeta, arrays: MasterArrays, postings: readonly BlockingPostings[], globalBlocks: readonly GlobalBlocks[] = []) {
    this.meta = meta
    this.arrays = arrays
    this.postings = postings
    this.globalBlocks = globalBlocks
    this.dictionary = new Dictionary({ bytes: arrays.dictBytes, offsets: arrays.dictOffsets, table: arrays.dictTable })
  }

  /** Number of master records. */
  get count(): number {
    return this.meta.count
  }

  get digest(): string {
    return this.meta.digest
  }

  /** Records of the whole master: `count`, or in a shard the whole index's count. */
  get masterCount(): number {
    return this.meta.shard?.masterCount ?? this.meta.count
  }

  /** The whole index's digest: `digest`, or in a shard the digest of the index it was cut from. */
  get masterDigest(): string {
    return this.meta.shard?.masterDigest ?? this.meta.digest
  }

  /** The whole index's row of row `row` (the same row unless this is a shard). */
  globalRow(row: number): number {
    return (this.meta.shard?.firstRow ?? 0) + row
  }

  /** The id of master row `row`. */
  id(row: number): string {
    const width = this.meta.idWidth ?? 0
    if (width > 0) return this.#decoder.decode(this.arrays.idBytes.subarray(row * width, (row + 1) * width))
    const o = this.arrays.idOffsets
    return this.#decoder.decode(this.arrays.idBytes.subarray(o[row], o[row + 1]))
  }

  /**
   * Records carrying given name `given` and surname `surname` (codes) together: 1 for a full name
   * only one record has, 0 when either is absent.
   */
  fullNameCount(given: number, surname: number): number {
    const a = this.arrays
    return fullNameCount({ surname: a.fullNameSurname, given: a.fullNameGiven, count: a.fullNameCount }, given, surname)
  }

  /** Fills `f` with the blocking-key values of master row `row`. */
  features(row: number, f: KeyFeatures): void {
    const a = this.arrays
    const at = row * RECORD_STRIDE
    const r = a.records
    const tin = r[at + REC.tin] as number
    f.tin = tin > 0 ? tin : -1
    const dob = r[at + REC.dob] as number
    f.dob = dob > 0 && dob % 100 > 0 ? dob : -1
    f.dobYear = dob > 0 ? Math.floor(dob / 10000) : -1
    const given = r[at + REC.given] as number
    const surname = r[at + REC.surname] as number
    f.givenInitial = given >= 0 ? this.dictionary.firstByte(given) : -1
    f.surnameInitial = surname >= 0 ? this.dictionary.firstByte(surname) : -1
    f.surnamePrefix = surname >= 0 ? packPrefix(this.dictionary.bytes, this.dictionary.start(surname), this.dictionary.length(surname)) : -1
    f.initials = unorderedPair(f.givenInitial, f.surnameInitial)
    f.zip = r[at + REC.zip] as number
    f.city = r[at + REC.city] as number
    f.streetNumber = r[at + REC.streetNumber] as number
    const street = r[at + REC.street] as number
    f.streetPhonetic = street >= 0 ? (a.phonetic[street] as number) : -1
    f.givenPhonetic.length = 0
    f.givenSound = given >= 0 ? (a.phonetic[given] as number) : -1
    f.surnamePhonetic.length = 0
    f.anyInitial.length = 0
    f.namePhonetic.length = 0
    if (f.givenInitial >= 0) f.anyInitial.push(f.givenInitial)
    if (f.surnameInitial >= 0) f.anyInitial.push(f.surnameInitial)
    if (given >= 0) {
      const p = a.phonetic[given] as number
      if (p >= 0) f.namePhonetic.push(p)
    }
    if (given >= 0) {
      const p = a.phonetic[given] as number
      if (p >= 0) f.givenPhonetic.push(p)
      for (let k = a.nickOffsets[given] as number; k < (a.nickOffsets[given + 1] as number); k++) f.givenPhonetic.push(NICK_GROUP_BASE + (a.nicks[k] as number))
    }
    if (surname >= 0) {
      const p = a.phonetic[surname] as number
      if (p >= 0) f.surnamePhonetic.push(p)
      for (let k = a.partOffsets[surname] as number; k < (a.partOffsets[surname + 1] as number); k++) {
        const q = a.phonetic[a.parts[k] as number] as number
        if (q >= 0) f.surnamePhonetic.push(q)
      }
      for (const q of f.surnamePhonetic) f.namePhonetic.push(q)
    }
  }

  /**
   * The name of the index's blocking rule set (`national`, `small-file`, `wide`, `custom`), from
   * the rules it was built with: a snapshot keeps the set it was built with, whatever its size.
   */
  get blockingSet(): BlockingSetName {
    return blockingSetName(this.meta.rules)
  }

  /** The blocking rule set in words, with the master's size (`describeBlocking`). */
  get blockingSummary(): string {
    return describeBlocking(this.blockingSet, this.count)
  }

  /** Blocking statistics per rule, with blocks over `cap` counted as oversized. */
  ruleStatistics(cap: number): RuleStatistics[] {
    return this.meta.rules.map((rule, i) => {
      const p = this.postings[i] as BlockingPostings
      return { rule: rule.name, postings: p.keys.length, ...blockStatistics(p, cap) }
    })
  }

  /** Bytes held by the index's typed arrays. */
  get byteLength(): number {
    let total = 0
    for (const name of MASTER_ARRAY_NAMES) total += this.arrays[name].byteLength
    for (const p of this.postings) total += p.keys.byteLength + p.rows.byteLength + p.directory.byteLength
    for (const g of this.globalBlocks) total += g.keys.byteLength + g.sizes.byteLength
    return total
  }
}

/** The two initials as one value whichever order they come in; -1 unless both are known. */
export function unorderedPair(a: number, b: number): number {
  if (a < 0 || b < 0) return -1
  return a < b ? (a << 8) | b : (b << 8) | a
}

/** Nickname groups share the phonetic key space of blocking: they are offset past every code. */
export const NICK_GROUP_BASE = 1 << 30

/**
 * A master record reduced to what the index stores: strings still to be dictionary-encoded and
 * numbers already packed. Small and flat, so worker threads can standardize and encode in
 * parallel and post rows to the builder cheaply.
 */
export interface EncodedMasterRow {
  readonly id: string
  readonly given: string
  readonly nickGroups: readonly number[]
  readonly surname: string
  /** Parts of a double surname other than the whole. */
  readonly surnameParts: readonly string[]
  readonly middleInitial: number
  readonly suffix: number
  readonly dob: number
  readonly tin: number
  readonly streetNumber: string
  readonly street: string
  readonly streetExtra: string
  readonly unit: string
  readonly city: string
  readonly state: number
  readonly zip: number
}

/** The parts of a double surname other than the whole (what the index keeps of them). */
export function surnamePartsOf(name: StandardizedRecord['name']): string[] {
  return name.surnameParts.filter((p) => p !== name.surname && p.length > 0)
}

/** Encodes a standardized master record for `MasterIndexBuilder.addEncoded`. */
export function encodeMasterRecord(record: StandardizedRecord, nicknameGroups: (given: string) => readonly number[] = () => []): EncodedMasterRow {
  const name = record.name
  const a = record.address
  const { number, street } = streetParts(a)
  return {
    id: record.id,
    given: name.given,
    nickGroups: name.given ? nicknameGroups(name.given) : [],
    surname: name.surname,
    surnameParts: surnamePartsOf(name),
    middleInitial: name.middle.length > 0 ? name.middle.charCodeAt(0) & 0xff : 0,
    suffix: suffixCode(name.suffix),
    dob: packDate(record.dob),
    tin: packTin(record.tin),
    streetNumber: number,
    street,
    streetExtra: streetExtraText(a),
    unit: a.unit,
    city: a.city,
    state: packState(a.state),
    zip: packZip(a.zip),
  }
}

/** Options of `buildMasterIndex`. */
export interface BuildOptions {
  /**
   * Blocking rules (default: `DEFAULT_BLOCKING_RULES`, the national rules), or `by-size`: chosen
   * when the index is finished, by its number of records (`rulesForSize`). The rules chosen are
   * kept in the index's meta and its snapshot.
   */
  readonly rules?: readonly BlockingRule[] | 'by-size'
  /** Nickname-equivalence groups of a given name (from `standardize`); none when absent. */
  readonly nicknameGroups?: (given: string) => readonly number[]
}

/** Adds master records one at a time; `finish` sorts the blocking postings and freezes it all. */
export class MasterIndexBuilder {
  readonly #dict = new DictionaryBuilder()
  readonly #ruleChoice: readonly BlockingRule[] | 'by-size'
  readonly #nicknameGroups: (given: string) => readonly number[]
  readonly #givenCount = new GrowableArray(Int32Array)
  readonly #surnameCount = new GrowableArray(Int32Array)
  readonly #phonetic = new GrowableArray(Int32Array)
  readonly #parts = new Map<number, number[]>()
  readonly #nicks = new Map<number, readonly number[]>()
  readonly #idBytes = new GrowableArray(Uint8Array, 1 << 16)
  readonly #idOffsets = new GrowableArray(Uint32Array)
  readonly #records = new GrowableArray(Int32Array, 1024 * RECORD_STRIDE)
  #count = 0
  #givenTotal = 0
  #surnameTotal = 0

  constructor(options: BuildOptions = {}) {
    this.#ruleChoice = options.rules ?? DEFAULT_BLOCKING_RULES
    this.#nicknameGroups = options.nicknameGroups ?? (() => [])
    this.#idOffsets.push(0)
  }

  get count(): number {
    return this.#count
  }

  /** The rules of the index: those given, or those for its size once every record is added. */
  get #rules(): readonly BlockingRule[] {
    return this.#ruleChoice === 'by-size' ? rulesForSize(this.#count) : this.#ruleChoice
  }

  /** Grows the per-entry columns to cover dictionary code `code`. */
  #cover(code: number): void {
    while (this.#givenCount.length <= code) {
      this.#givenCount.push(0)
      this.#surnameCount.push(0)
      this.#phonetic.push(-2)
    }
  }

  /** Adds one standardized master record. */
  add(record: StandardizedRecord): void {
    this.addEncoded(encodeMasterRecord(record, this.#nicknameGroups))
  }

  /** Adds a record already encoded by `encodeMasterRecord` (a batch of one). */
  addEncoded(row: EncodedMasterRow): void {
    this.addBatch(packBatch([row]))
  }

  /**
   * Adds a batch of rows packed by `packBatch` (in a worker thread, say). Strings get their
   * dictionary codes in order of rows and fields, so the codes, and the index, are the same
   * however the rows are cut into batches; each distinct string of a batch is looked up once.
   */
  addBatch(batch: EncodedBatch): void {
    const globalOf = new Int32Array(batch.stringHashes.length).fill(-1)
    const { stringBytes, stringOffsets, stringHashes } = batch
    const code = (local: number): number => {
      if (local < 0) return -1
      let global = globalOf[local] as number
      if (global < 0) {
        const at = stringOffsets[local] as number
        global = this.#dict.addBytes(stringBytes, at, (stringOffsets[local + 1] as number) - at, stringHashes[local] as number)
        this.#cover(global)
        globalOf[local] = global
      }
      return global
    }
    const phoneticCode = (local: number): number => {
      const global = code(local)
      if (global >= 0 && this.#phonetic.get(global) === -2) {
        const key = batch.phonetic[local] as number
        this.#phonetic.set(global, key < 0 ? -1 : code(key))
      }
      return global
    }
    const fields = BATCH_FIELDS.length
    const codes = batch.codes
    const numbers = batch.numbers
    const idBase = this.#idBytes.length
    this.#idBytes.pushAll(batch.idBytes)
    const idAt = this.#idOffsets.extend(batch.count)
    const idOffsets = this.#idOffsets.data
    for (let i = 0; i < batch.count; i++) idOffsets[idAt + i] = idBase + (batch.idOffsets[i + 1] as number)
    // Extended once for the whole batch: only the dictionary's columns grow inside the loop.
    let at = this.#records.extend(batch.count * RECORD_STRIDE)
    const records = this.#records.data
    for (let i = 0; i < batch.count; i++) {
      const c = i * fields
      const localGiven = codes[c] as number
      const localSurname = codes[c + 1] as number
      const given = phoneticCode(localGiven)
      const surname = phoneticCode(localSurname)
      if (given >= 0) {
        this.#givenTotal++
        this.#countUp(this.#givenCount, given)
        if (!this.#nicks.has(given)) this.#nicks.set(given, batch.nicks[localGiven] ?? [])
      }
      if (surname >= 0) {
        this.#surnameTotal++
        this.#countUp(this.#surnameCount, surname)
        if (!this.#parts.has(surname)) this.#parts.set(surname, (batch.parts[localSurname] ?? []).map(phoneticCode))
      }
      const n = i * BATCH_NUMBERS
      // Codes in the order of the fields (they are assigned in first-use order), stored in the order of REC.
      const streetNumber = code(codes[c + 2] as number)
      const street = phoneticCode(codes[c + 3] as number)
      const streetExtra = code(codes[c + 4] as number)
      const unit = code(codes[c + 5] as number)
      const city = code(codes[c + 6] as number)
      records[at + REC.given] = given
      records[at + REC.surname] = surname
      records[at + REC.dob] = numbers[n] as number
      records[at + REC.tin] = numbers[n + 1] as number
      records[at + REC.streetNumber] = streetNumber
      records[at + REC.street] = street
      records[at + REC.streetExtra] = streetExtra
      records[at + REC.unit] = unit
      records[at + REC.city] = city
      records[at + REC.zip] = numbers[n + 2] as number
      records[at + REC.flags] = numbers[n + 3] as number
      at += RECORD_STRIDE
      this.#count++
    }
  }

  #countUp(counts: GrowableArray<Int32Array>, code: number): void {
    counts.set(code, counts.get(code) + 1)
  }

  /** Freezes the columns, sorts the postings of every rule and computes the digest. */
  finish(): MasterIndex {
    const draft = this.#draft()
    return withPostings(draft, buildAllPostings(draft, this.#rules))
  }

  /**
   * Like `finish`, with the blocking postings of the rules built on `threads` worker threads
   * (each computes the keys of its rules from the shared records and sorts them): the same
   * index, to the digest. At ten million records the postings are a minute of one thread.
   */
  async finishOnThreads(threads: number): Promise<MasterIndex> {
    const draft = this.#draft()
    if (threads < 2 || this.#rules.length < 2) return withPostings(draft, buildAllPostings(draft, this.#rules))
    return withPostings(draft, await buildPostingsOnThreads(draft, this.#rules, threads))
  }

  /** The index without its postings and digest. */
  #draft(): MasterIndex {
    const dictionary = this.#dict.freeze()
    const size = dictionary.size
    const phonetic = this.#phonetic.toShared()
    for (let i = 0; i < phonetic.length; i++) if ((phonetic[i] as number) < -1) phonetic[i] = -1
    const partOffsets = new GrowableArray(Uint32Array)
    const parts = new GrowableArray(Int32Array)
    const nickOffsets = new GrowableArray(Uint32Array)
    const nicks = new GrowableArray(Int32Array)
    for (let code = 0; code < size; code++) {
      partOffsets.push(parts.length)
      for (const p of this.#parts.get(code) ?? []) parts.push(p)
      nickOffsets.push(nicks.length)
      for (const g of this.#nicks.get(code) ?? []) nicks.push(g)
    }
    partOffsets.push(parts.length)
    nickOffsets.push(nicks.length)
    const records = this.#records.toShared()
    const idWidth = this.#sameIdWidth() ? this.#idOffsets.get(1) : 0
    const fullNames = countFullNames(records, this.#count, size, (n) => sharedArray(Int32Array, n))
    const arrays: MasterArrays = {
      dictBytes: dictionary.bytes,
      dictOffsets: dictionary.offsets,
      dictTable: dictionary.table,
      givenCount: this.#givenCount.toShared(),
      surnameCount: this.#surnameCount.toShared(),
      phonetic,
      partOffsets: partOffsets.toShared(),
      parts: parts.toShared(),
      nickOffsets: nickOffsets.toShared(),
      nicks: nicks.toShared(),
      idBytes: this.#idBytes.toShared(),
      idOffsets: idWidth > 0 ? sharedArray(Uint32Array, 0) : this.#idOffsets.toShared(),
      records,
      fullNameSurname: fullNames.surname,
      fullNameGiven: fullNames.given,
      fullNameCount: fullNames.count,
    }
    return new MasterIndex({ count: this.#count, rules: this.#rules, givenTotal: this.#givenTotal, surnameTotal: this.#surnameTotal, idWidth, digest: '' }, arrays, [])
  }

  /** True when there are records and every id has the (non-zero) byte length of the first. */
  #sameIdWidth(): boolean {
    if (this.#count === 0) return false
    const width = this.#idOffsets.get(1)
    // The total rules out most files of mixed widths without a pass over the offsets.
    if (width === 0 || this.#idBytes.length !== this.#count * width) return false
    for (let row = 1; row <= this.#count; row++) if (this.#idOffsets.get(row) - this.#idOffsets.get(row - 1) !== width) return false
    return true
  }
}

/** The finished index: `draft` with its postings and content digest. */
function withPostings(draft: MasterIndex, postings: BlockingPostings[]): MasterIndex {
  const meta: MasterMeta = { ...draft.meta, digest: contentDigest(draft.meta, draft.arrays, postings) }
  return new MasterIndex(meta, draft.arrays, postings)
}

/**
 * The index with the blocking rules `rules` instead of its own: the records, dictionary and
 * statistics are shared, the postings of a rule it already has (same name and parts) are reused,
 * the others built. A whole index only (a shard's large-block sizes are of its own rules). For
 * measuring rule sets on a built master (`npm run bench -- blocking`) without reading it again.
 */
export function reblockIndex(index: MasterIndex, rules: readonly BlockingRule[]): MasterIndex {
  if (index.meta.shard) throw new Error('reblockIndex takes a whole index, not a shard')
  const have = rules.map((rule) => index.meta.rules.findIndex((r) => sameRule(r, rule)))
  const missing = rules.map((_, r) => r).filter((r) => (have[r] as number) < 0)
  const built = buildRulePostings(index, rules, missing)
  const postings = rules.map((_, r) => ((have[r] as number) >= 0 ? (index.postings[have[r] as number] as BlockingPostings) : (built[missing.indexOf(r)] as BlockingPostings)))
  const draft = new MasterIndex({ ...index.meta, rules, digest: '' }, index.arrays, [])
  return withPostings(draft, postings)
}

/** What a postings worker is given: the draft index (shared memory) and the rules it builds. */
export interface PostingsJob {
  readonly meta: MasterMeta
  readonly arrays: MasterArrays
  readonly rules: readonly number[]
}

/** The postings of `rules` by rule position, as a postings worker answers. */
export type PostingsAnswer = readonly (readonly [number, BlockingPostings])[]

/** Builds the postings of every rule on `threads` worker threads, rules dealt out in turn. */
async function buildPostingsOnThreads(draft: MasterIndex, rules: readonly BlockingRule[], threads: number): Promise<BlockingPostings[]> {
  const { Worker } = await import('node:worker_threads')
  const n = Math.min(threads, rules.length)
  const jobs = Array.from({ length: n }, (_, t) => rules.map((_, r) => r).filter((r) => r % n === t))
  const answers = await Promise.all(
    jobs.map(
      (rulesOfWorker) =>
        new Promise<PostingsAnswer>((resolve, reject) => {
          const worker = new Worker(new URL('./postings-worker.js', import.meta.url), { workerData: { meta: draft.meta, arrays: draft.arrays, rules: rulesOfWorker } satisfies PostingsJob })
          worker.once('message', (answer: PostingsAnswer) => {
            resolve(answer)
            void worker.terminate()
          })
          worker.once('error', reject)
        }),
    ),
  )
  const postings: BlockingPostings[] = []
  for (const answer of answers) for (const [r, p] of answer) postings[r] = p
  return postings
}

/**
 * The postings of the rules at positions `which` (all by default), from one pass over the rows.
 * `splits` (by position in `which`) gives the keys whose blocks are split, as a shard takes them
 * from its whole index; without it a rule with a `split` splits its own blocks over the size.
 */
export function buildRulePostings(index: MasterIndex, rules: readonly BlockingRule[], which: readonly number[] = rules.map((_, r) => r), splits?: readonly Uint32Array[]): BlockingPostings[] {
  const chosen = which.map((r) => rules[r] as BlockingRule)
  return buildAllPostings(index, chosen, splits)
}

/** The postings of every rule, from one pass over the rows (features are computed once a row). */
function buildAllPostings(index: MasterIndex, rules: readonly BlockingRule[], splits?: readonly Uint32Array[]): BlockingPostings[] {
  // Plain typed arrays grown by hand, written in place (no call a posting), and handed to the
  // sort as views: it writes the sorted postings to new shared arrays, so these are never copied.
  const capacity = Math.max(1024, index.count)
  const keys = rules.map(() => new Uint32Array(capacity))
  const rows = rules.map(() => new Int32Array(capacity))
  const lengths = new Int32Array(rules.length)
  const f = emptyKeyFeatures()
  const out: number[] = []
  for (let row = 0; row < index.count; row++) {
    index.features(row, f)
    for (let r = 0; r < rules.length; r++) {
      out.length = 0
      ruleKeys(rules[r] as BlockingRule, f, out)
      if (out.length === 0) continue
      let at = lengths[r] as number
      let k = keys[r] as Uint32Array
      let w = rows[r] as Int32Array
      if (at + out.length > k.length) {
        const bigger = Math.max(k.length * 2, at + out.length)
        const k2 = new Uint32Array(bigger)
        const w2 = new Int32Array(bigger)
        k2.set(k.subarray(0, at))
        w2.set(w.subarray(0, at))
        keys[r] = k = k2
        rows[r] = w = w2
      }
      for (let i = 0; i < out.length; i++) {
        k[at] = out[i] as number
        w[at++] = row
      }
      lengths[r] = at
    }
  }
  return rules.map((rule, r) => {
    const n = lengths[r] as number
    const sorted = sortPostings((keys[r] as Uint32Array).subarray(0, n), (rows[r] as Int32Array).subarray(0, n))
    // Dropped before the next rule's sort: at ten million records they are 80 MB a rule.
    keys[r] = new Uint32Array(0)
    rows[r] = new Int32Array(0)
    // Split where the whole index split (a shard), or where this whole master is large enough.
    const split = splits?.[r] ?? (rule.split && splitsIn(rule, index.count) ? blocksAbove(sorted, rule.split.above) : undefined)
    return rule.split && split && split.length > 0 ? splitBlocks(index, rule.split, sorted, split) : sorted
  })
}

/**
 * `postings` with the blocks of the keys in `split` (ascending) replaced by their records' finer
 * keys: one pass in key order, features computed only for the records of split blocks.
 */
function splitBlocks(index: MasterIndex, how: BlockSplit, postings: BlockingPostings, split: Uint32Array): BlockingPostings {
  const n = postings.rows.length
  const keys = new GrowableArray(Uint32Array, n)
  const rows = new GrowableArray(Int32Array, n)
  const f = emptyKeyFeatures()
  const out: number[] = []
  let next = 0
  const { directory } = postings
  for (let b = 0; b + 1 < directory.length; b++) {
    const end = directory[b + 1] as number
    for (let i = directory[b] as number; i < end; i++) {
      const key = wholeKey(postings, b, i)
      const row = postings.rows[i] as number
      while (next < split.length && (split[next] as number) < key) next++
      if (next >= split.length || split[next] !== key) {
        keys.push(key)
        rows.push(row)
        continue
      }
      index.features(row, f)
      out.length = 0
      finerKeys(how, key, f, out)
      for (const k of out) {
        keys.push(k)
        rows.push(row)
      }
    }
  }
  const sorted = sortPostings(keys.toShared(), rows.toShared())
  const shared = sharedArray(Uint32Array, split.length)
  shared.set(split)
  return { ...sorted, split: shared }
}

/**
 * The SHA-256 of an index's canonical content: a JSON header (count, totals, rules), then every
 * array's bytes in `MASTER_ARRAY_NAMES` order, then each rule's postings (little-endian, as
 * typed arrays lie in memory on every platform Node.js supports).
 */
export function contentDigest(meta: Omit<MasterMeta, 'digest'>, arrays: MasterArrays, postings: readonly BlockingPostings[], globalBlocks: readonly GlobalBlocks[] = []): string {
  const hash = createHash('sha256')
  // A shard's place in its build is part of its content (a whole index's digest is unchanged).
  const shard = meta.shard ? { shard: { ...meta.shard } } : {}
  hash.update(canonicalJson({ count: meta.count, givenTotal: meta.givenTotal, surnameTotal: meta.surnameTotal, idWidth: meta.idWidth ?? 0, rules: meta.rules.map(ruleDocument), ...shard }))
  for (const name of MASTER_ARRAY_NAMES) {
    const a = arrays[name]
    hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
  }
  for (const p of postings) {
    hash.update(new Uint8Array(p.keys.buffer, p.keys.byteOffset, p.keys.byteLength))
    hash.update(new Uint8Array(p.rows.buffer, p.rows.byteOffset, p.rows.byteLength))
    hash.update(new Uint8Array(p.directory.buffer, p.directory.byteOffset, p.directory.byteLength))
    // Only when there are split blocks, so an index without them keeps its digest.
    if (p.split.length > 0) hash.update(new Uint8Array(p.split.buffer, p.split.byteOffset, p.split.byteLength))
  }
  for (const g of globalBlocks) {
    hash.update(new Uint8Array(g.keys.buffer, g.keys.byteOffset, g.keys.byteLength))
    hash.update(new Uint8Array(g.sizes.buffer, g.sizes.byteOffset, g.sizes.byteLength))
  }
  return `sha256:${hash.digest('hex')}`
}

/**
 * Builds a master index from standardized records.
 *
 * @example
 * const index = buildMasterIndex(records.map(standardizeRecord))
 * index.count // records.length
 */
export function buildMasterIndex(records: Iterable<StandardizedRecord>, options: BuildOptions = {}): MasterIndex {
  const builder = new MasterIndexBuilder(options)
  for (const record of records) builder.add(record)
  return builder.finish()
}
