/**
 * Pieces both reports use: a chart figure, reason tables and the ledger checkpoint section.
 */
import type { TopLevelSpec } from 'vega-lite'
import type { DocumentRef } from '../core/index.js'
import { SafeHtml, codeText, dataTable, factList, formatCount, formatPercent, formatTime, html, shortDigest } from './html.js'
import type { HtmlValue } from './html.js'
import { renderChartSvg } from './render-chart.js'
import type { CheckpointSummary, ReasonCount } from './report-types.js'

/** A chart as a figure: the accessible SVG and a caption below it. */
export async function chartFigure(spec: TopLevelSpec, id: string, title: string, description: string, warnings?: string[]): Promise<SafeHtml> {
  const svg = await renderChartSvg(spec, { id, title, description }, warnings ? { warnings } : {})
  // The SVG comes from Vega's SVG renderer, which escapes every text and attribute it writes.
  return html`<figure><div class="chart">${new SafeHtml(svg)}</div><figcaption>${description}</figcaption></figure>`
}

/** A table of reason counts: code, sentence, count and share of `whole`. */
export function reasonTable(caption: string, rows: readonly ReasonCount[], measure: string, whole: number, wholeName: string): SafeHtml {
  return dataTable(
    caption,
    [{ label: 'Code' }, { label: 'Meaning' }, { label: measure, numeric: true }, { label: `Share of ${wholeName}`, numeric: true }],
    rows.map((r) => [codeText(r.code), r.message, formatCount(r.count), formatPercent(r.count, whole)]),
  )
}

/** Reason counts, largest first, ties by code (a stable order for tables and charts). */
export function byCountDescending<T extends { readonly count: number; readonly code: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
}

/** A document reference as `id v1.2` and its digest (shortened with `short`, for tables). */
export function documentLine(ref: DocumentRef, short = false): SafeHtml {
  const name = `${ref.id}${ref.version ? ` v${ref.version}` : ''}`
  return short ? html`${name}<br>${shortDigest(ref.digest)}` : html`${name} <span class="digest">${ref.digest}</span>`
}

/** A list of documents, or `None`. */
export function documentList(refs: readonly DocumentRef[]): HtmlValue {
  if (refs.length === 0) return 'None'
  return refs.map((r, i) => html`${i > 0 ? html`<br>` : ''}${documentLine(r)}`)
}

/** The ledger checkpoint section's body. */
export function checkpointBody(checkpoint: CheckpointSummary | null, when: string): SafeHtml {
  if (!checkpoint) return html`<p class="note">No ledger checkpoint was taken ${when}.</p>`
  return html`<p>The ledger's signed tree head ${when}. Anyone holding the holder's public key can check that every entry counted here is in the ledger, unchanged (RFC 6962 inclusion and consistency proofs), with <code>verigate ledger verify-proof</code>; keep a copy of this checkpoint outside the holder's control.</p>${factList(
    [
      ['Entries (tree size)', formatCount(checkpoint.treeSize)],
      ['Time', formatTime(checkpoint.time)],
      ['Root hash', html`<span class="digest">${checkpoint.rootHash}</span>`],
      ['Key id', html`<span class="digest">${checkpoint.keyId}</span>`],
      ['Signature (Ed25519)', html`<span class="digest">${checkpoint.signature}</span>`],
    ],
    true,
  )}`
}
