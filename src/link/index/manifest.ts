/**
 * A sharded master index on disk: K shard snapshots (`.vgx`, see shards.ts for what a shard
 * carries) and a manifest, a JSON file naming each shard's file with its SHA-256 and record
 * count, the blocking rules, the model every shard is to be scored with and the digest of the
 * whole-master statistics every shard carries. Loading a shard checks it against the manifest
 * (present, the same bytes, of this build, in its place), so a worker cannot serve a shard of
 * another build or a damaged copy without being told which file is wrong.
 *
 * Naming: the manifest `NAME.shards.json`; its shards `NAME.shard-<i>-of-<K>.vgx` beside it.
 */
import { createHash } from 'node:crypto'
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { IntegrityError, InvalidInputError, canonicalJson, writePrivateFile } from '../../core/index.js'
import type { BlockingRule } from '../block/index.js'
import type { MasterIndex } from './master-index.js'
import { cutShard } from './shards.js'
import { loadMasterIndex, saveMasterIndex } from './snapshot.js'

/** The manifest's format tag: a reader refuses any other. */
export const MANIFEST_FORMAT = 'verigate-shard-manifest/1'

/** The suffix of a manifest's file name. */
export const MANIFEST_SUFFIX = '.shards.json'

/** True when `path` names a shard manifest. */
export function isManifestPath(path: string): boolean {
  return path.toLowerCase().endsWith(MANIFEST_SUFFIX)
}

/** One shard as the manifest lists it. */
export interface ManifestShard {
  /** The snapshot's file name, relative to the manifest's folder. */
  readonly file: string
  /** SHA-256 of the whole file (`sha256:` and hex). */
  readonly sha256: string
  /** The shard's content digest (as its header records it). */
  readonly digest: string
  /** Records of the shard, and the whole index's row of its first. */
  readonly records: number
  readonly firstRow: number
}

/** A sharded index's manifest. */
export interface ShardManifest {
  readonly format: typeof MANIFEST_FORMAT
  /** Shards, K. */
  readonly shards: number
  /** The whole index's content digest: the build, and every result's `masterDigest`. */
  readonly masterDigest: string
  /** Records of the whole master. */
  readonly masterCount: number
  /** The blocking rules every shard was indexed by. */
  readonly rules: readonly BlockingRule[]
  /**
   * The model every shard is scored with (a verigate-link-model/1 object) and its digest: one
   * model for the build, so that every worker weighs a pair alike.
   */
  readonly model: unknown
  readonly modelDigest: string
  /** The whole-master statistics every shard carries (see `statisticsDigest`). */
  readonly statistics: { readonly givenTotal: number; readonly surnameTotal: number; readonly digest: string }
  readonly files: readonly ManifestShard[]
}

/**
 * The SHA-256 of what a shard carries of the whole master: the dictionary and its per-value facts
 * (name counts, phonetic keys, surname parts, nickname groups), the full-name table, the name
 * totals and the whole master's count. Equal in every shard of one build.
 */
export function statisticsDigest(index: MasterIndex): string {
  const a = index.arrays
  const hash = createHash('sha256')
  hash.update(canonicalJson({ masterCount: index.masterCount, givenTotal: index.meta.givenTotal, surnameTotal: index.meta.surnameTotal }))
  for (const array of [a.dictBytes, a.dictOffsets, a.dictTable, a.givenCount, a.surnameCount, a.phonetic, a.partOffsets, a.parts, a.nickOffsets, a.nicks, a.fullNameSurname, a.fullNameGiven, a.fullNameCount]) {
    hash.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength))
  }
  return `sha256:${hash.digest('hex')}`
}

/** SHA-256 of a file's bytes, read in pieces. */
export function fileSha256(path: string): string {
  const hash = createHash('sha256')
  const fd = openSync(path, 'r')
  try {
    const buffer = Buffer.alloc(1 << 22)
    for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) hash.update(buffer.subarray(0, n))
  } finally {
    closeSync(fd)
  }
  return `sha256:${hash.digest('hex')}`
}

/** The file name of shard `number` of `of` of the manifest `manifestPath`. */
export function shardFileName(manifestPath: string, number: number, of: number): string {
  const name = basename(manifestPath)
  const stem = name.slice(0, name.length - MANIFEST_SUFFIX.length)
  return `${stem}.shard-${number}-of-${of}.vgx`
}

/** Options of `saveShardedIndex`. */
export interface SaveShardsOptions {
  /** Shards, K (1 or more). */
  readonly shards: number
  /** The model (a verigate-link-model/1 object) and its digest. */
  readonly model: unknown
  readonly modelDigest: string
}

/**
 * Cuts a whole index into `shards` shards, writes each beside the manifest and then the manifest
 * (last, so a manifest on disk always names shards that were written).
 *
 * @example
 * saveShardedIndex(index, 'out/master.shards.json', { shards: 4, model, modelDigest: modelDigest(model) })
 */
