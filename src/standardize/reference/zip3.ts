/** ZIP prefix (first three digits) → the states whose ZCTAs use it. */
import { ZIP3_STATES } from './zip3-data.js'

const table: ReadonlyMap<string, readonly string[]> = new Map(
  ZIP3_STATES.split(' ').map((entry) => {
    const [zip3 = '', states = ''] = entry.split(':')
    return [zip3, Object.freeze(states.split('/'))] as const
  }),
)

/** The states listed for a ZIP's first three digits, or undefined when the prefix is not in the table. */
export function statesOfZip(zip: string): readonly string[] | undefined {
  return table.get(zip.slice(0, 3))
}
