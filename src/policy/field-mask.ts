/**
 * Disclosable fields as bits of one number (core's DISCLOSABLE_FIELDS order), so that permitting,
 * forbidding and releasing fields are single bit operations in the hot path of `decide`.
 */
import { DISCLOSABLE_FIELDS, expandDisclosureItem } from '../core/index.js'
import type { DisclosableField, DisclosureItem } from '../core/index.js'

/** Each disclosable field's bit. */
export const FIELD_BIT = new Map<string, number>(DISCLOSABLE_FIELDS.map((f, i) => [f, 1 << i]))
/** Every disclosable field. */
export const ALL_FIELDS = (1 << DISCLOSABLE_FIELDS.length) - 1

/** The bit mask of a disclosure item (a group or a field). */
export function maskOf(items: readonly DisclosureItem[]): number {
  let mask = 0
  for (const item of items) for (const f of expandDisclosureItem(item)) mask |= FIELD_BIT.get(f) ?? 0
  return mask
}

/** The `address` group. */
export const ADDRESS_MASK = maskOf(['address'])
const fieldLists = new Map<number, readonly DisclosableField[]>()

/** The fields of a mask in canonical order, as a shared frozen array. */
export function fieldsOf(mask: number): readonly DisclosableField[] {
  let list = fieldLists.get(mask)
  if (list === undefined) {
    list = Object.freeze(DISCLOSABLE_FIELDS.filter((_, i) => (mask & (1 << i)) !== 0))
    fieldLists.set(mask, list)
  }
  return list
}

/** Describes a mask in words, using groups where whole: `address fields` or `dob, tin`. */
export function describeMask(mask: number): string {
  const parts: string[] = []
  let rest = mask
  if ((rest & ADDRESS_MASK) === ADDRESS_MASK) {
    parts.push('address')
    rest &= ~ADDRESS_MASK
  }
  const nameMask = maskOf(['name'])
  if ((rest & nameMask) === nameMask) {
    parts.push('name')
    rest &= ~nameMask
  }
  parts.push(...fieldsOf(rest))
  return parts.join(', ')
}
