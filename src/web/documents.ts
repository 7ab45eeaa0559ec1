/**
 * The agreements and court orders the store has recorded, each with its versions and, between
 * consecutive versions, the changes in plain words (`diffPolicies`), so an overseer sees what a
 * new version changed without reading two YAML files side by side.
 */
import { diffPolicies, parsePolicyDocument } from '../policy/index.js'
import type { PolicyChange } from '../policy/index.js'
import type { DocumentVersion, ReadStore } from '../store/index.js'

/** One version of a document, with what changed since the version before it. */
export interface DocumentVersionView {
  readonly version: string
  readonly digest: string
  readonly effectiveFrom: string
  readonly effectiveUntil: string | null
  readonly recordedAt: string
  /** The changes from the previous version; null for the first version (or one that cannot be read). */
  readonly changes: readonly PolicyChange[] | null
}

/** A document and its versions, newest first. */
export interface DocumentHistory {
  readonly kind: 'agreement' | 'order'
  readonly id: string
  readonly versions: readonly DocumentVersionView[]
}

function parsed(v: DocumentVersion) {
  const r = parsePolicyDocument(v.document, `${v.id} ${v.version}`)
  return r.ok ? r.value : undefined
}

async function historiesOf(kind: DocumentHistory['kind'], facade: ReadStore['agreements']): Promise<DocumentHistory[]> {
  const out: DocumentHistory[] = []
  for (const latest of await facade.latest()) {
    const versions = await facade.versions(latest.id)
    const views: DocumentVersionView[] = versions.map((v, i) => {
      const before = i > 0 ? parsed(versions[i - 1]!) : undefined
      const after = parsed(v)
      return {
        version: v.version,
        digest: v.digest,
        effectiveFrom: v.effectiveFrom,
        effectiveUntil: v.effectiveUntil,
        recordedAt: v.recordedAt,
        changes: before && after ? diffPolicies(before, after) : null,
      }
    })
    out.push({ kind, id: latest.id, versions: views.reverse() })
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/**
 * Every agreement and order with its versions and plain-words changes.
 *
 * @example
 * const docs = await documentHistories(store)
 * docs[0]?.versions[0]?.changes?.[0]?.message // 'the match weight standard raised from 8 to 12 bits'
 */
export async function documentHistories(store: ReadStore): Promise<readonly DocumentHistory[]> {
  return [...(await historiesOf('agreement', store.agreements)), ...(await historiesOf('order', store.orders))]
}
