/** Nickname equivalence of standardized given names. */
import { groupsOf } from '../reference/index.js'
import { foldName } from '../text/index.js'

/**
 * Ids of the nickname groups a standardized given name belongs to (empty if none). Groups come
 * from the English table (a canonical name and its nicknames) and the Spanish hypocorisms;
 * ids are stable for one version of the tables.
 *
 * @example
 * nicknameGroups('BILL').length > 0 // true
 */
export function nicknameGroups(given: string): readonly number[] {
  const ids = groupsOf(given)
  if (ids.length > 0) return ids
  const folded = foldName(given)
  return folded === given ? ids : groupsOf(folded)
}

/**
 * True when two standardized given names are the same or share a nickname group.
 *
 * @example
 * areNicknames('WILLIAM', 'BILL') // true
 * areNicknames('JOSE', 'PEPE')    // true
 * areNicknames('JOHN', 'MARY')    // false
 */
export function areNicknames(a: string, b: string): boolean {
  if (a === b) return a !== ''
  const ga = nicknameGroups(a)
  if (ga.length === 0) return false
  const gb = nicknameGroups(b)
  for (const id of ga) if (gb.includes(id)) return true
  return false
}
