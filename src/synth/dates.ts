/**
 * Dates as day numbers (days since 1900-01-01), with the civil-calendar conversions of Howard
 * Hinnant's "chrono-compatible low-level date algorithms", and a table of every ISO date string
 * from 1900 to 2030 so the hot loop never formats a date.
 */

const EPOCH_OFFSET = 693_901 // days from 0000-03-01 to 1900-01-01 in Hinnant's era arithmetic

/** Day number of a civil date (month 1–12). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - EPOCH_OFFSET
}

/** The civil date of a day number. */
export function civilDate(days: number): { readonly year: number; readonly month: number; readonly day: number } {
  const z = days + EPOCH_OFFSET
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

const TABLE_DAYS = dayNumber(2031, 1, 1)
let isoTable: string[] | undefined

/** The ISO 8601 date (YYYY-MM-DD) of a day number from 1900 to 2030. */
export function isoDate(days: number): string {
  if (!isoTable) {
    isoTable = new Array<string>(TABLE_DAYS)
    for (let d = 0; d < TABLE_DAYS; d++) {
      const { year, month, day } = civilDate(d)
      isoTable[d] = `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`
    }
  }
  const text = isoTable[days]
  if (text === undefined) {
    const { year, month, day } = civilDate(days)
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  }
  return text
}

/** The US form MM/DD/YYYY of a civil date. */
export function usDate(year: number, month: number, day: number): string {
  return `${month < 10 ? '0' : ''}${month}/${day < 10 ? '0' : ''}${day}/${year}`
}

/** The ISO form of a civil date. */
export function isoOf(year: number, month: number, day: number): string {
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`
}

/** True when the civil date exists (e.g. not 02-30). */
export function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const { year: y, month: m, day: d } = civilDate(dayNumber(year, month, day))
  return y === year && m === month && d === day
}
