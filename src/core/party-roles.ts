/**
 * Which roles a party's credentials may act in, and how people are named (issue 15, identity).
 * A role is an office of one kind of party: a requesting agency submits and reads its own
 * batches; the holder's staff analyse, review, supervise and administer; an overseer oversees.
 * A key whose role does not fit its party (a requester's "supervisor") could review and release
 * the requester's own cases, so the fit is checked when the key is created and again each time
 * it is used (a row an intruder writes straight into the database is refused at use).
 *
 * People are named by credentials. Names compare case-insensitively, so "alice" and "ALICE" are
 * one person: the two-person rule counts people, not spellings.
 */
import type { ApiRole } from './api-key.js'

/** What a party is. */
export const PARTY_KINDS = ['holder', 'requester', 'overseer'] as const
export type PartyKind = (typeof PARTY_KINDS)[number]

/** True when `value` names a party kind. */
export function isPartyKind(value: string): value is PartyKind {
  return (PARTY_KINDS as readonly string[]).includes(value)
}

/** The roles each kind of party may hold (analysts are the holder's staff). */
export const ROLES_OF_KIND: Readonly<Record<PartyKind, readonly ApiRole[]>> = {
  requester: ['requester'],
  holder: ['analyst', 'reviewer', 'supervisor', 'admin'],
  overseer: ['overseer'],
}

/**
 * True when a credential of a party of this kind may act in this role; false for an unknown
 * kind or role (a tampered row).
 *
 * @example
 * roleFitsParty('supervisor', 'requester') // false
 * roleFitsParty('reviewer', 'holder') // true
 */
export function roleFitsParty(role: string, kind: string): boolean {
  return isPartyKind(kind) && (ROLES_OF_KIND[kind] as readonly string[]).includes(role)
}

/**
 * Why a role does not fit a party, in words; undefined when it fits.
 *
 * @example
 * roleMisfit('supervisor', { id: 'dhs-ice', kind: 'requester' })
 * // 'dhs-ice is a requester party: its keys may act only as requester, not supervisor'
 */
export function roleMisfit(role: string, party: { readonly id: string; readonly kind: string }): string | undefined {
  if (roleFitsParty(role, party.kind)) return undefined
  if (!isPartyKind(party.kind)) return `${party.id} is of an unknown kind (${JSON.stringify(party.kind)}): its keys may act in no role`
  return `${party.id} is a ${party.kind} party: its keys may act only as ${ROLES_OF_KIND[party.kind].join(', ')}, not ${role}`
}

/** What a person's name may be: letters, digits, spaces, '.', '_', '@', '\'' or '-', 1 to 64 characters, starting with a letter or digit. */
const PERSON_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._@'-]{0,63}$/u

/**
 * The name a person is compared by: Unicode-normalised (NFKC, so look-alike compositions are
 * one name), lower-cased, inner spaces collapsed.
 *
 * @example
 * personKey(' Alice ') === personKey('ALICE') // true
 */
export function personKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()
}

/** True when two names name one person. */
export function samePerson(a: string, b: string): boolean {
  return personKey(a) === personKey(b)
}

/** The distinct people among names, each in its first spelling. */
export function distinctPeople(names: readonly string[]): string[] {
  const seen = new Map<string, string>()
  for (const name of names) if (!seen.has(personKey(name))) seen.set(personKey(name), name)
  return [...seen.values()]
}

/** Why a name cannot name a person; undefined when it can. */
export function personNameProblem(name: string): string | undefined {
  const n = name.normalize('NFKC').trim()
  if (n === '') return 'a person’s name is empty'
  if (!PERSON_PATTERN.test(n)) return `${JSON.stringify(name)} is not a person’s name: expected 1 to 64 letters, digits, spaces, '.', '_', '@', ''' or '-', starting with a letter or digit`
  return undefined
}
