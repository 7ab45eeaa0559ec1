/**
 * Safe HTML for the pages: every interpolated value is escaped (with the report layer's
 * `escapeHtml`) unless it is already `Markup`, built by `html` itself or an SVG from the chart
 * renderer. Names, addresses and reason sentences come from files the holder does not control,
 * so nothing reaches a page unescaped.
 */
import { escapeHtml } from '../report/index.js'

/** A fragment of HTML that is safe to place in a page. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

/** What `html` accepts: text (escaped), markup, numbers, nothing, or a list of these. */
export type MarkupValue = string | number | Markup | null | undefined | false | readonly MarkupValue[]

function render(value: MarkupValue): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof Markup) return value.value
  if (Array.isArray(value)) return value.map((v: MarkupValue) => render(v)).join('')
  return escapeHtml(String(value))
}

/**
 * A tagged template that escapes every interpolated value.
 *
 * @example
 * html`<td>${'<b>'}</td>`.value // '<td>&lt;b&gt;</td>'
 */
export function html(strings: TemplateStringsArray, ...values: readonly MarkupValue[]): Markup {
  let out = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '')
  return new Markup(out)
}

/** Trusts a string as markup (only for SVG the chart renderer drew). */
export function trusted(value: string): Markup {
  return new Markup(value)
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** A count with thousands separators. */
export function count(n: number): string {
  return COUNT.format(n)
}

/** A weight in bits with a sign: `+7.20`, `−1.05`. */
export function bits(w: number): string {
  return `${w < 0 ? '−' : '+'}${Math.abs(w).toFixed(2)}`
}

/** An ISO time as `2025-08-07 12:00 UTC`. */
export function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}
