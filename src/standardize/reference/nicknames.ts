/**
 * Nickname groups: the English table (carltonnorthern/nicknames) followed by the hand-made
 * Spanish hypocorisms, then the hand-made additions of both (diminutive-additions.ts). A group is a canonical name with its nicknames; two given names are
 * nickname-equivalent when they share a group.
 */
import { ENGLISH_NICKNAME_GROUPS } from './nickname-data.js'
import { SPANISH_NICKNAME_GROUPS } from './spanish-nicknames.js'
import { DIMINUTIVE_ADDITION_GROUPS } from './diminutive-additions.js'

const EMPTY: readonly number[] = Object.freeze([])

function buildIndex(): ReadonlyMap<string, readonly number[]> {
  const index = new Map<string, number[]>()
  const lines = `${ENGLISH_NICKNAME_GROUPS}\n${SPANISH_NICKNAME_GROUPS}\n${DIMINUTIVE_ADDITION_GROUPS}`.split('\n')
  lines.forEach((line, id) => {
    const [canonical = '', forms = ''] = line.split(':')
    for (const name of [canonical, ...forms.split(',')]) {
      if (name === '') continue
      const ids = index.get(name) ?? []
      if (!ids.includes(id)) ids.push(id)
      index.set(name, ids)
    }
  })
  for (const ids of index.values()) Object.freeze(ids)
  return index
}

let index: ReadonlyMap<string, readonly number[]> | undefined

/** Ids of the nickname groups an upper-case given name belongs to (empty if none). */
export function groupsOf(given: string): readonly number[] {
  index ??= buildIndex()
  return index.get(given) ?? EMPTY
}
