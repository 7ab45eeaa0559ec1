/**
 * Who acts (issue 15, identity): a person acts through a credential of their own on every face —
 * the API's bearer key, the pages' session, the CLI's key file — and each face resolves it here,
 * against the store, on every act. A credential may act when it is not revoked, its role is one
 * Verigate knows and fits its party's kind (`roleFitsParty`), and it names a person; anything
 * else (a revoked key, a requester's "supervisor" key written straight into the database) is
 * refused at use, whatever was checked when it was created.
 */
import { VerigateError, isApiRole, parseApiKey, personNameProblem, roleMisfit, verifyApiKey } from '../core/index.js'
import type { ApiRole, PartyKind } from '../core/index.js'
import type { CredentialOfParty, Store } from '../store/index.js'

/** A person acting through a credential, as a face resolved it. */
export interface Actor {
  /** The credential's id (the key's own name). */
  readonly credentialId: string
  readonly partyId: string
  readonly partyKind: PartyKind
  readonly role: ApiRole
  /** The person who holds the credential: the name their acts are recorded under. */
  readonly person: string
}

/** A credential that may not act: unauthenticated (no such live key) or forbidden (a key that does not fit). */
export class CredentialRefusedError extends VerigateError {
  constructor(code: 'unauthenticated' | 'forbidden', message: string) {
    super(code, message)
    this.name = 'CredentialRefusedError'
  }
}

/**
 * Why a stored credential may not act now; undefined when it may. Checked at every use, so a row
 * that create-time checks never saw (written by an intruder with the database) is refused too.
 */
export function credentialRefusal(credential: CredentialOfParty): { readonly code: 'unauthenticated' | 'forbidden'; readonly message: string } | undefined {
  if (credential.revokedAt !== null) return { code: 'unauthenticated', message: `key ${credential.id} has been revoked` }
  if (!isApiRole(credential.role)) return { code: 'forbidden', message: `key ${credential.id} has a role Verigate does not know (${JSON.stringify(credential.role)})` }
  const misfit = roleMisfit(credential.role, { id: credential.partyId, kind: credential.partyKind })
  if (misfit) return { code: 'forbidden', message: `key ${credential.id} may not act: ${misfit}` }
  const problem = personNameProblem(credential.person)
  if (problem) return { code: 'forbidden', message: `key ${credential.id} names no valid person: ${problem}` }
  return undefined
}

/** The actor of a credential that may act; throws `CredentialRefusedError` otherwise. */
export function actorOf(credential: CredentialOfParty): Actor {
  const refusal = credentialRefusal(credential)
  if (refusal) throw new CredentialRefusedError(refusal.code, refusal.message)
  return { credentialId: credential.id, partyId: credential.partyId, partyKind: credential.partyKind as PartyKind, role: credential.role as ApiRole, person: credential.person.normalize('NFKC').trim() }
}

/**
 * Finds the live credential of a key in the store and checks it may act (the slow hash is
 * checked against each active credential of the key's prefix).
 *
 * @example
 * const actor = await authenticateKey(store, readFileSync('alice.key', 'utf8').trim())
 * actor.person // 'alice'
 */
export async function authenticateKey(store: Store, key: string): Promise<Actor> {
  const parts = parseApiKey(key.trim())
  if (!parts) throw new CredentialRefusedError('unauthenticated', 'the credential is not a Verigate API key (vg_<prefix>_<secret>)')
  for (const credential of await store.parties.activeCredentials(parts.prefix)) {
    if (await verifyApiKey(key.trim(), credential.keyHash)) return actorOf(credential)
  }
  throw new CredentialRefusedError('unauthenticated', 'the API key is unknown or has been revoked')
}

/**
 * Checks, in one indexed read, that a credential a session or a cached key stands for may still
 * act in the role it was opened with: revoked since, or its row changed (another role, another
 * party kind), it may not.
 */
export async function recheckCredential(store: Store, credentialId: string, role: ApiRole): Promise<Actor> {
  const credential = await store.parties.credential(credentialId)
  if (!credential) throw new CredentialRefusedError('unauthenticated', `key ${credentialId} no longer exists`)
  const actor = actorOf(credential)
  if (actor.role !== role) throw new CredentialRefusedError('forbidden', `key ${credentialId} now acts as ${actor.role}, not ${role}`)
  return actor
}

/**
 * Refuses (forbidden) an actor whose role is not among those a step allows, naming them.
 *
 * @example
 * requireRole(actor, ['reviewer', 'supervisor'], 'review a case')
 */
export function requireRole(actor: Actor, roles: readonly ApiRole[], what: string): void {
  if (!roles.includes(actor.role)) throw new CredentialRefusedError('forbidden', `${actor.person} (key ${actor.credentialId}, ${actor.role} of ${actor.partyId}) may not ${what}: that needs a ${roles.join(' or ')} key of the holder`)
}
