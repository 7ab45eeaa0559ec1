/**
 * Safe HTML building for the reports: every interpolated value is escaped unless it is already
 * `SafeHtml` (built by `html` itself, or an SVG from the chart renderer). Reason sentences,
 * party names and labels come from documents and files the holder does not control, so nothing
 * reaches the page unescaped.
 */

/** A fragment of HTML that is already safe to place in a page. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

/** A value `html` accepts: text (escaped), safe HTML, numbers, nothing, or a list of these. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[]

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * Escapes text for HTML content and quoted attribute values.
 *
 * @example
 * escapeHtml('<b class="x">') // '&lt;b class=&quot;x&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map((v: HtmlValue) => render(v)).join('')
  return escapeHtml(String(value))
}

/**
 * A tagged template that escapes every interpolated value (arrays are joined).
 *
 * @example
 * html`<td>${'<script>'}</td>`.value // '<td>&lt;script&gt;</td>'
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '')
  return new SafeHtml(out)
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** A count with thousands separators: `1,280,000`. */
export function formatCount(n: number): string {
  return COUNT.format(n)
}

/** A share as a percentage with one decimal (two below 1%): `3.7%`; `–` when the whole is 0. */
export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return '–'
  const p = (100 * part) / whole
  const digits = p !== 0 && Math.abs(p) < 1 ? 2 : 1
  return `${p.toFixed(digits)}%`
}

