/**
 * The demo's people: the holder's two reviewers and its supervisor, each given a key of their
 * own, and acting as the person the store resolves from that key, as every face makes people act
 * (the keys are made for the run and never shown: the demo needs no one to sign in later).
 */
import { hashApiKey, newApiKey } from '../core/index.js'
import type { ApiRole } from '../core/index.js'
import type { Store } from '../store/index.js'
import { authenticateKey } from './identity.js'
import type { Actor } from './identity.js'

/** The holder the demo's people work for (the agreements' disclosing party). */
export const DEMO_HOLDER = { id: 'irs', name: 'Internal Revenue Service' } as const
/** The two demo reviewers. */
export const DEMO_REVIEWERS = ['reviewer-ana', 'reviewer-ben'] as const
/** The demo supervisor, who releases the reviewed cases. */
export const DEMO_SUPERVISOR = 'supervisor-cy'

/** The demo's people, resolved from their keys. */
export interface DemoPeople {
  readonly reviewers: readonly [Actor, Actor]
  readonly supervisor: Actor
}

/**
 * Adds the holder (when the store lacks it) and a key for each demo person, and returns the
 * people as their keys authenticate.
 *
 * @example
 * const { reviewers: [ana, ben], supervisor } = await demoPeople(store, new Date().toISOString())
 */
export async function demoPeople(store: Store, at: string): Promise<DemoPeople> {
  if (!(await store.parties.get(DEMO_HOLDER.id))) await store.parties.add({ ...DEMO_HOLDER, kind: 'holder', createdAt: at })
  const actorFor = async (person: string, role: ApiRole): Promise<Actor> => {
    const { key, prefix } = newApiKey()
    await store.parties.addCredential({ id: `${person}-${prefix}`, partyId: DEMO_HOLDER.id, role, person, keyPrefix: prefix, keyHash: await hashApiKey(key), createdAt: at })
    return authenticateKey(store, key)
  }
  const [ana, ben, supervisor] = await Promise.all([actorFor(DEMO_REVIEWERS[0], 'reviewer'), actorFor(DEMO_REVIEWERS[1], 'reviewer'), actorFor(DEMO_SUPERVISOR, 'supervisor')])
  return { reviewers: [ana!, ben!], supervisor: supervisor! }
}
