/**
 * Where the workflow reaches the link layer, in one place. The layer is loaded on first use
 * (`loadLink`), so that a command that links nothing never loads the linker. And the workflow's
 * plug-ins into it: the work a link worker does above linking (a worker can be given no
 * function, only a module to import by URL). Each entry names its module here, with the types of
 * the data its workers get, what goes with each chunk and what a chunk gives back, so the pool
 * that runs it is type-checked against it and the dependency workflow → link → (plug-in module in
 * workflow) can be read from these imports.
 */
import type * as link from '../link/index.js'
import type { ChunkWorkPlugin, ChunkWorkUse } from '../link/index.js'
import type { MatchChunkData, MatchChunkExtra, MatchedChunk } from './match-chunk.js'

/** A plug-in of the given types whose module is at `module`. */
function plugin<Data, Extra, Result>(name: string, module: URL): ChunkWorkPlugin<Data, Extra, Result> {
  return { name, module: module.href }
}

/** The workflow's link plug-ins. */
export const LINK_PLUGINS = {
  /** A batch's link workers: standardize, check at intake, link, decide and encode each request (`./match-chunk.ts`). */
  matchChunk: plugin<MatchChunkData, MatchChunkExtra, MatchedChunk>('match-chunk', new URL('./match-chunk.js', import.meta.url)),
} as const

/** The match chunk work with a batch's data: what a batch's link pool is opened with. */
export function matchChunkWork(data: MatchChunkData): ChunkWorkUse<MatchChunkData, MatchChunkExtra, MatchedChunk> {
  return { plugin: LINK_PLUGINS.matchChunk, data }
}

/** The link layer, loaded once on first use. */
export type LinkLayer = typeof link

let loading: Promise<LinkLayer> | undefined

/** Loads the link layer (once). */
export function loadLink(): Promise<LinkLayer> {
  loading ??= import('../link/index.js')
  return loading
}

/** The digest of the link model in a file (read and validated as linking will read it). */
export async function digestOfModel(path: string): Promise<string> {
  const { loadModel, modelDigest } = await loadLink()
  return modelDigest(loadModel(path))
}
