/**
 * Pseudonyms for the people ledger entries are about. A pseudonym is HMAC-SHA-256 under a
 * secret only the holder keeps (beside its signing key, never in the ledger), so the ledger and
 * its proofs can be handed to an overseer without anyone's identity, while the holder can still
 * answer "every disclosure about this person" (the Privacy Act accounting of disclosures,
 * 5 U.S.C. 552a(c)) by computing the same pseudonym from the person's identifiers. A keyed hash,
 * not a plain one: TINs are nine digits, so an unkeyed hash could be reversed by trying them all.
 */
import { createHmac } from 'node:crypto'
import type { Pseudonym } from '../core/index.js'
import { InvalidInputError } from '../core/index.js'

/** How a person is identified at the holder: by TIN (digits) or, lacking one, by master record id. */
export interface SubjectIdentifier {
  readonly scheme: 'tin' | 'master_id'
  readonly value: string
}

/** Domain separation, so these HMACs can never collide with another use of the secret. */
const CONTEXT = 'verigate-subject/1'

/**
 * The pseudonym of a person. A TIN is reduced to its digits first, so `123-45-6789` and
 * `123456789` give the same pseudonym.
 *
 * @example
 * pseudonymize(secret, { scheme: 'tin', value: '123-45-6789' }) // 'pn:…' (64 hex digits)
 */
export function pseudonymize(holderSecret: Uint8Array, subject: SubjectIdentifier): Pseudonym {
  if (holderSecret.length < 32) throw new InvalidInputError('the holder secret is at least 32 bytes')
  const value = subject.scheme === 'tin' ? subject.value.replace(/\D/g, '') : subject.value.trim()
  if (value === '') throw new InvalidInputError(`a ${subject.scheme} to pseudonymize is empty`)
  const mac = createHmac('sha256', holderSecret).update(`${CONTEXT}\n${subject.scheme}\n${value}`, 'utf8').digest('hex')
  return `pn:${mac}`
}
