/**
 * The batch pages: every batch with its status, and one batch's counts, outcomes by reason, the
 * match-weight distribution and the intake refusals, drawn with the report layer's chart specs.
 */
import type { Batch } from '../store/index.js'
import type { BatchSummary } from '../workflow/index.js'
import { WEB_PREFIX, shell } from './layout.js'
import { count, html, when } from './markup.js'
import type { Markup } from './markup.js'
import type { WebSession } from './sessions.js'

/** The path of a batch page. */
export function batchPath(batchId: string): string {
  return `${WEB_PREFIX}/batches/${encodeURIComponent(batchId)}`
}

/** The batch list page. */
export function batchListPage(session: WebSession, batches: readonly Batch[]): string {
  const body = html`<h1>Batches</h1><p class="sub">Every batch of requests, newest first.</p>
<section class="card" aria-labelledby="b-h"><h2 id="b-h">${count(batches.length)} batches</h2><div class="scroll"><table><thead><tr><th scope="col">Batch</th><th scope="col">Requester</th><th scope="col">Agreement</th><th scope="col">Status</th><th scope="col" class="num">Requested</th><th scope="col" class="num">Disclosed</th><th scope="col" class="num">In review</th><th scope="col">Updated</th></tr></thead>
<tbody>${[...batches]
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
    .map((b) => {
      const s = b.summary as Partial<BatchSummary> | null
      return html`<tr data-row><td><a class="mono" href="${batchPath(b.id)}">${b.id}</a></td><td>${b.requesterPartyId}</td><td>${b.agreementId} ${b.agreementVersion}</td><td><span class="badge b-${b.status === 'complete' ? 'ok' : 'pending'}">${b.status}</span></td><td class="num">${s?.requested === undefined ? '—' : count(s.requested)}</td><td class="num">${s?.disclosed === undefined ? '—' : count(s.disclosed)}</td><td class="num">${s?.review === undefined ? '—' : count(s.review)}</td><td>${when(b.updatedAt)}</td></tr>`
    })}</tbody></table></div></section>`
  return shell({ title: 'Batches', section: 'batches', session, body })
}

/** What one batch's page shows. */
export interface BatchView {
  readonly session: WebSession
  readonly batch: Batch
  readonly summary: BatchSummary
  /** The charts, already drawn. */
  readonly charts: { readonly outcomes: Markup; readonly weights: Markup; readonly refusals: Markup | null }
}

/** One batch's page. */
export function batchPage(view: BatchView): string {
  const s = view.summary
  const figures: readonly (readonly [string, number])[] = [
    ['requested', s.requested],
    ['refused at intake', s.intake_refused],
    ['matched', s.matched],
    ['possible', s.possible],
    ['ambiguous', s.ambiguous],
    ['no match', s.none],
    ['disclosed', s.disclosed],
    ['withheld', s.withheld],
    ['in review', s.review],
  ]
  const rc = s.review_cases
  const body = html`<p class="sub" style="margin:0"><a href="${WEB_PREFIX}/batches">← Batches</a></p><h1>Batch <code>${view.batch.id}</code></h1>
<p class="sub">${view.batch.requesterPartyId} under ${view.batch.agreementId} ${view.batch.agreementVersion} · <span class="badge b-${view.batch.status === 'complete' ? 'ok' : 'pending'}">${view.batch.status}</span> · updated ${when(view.batch.updatedAt)}</p>
<ul class="figures" aria-label="Counts">${figures.map(([label, n]) => html`<li><span class="n">${count(n)}</span><span class="l">${label}</span></li>`)}</ul>
<section class="card" aria-labelledby="rc-h"><h2 id="rc-h">Review cases</h2><table><thead><tr><th scope="col">Pending</th><th scope="col">Approved</th><th scope="col">Rejected</th><th scope="col">Released</th><th scope="col">Withheld</th></tr></thead><tbody><tr><td>${count(rc.pending)}</td><td>${count(rc.approved)}</td><td>${count(rc.rejected)}</td><td>${count(rc.released)}</td><td>${count(rc.withheld)}</td></tr></tbody></table>
<p><a href="${WEB_PREFIX}/review?state=pending&amp;batch=${encodeURIComponent(view.batch.id)}">Open this batch’s pending cases</a></p></section>
<div class="grid"><section class="card" aria-labelledby="o-h"><h2 id="o-h">Outcomes by reason</h2><figure>${view.charts.outcomes}</figure></section>
<section class="card" aria-labelledby="w-h"><h2 id="w-h">Match-weight distribution</h2><figure>${view.charts.weights}<figcaption>Best-candidate match weights of the accepted requests, in bits.</figcaption></figure></section></div>
<section class="card" aria-labelledby="i-h"><h2 id="i-h">Intake refusals</h2>${view.charts.refusals ? html`<figure>${view.charts.refusals}</figure>` : html`<p>No request was refused at intake.</p>`}</section>
<section class="card" aria-labelledby="a-h"><h2 id="a-h">Answers the requester receives</h2><table><thead><tr><th scope="col">Answer</th><th scope="col" class="num">Requests</th></tr></thead><tbody>${Object.entries(s.answers).map(([code, n]) => html`<tr><td><code>${code}</code></td><td class="num">${count(n)}</td></tr>`)}</tbody></table><p class="hint">${count(s.ledger_entries)} ledger entries record this batch.</p></section>`
  return shell({ title: `Batch ${view.batch.id}`, section: 'batches', session: view.session, body })
}