export function saveShardedIndex(index: MasterIndex, manifestPath: string, options: SaveShardsOptions): ShardManifest {
  if (!isManifestPath(manifestPath)) throw new InvalidInputError(`${manifestPath}: a shard manifest's name must end in ${MANIFEST_SUFFIX}`)
  const k = options.shards
  if (!Number.isInteger(k) || k < 1) throw new InvalidInputError(`--shards ${k}: expected a positive integer`)
  const folder = dirname(manifestPath)
  const files: ManifestShard[] = []
  let statistics = ''
  for (let i = 0; i < k; i++) {
    // One shard in memory at a time beside the whole.
    const shard = cutShard(index, i, k)
    if (i === 0) statistics = statisticsDigest(shard)
    const file = shardFileName(manifestPath, i, k)
    const path = join(folder, file)
    saveMasterIndex(shard, path)
    files.push({ file, sha256: fileSha256(path), digest: shard.digest, records: shard.count, firstRow: shard.meta.shard?.firstRow ?? 0 })
  }
  const manifest: ShardManifest = {
    format: MANIFEST_FORMAT,
    shards: k,
    masterDigest: index.digest,
    masterCount: index.count,
    rules: index.meta.rules,
    model: options.model,
    modelDigest: options.modelDigest,
    statistics: { givenTotal: index.meta.givenTotal, surnameTotal: index.meta.surnameTotal, digest: statistics },
    files,
  }
  // Owner-only like the shards: the manifest names the build, not people, but travels with them.
  writePrivateFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}

/**
 * Reads and checks a manifest's shape (not its shards: see `loadShard`).
 *
 * @example
 * const manifest = readShardManifest('master.shards.json')
 */
export function readShardManifest(path: string): ShardManifest {
  let value: unknown
  try {
    value = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new InvalidInputError(`cannot read the shard manifest ${path} (a JSON file from \`verigate index --shards\`)`, { cause: error })
  }
  const m = value as Partial<ShardManifest> | null
  if (!m || typeof m !== 'object' || m.format !== MANIFEST_FORMAT) throw new InvalidInputError(`${path} is not a shard manifest (expected "format": "${MANIFEST_FORMAT}")`)
  if (!Number.isInteger(m.shards) || (m.shards as number) < 1 || !Array.isArray(m.files) || m.files.length !== m.shards) {
    throw new IntegrityError(`${path}: the manifest lists ${Array.isArray(m.files) ? m.files.length : 'no'} shard files for ${String(m.shards)} shards`)
  }
  for (const f of m.files as ManifestShard[]) {
    if (typeof f.file !== 'string' || f.file.length === 0 || basename(f.file) !== f.file) throw new IntegrityError(`${path}: a shard's file must be a plain name beside the manifest (got ${JSON.stringify(f.file)})`)
  }
  return m as ShardManifest
}

/**
 * Loads shard `number` of a manifest and checks it: the file is there, its bytes are those the
 * manifest recorded, its content digest holds (`loadMasterIndex`), and it is shard `number` of
 * this build with the statistics the manifest recorded. Every refusal names the file.
 *
 * @example
 * const shard = loadShard('master.shards.json', readShardManifest('master.shards.json'), 0)
 */
export function loadShard(manifestPath: string, manifest: ShardManifest, number: number): MasterIndex {
  const entry = manifest.files[number]
  if (!entry) throw new InvalidInputError(`${manifestPath}: no shard ${number} (the build has ${manifest.shards})`)
  const path = join(dirname(manifestPath), entry.file)
  if (!existsSync(path)) throw new InvalidInputError(`shard ${number} of ${manifestPath} is missing: there is no file ${path}`)
  // The header first: a shard of another build is named as such, not as a mere mismatch of bytes.
  const shard = loadMasterIndex(path)
  const meta = shard.meta.shard
  if (!meta || meta.number !== number || meta.of !== manifest.shards || meta.masterDigest !== manifest.masterDigest || shard.digest !== entry.digest) {
    const what = meta ? `shard ${meta.number} of ${meta.of} of the build ${meta.masterDigest}` : 'a whole index, not a shard'
    throw new IntegrityError(`${path} is ${what}; the manifest ${manifestPath} expects shard ${number} of ${manifest.shards} of the build ${manifest.masterDigest}`)
  }
  const sha = fileSha256(path)
  if (sha !== entry.sha256) throw new IntegrityError(`${path}: the shard file's SHA-256 is ${sha}, but the manifest ${manifestPath} records ${entry.sha256}`)
  const statistics = statisticsDigest(shard)
  if (statistics !== manifest.statistics.digest) throw new IntegrityError(`${path}: its whole-master statistics digest is ${statistics}, but the manifest ${manifestPath} records ${manifest.statistics.digest}`)
  return shard
}
