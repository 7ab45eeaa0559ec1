/**
 * Where a batch reaches the link layer: loaded on first use, so that a command that runs no
 * batch never loads the linker. The work the batch's link workers run is the workflow's
 * registered plug-in (`../link-plugins.ts`).
 */
import type * as link from '../../link/index.js'

/** The link layer, loaded once on first use. */
export type LinkLayer = typeof link

let loading: Promise<LinkLayer> | undefined

/** Loads the link layer (once). */
export function loadLink(): Promise<LinkLayer> {
  loading ??= import('../../link/index.js')
  return loading
}

/** The digest of the link model in a file (read and validated as linking will read it). */
export async function digestOfModel(path: string): Promise<string> {
  const { loadModel, modelDigest } = await loadLink()
  return modelDigest(loadModel(path))
}