/** An ISO 8601 time as `2025-08-07 14:03:05 UTC` (reports are read across time zones; UTC only). */
export function formatTime(iso: string): string {
  const ms = Date.parse(iso)
  if (!Number.isFinite(ms)) return iso
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/** A duration in milliseconds as `2 min 41 s`, `850 ms` or `1 h 05 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–'
  if (ms < 1000) return `${Math.round(ms)} ms`
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`
}

/**
 * A code (reason code, field or level name) in monospace that may wrap only after its underscores.
 *
 * @example
 * codeText('MATCH_NONE').value // '<span class="code">MATCH_<wbr>NONE</span>'
 */
export function codeText(code: string): SafeHtml {
  return new SafeHtml(`<span class="code">${code.split('_').map(escapeHtml).join('_<wbr>')}</span>`)
}

/** A digest shortened to its first 16 hex digits, the whole of it in the tooltip: `sha256:3f1c9a0d7e52b84c…`. */
export function shortDigest(digest: string): SafeHtml {
  const short = digest.length > 23 ? `${digest.slice(0, 23)}…` : digest
  return html`<span class="digest" title="${digest}">${short}</span>`
}

/** A column of a data table; numeric columns are right-aligned with tabular figures. */
export interface Column {
  readonly label: string
  readonly numeric?: boolean
  /** Keep the cells on one line (times, short ids). */
  readonly nowrap?: boolean
}

/**
 * A data table with a caption and header cells scoped to their columns. The first cell of each
 * row is its row header.
 */
export function dataTable(caption: string, columns: readonly Column[], rows: readonly (readonly HtmlValue[])[]): SafeHtml {
  const cls = (c: Column | undefined) => (c?.numeric ? ' class="num"' : c?.nowrap ? ' class="nowrap"' : '')
  const head = columns.map((c) => html`<th scope="col"${new SafeHtml(cls(c))}>${c.label}</th>`)
  const body = rows.map(
    (row) =>
      html`<tr>${row.map((cell, i) =>
        i === 0 ? html`<th scope="row"${new SafeHtml(cls(columns[i]))}>${cell}</th>` : html`<td${new SafeHtml(cls(columns[i]))}>${cell}</td>`,
      )}</tr>`,
  )
  return html`<table><caption>${caption}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`
}

/** A definition list of facts (label → value), in two columns unless `wide` (for long values like digests). */
export function factList(facts: readonly (readonly [string, HtmlValue])[], wide = false): SafeHtml {
  return html`<dl class="facts${wide ? ' wide' : ''}">${facts.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`
}

/** A headline figure for the summary band. */
export interface KeyFigure {
  readonly label: string
  readonly value: number
  /** A second line, e.g. the share of the requests. */
  readonly note?: string
  /** `alert` for figures that call for action (improper disclosures, overdue notices). */
  readonly tone?: 'plain' | 'good' | 'alert'
}

/** The band of headline figures at the top of a report. */
export function keyFigures(figures: readonly KeyFigure[]): SafeHtml {
  return html`<ul class="figures" role="list">${figures.map(
    (f) =>
      html`<li class="figure ${f.tone ?? 'plain'}"><span class="figure-label">${f.label}</span><span class="figure-value">${formatCount(f.value)}</span>${
        f.note ? html`<span class="figure-note">${f.note}</span>` : ''
      }</li>`,
  )}</ul>`
}

/** A section of the report, with an id for the contents and a heading. */
export interface Section {
  readonly id: string
  readonly title: string
  readonly body: SafeHtml
}

/** What the page shell needs. */
export interface PageParts {
  /** The document title (also the tab and PDF title). */
  readonly title: string
  /** Small text above the heading, e.g. `Verigate · Batch report`. */
  readonly kicker: string
  /** The visible heading. */
  readonly heading: string
  /** One line of context under the heading. */
  readonly lede: HtmlValue
  /** The summary, shown before the contents. */
  readonly summary: SafeHtml
  readonly sections: readonly Section[]
  /** The footer line. */
  readonly footer: HtmlValue
}

/**
 * The whole page: one self-contained document with inline CSS and no scripts, fonts, images or
 * links outside it, readable on screen and printable on A4 or US Letter.
 */
export function page(parts: PageParts): string {
  const nav = html`<nav aria-label="Contents" class="contents"><h2 class="contents-title">Contents</h2><ol>${parts.sections.map(
    (s) => html`<li><a href="#${s.id}">${s.title}</a></li>`,
  )}</ol></nav>`
  const sections = parts.sections.map(
    (s) => html`<section id="${s.id}" aria-labelledby="${s.id}-h"><h2 id="${s.id}-h">${s.title}</h2>${s.body}</section>`,
  )
  return `<!DOCTYPE html>\n${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light"><title>${parts.title}</title><style>${new SafeHtml(PAGE_STYLE)}</style></head><body><header class="masthead" role="banner"><p class="kicker">${parts.kicker}</p><h1>${parts.heading}</h1><p class="lede">${parts.lede}</p></header><main><section id="summary" aria-labelledby="summary-h" class="summary"><h2 id="summary-h">Summary</h2>${parts.summary}</section>${nav}${sections}</main><footer role="contentinfo"><p>${parts.footer}</p></footer></body></html>`.value}\n`
}

/**
 * The page's CSS: system fonts only, tabular figures, WCAG AA contrast (body text #1b1f24 on white
 * is 16:1, muted text #4a5360 is 7.6:1), and a print stylesheet with a page break before each
 * section.
 */
export const PAGE_STYLE = `
:root{--ink:#1b1f24;--muted:#4a5360;--rule:#d5d9de;--band:#f4f6f8;--accent:#1f4e8c;--good:#1e6b3a;--alert:#a3261d}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#fff;color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","Liberation Sans",Arial,sans-serif}
header.masthead,main,footer{max-width:800px;margin:0 auto;padding:0 32px}
header.masthead{padding-top:28px;padding-bottom:16px;border-bottom:3px solid var(--accent)}
.kicker{margin:0;color:var(--accent);font-size:12px;font-weight:600;letter-spacing:.08em;text-transform:uppercase}
h1{margin:4px 0 6px;font-size:26px;line-height:1.2;font-weight:700;overflow-wrap:anywhere}
.lede{margin:0;color:var(--muted)}
h2{margin:0 0 12px;font-size:19px;line-height:1.3;padding-bottom:6px;border-bottom:1px solid var(--rule)}
h3{margin:20px 0 8px;font-size:15px}
section{padding:22px 0 8px}
p{margin:0 0 10px;max-width:70ch}
.figures{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:10px;margin:0 0 16px;padding:0;list-style:none}
.figure{background:var(--band);border-left:4px solid var(--muted);padding:10px 12px;border-radius:2px}
.figure.good{border-left-color:var(--good)}
.figure.alert{border-left-color:var(--alert)}
.figure-label{display:block;font-size:12px;color:var(--muted);font-weight:600}
.figure-value{display:block;font-size:23px;font-weight:700;font-variant-numeric:tabular-nums;line-height:1.25}
.figure.alert .figure-value{color:var(--alert)}
.figure-note{display:block;font-size:12px;color:var(--muted)}
.facts{display:grid;grid-template-columns:1fr 1fr;gap:4px 24px;margin:12px 0 0}
.facts.wide{grid-template-columns:1fr}
.facts div{display:grid;grid-template-columns:11em 1fr;gap:8px;padding:3px 0;border-bottom:1px solid #eceff2}
.facts dt{color:var(--muted);font-weight:600;font-size:13px}
.facts dd{margin:0;overflow-wrap:anywhere}
code,.digest{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace;font-size:12px}
.digest{overflow-wrap:anywhere;word-break:break-all}
td code,tbody th code{white-space:nowrap}
.nowrap{white-space:nowrap}
nav.contents{margin:8px 0 0;padding:12px 16px;background:var(--band)}
.contents-title{font-size:13px;border:0;margin:0 0 4px;padding:0;color:var(--muted);text-transform:uppercase;letter-spacing:.06em}
nav.contents ol{margin:0;padding-left:20px;columns:2}
a{color:var(--accent)}
figure{margin:8px 0 14px}
figure .chart{overflow-x:auto}
figure svg{max-width:100%;height:auto;display:block}
figcaption{font-size:12px;color:var(--muted);margin-top:4px;max-width:70ch}
.pair{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:24px;align-items:start}
table{border-collapse:collapse;width:100%;margin:6px 0 16px;font-size:13px}
caption{text-align:left;font-weight:600;padding:0 0 6px;color:var(--ink)}
th,td{padding:5px 8px;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
thead th{border-bottom:2px solid var(--ink);font-size:12px;color:var(--muted)}
tbody th{font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.code,th.code,.code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace;font-size:12px;overflow-wrap:break-word}
.note{color:var(--muted);font-size:13px}
.status{display:inline-block;padding:0 6px;border-radius:2px;font-size:12px;font-weight:600;white-space:nowrap;border:1px solid currentColor}
.status.good{color:var(--good)}
.status.alert{color:var(--alert)}
.status.plain{color:var(--muted)}
.callout{border-left:4px solid var(--alert);background:#fbf1f0;padding:10px 14px;margin:0 0 14px}
.callout.good{border-left-color:var(--good);background:#eef6f0}
footer{padding-top:16px;padding-bottom:32px;color:var(--muted);font-size:12px;border-top:1px solid var(--rule);margin-top:24px}
@media (max-width:640px){.facts,.pair{grid-template-columns:1fr}nav.contents ol{columns:1}}
@page{size:A4;margin:16mm 14mm}
@media print{
  body{font-size:10.5pt}
  header.masthead,main,footer{max-width:none;padding-left:0;padding-right:0}
  nav.contents{display:none}
  section{break-before:page;padding-top:0}
  section.summary{break-before:auto}
  figure,table,.figures,.facts div,.callout{break-inside:avoid}
  h2,h3{break-after:avoid}
  a{color:inherit;text-decoration:none}
  .figure,nav.contents,.callout{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`
