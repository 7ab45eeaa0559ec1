/**
 * The review queue and one review case: the request and the candidate master record side by
 * side, field by field, with each comparison level and its partial weight, the waterfall of the
 * match weight, the rivals, the rules that sent the case to people, and the approve and reject
 * forms (a reason is required; a second approver where the decision asks for two).
 */
import { samePerson } from '../core/index.js'
import type { Candidate, CanonicalRecord, ComparedField, FieldComparison, MatchResult } from '../core/index.js'
import { standardizeName } from '../standardize/index.js'
import type { ReviewCase, ReviewCaseDetail } from '../workflow/index.js'
import { WEB_PREFIX, shell } from './layout.js'
import { bits, count, html, when } from './markup.js'
import type { Markup, MarkupValue } from './markup.js'
import type { WebSession } from './sessions.js'

/** Cases per page of the queue. */
export const QUEUE_PAGE_SIZE = 50

/** The path of a case page. */
export function casePath(batchId: string, requestId: string): string {
  return `${WEB_PREFIX}/review/${encodeURIComponent(batchId)}/${encodeURIComponent(requestId)}`
}

function stateBadge(state: string): Markup {
  return html`<span class="badge b-${state}">${state}</span>`
}

/** What the queue page shows. */
export interface QueueView {
  readonly session: WebSession
  readonly cases: readonly ReviewCase[]
  /** Cases in the filter, all pages. */
  readonly total: number
  readonly page: number
  readonly state: string
  readonly batch: string | undefined
}

function queueHref(view: QueueView, page: number): string {
  const q = new URLSearchParams({ state: view.state, page: String(page) })
  if (view.batch) q.set('batch', view.batch)
  return `${WEB_PREFIX}/review?${q.toString()}`
}

/** The queue page. */
export function queuePage(view: QueueView): string {
  const pages = Math.max(1, Math.ceil(view.total / QUEUE_PAGE_SIZE))
  const first = view.total === 0 ? 0 : (view.page - 1) * QUEUE_PAGE_SIZE + 1
  const last = Math.min(view.total, view.page * QUEUE_PAGE_SIZE)
  const states = ['pending', 'approved', 'rejected', 'released', 'withheld', 'all']
  const body = html`<h1>Review queue</h1>
<p class="sub">Cases the decision rules sent to people. Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens.</p>
<form class="card actions filter" method="get" action="${WEB_PREFIX}/review" aria-label="Filter the queue">
<div><label for="f-state">State</label><select id="f-state" name="state">${states.map((s) => html`<option value="${s}"${s === view.state ? html` selected` : ''}>${s}</option>`)}</select></div>
<div><label for="f-batch">Batch</label><input id="f-batch" type="text" name="batch" value="${view.batch ?? ''}" placeholder="every batch" size="26"></div>
<div><button type="submit" class="secondary">Filter</button></div></form>
<section class="card" aria-labelledby="q-h"><h2 id="q-h">${count(view.total)} ${view.state === 'all' ? '' : view.state} cases</h2>
<div class="scroll"><table><caption class="keys">Showing ${count(first)}–${count(last)} of ${count(view.total)}</caption>
<thead><tr><th scope="col">Request</th><th scope="col">Batch</th><th scope="col">Candidate</th><th scope="col" class="num">Weight (bits)</th><th scope="col">Decision reasons</th><th scope="col">Approvals</th><th scope="col">State</th></tr></thead>
<tbody>${view.cases.map(
    (c) => html`<tr data-row><td><a href="${casePath(c.batchId, c.requestId)}">${c.requestId}</a></td><td class="mono">${c.batchId}</td><td class="mono">${c.masterId ?? '—'}</td><td class="num">${c.weight === null ? '—' : c.weight.toFixed(2)}</td><td>${c.reasons.map((r, i) => html`${i ? ', ' : ''}<code>${r}</code>`)}</td><td>${c.approvedBy.length} of ${c.approvalsNeeded}</td><td>${stateBadge(c.state)}</td></tr>`,
  )}</tbody></table></div>
${view.cases.length === 0 ? html`<p>No cases here.</p>` : ''}
<nav class="pager" aria-label="Pages">${view.page > 1 ? html`<a class="button secondary" rel="prev" href="${queueHref(view, view.page - 1)}">Previous</a>` : ''}<span>Page ${view.page} of ${pages}</span>${view.page < pages ? html`<a class="button secondary" rel="next" href="${queueHref(view, view.page + 1)}">Next</a>` : ''}</nav></section>`
  return shell({ title: 'Review queue', section: 'queue', session: view.session, body })
}

/** The canonical fields shown for each compared field but the suffix (see `shownValues`). */
const SHOWN: Readonly<Record<Exclude<ComparedField, 'suffix'>, readonly (keyof CanonicalRecord)[]>> = {
  given_name: ['given_name', 'middle_name'],
  surname: ['surname'],
  dob: ['dob'],
  tin: ['tin'],
  address: ['address', 'street_number', 'street_name', 'unit', 'city', 'state', 'zip'],
}

/** A TIN shown to reviewers: only its last four digits (IRS Publication 1075 §9.3.17, masking). */
function maskTin(tin: string | undefined): string | undefined {
  if (!tin) return tin
  const digits = tin.replace(/\D/g, '')
  return digits.length < 4 ? '•••' : `•••-••-${digits.slice(-4)}`
}

/**
 * What a case page shows of a record for one compared field. The suffix is shown as the
 * comparison read it (`JR`, `SR`, `III`), since one record may state it in its own column and the
 * other inside the surname or the unparsed name.
 */
export function shownValues(record: CanonicalRecord | undefined, field: ComparedField): string {
  if (!record) return ''
  if (field === 'suffix') return standardizeName(record).suffix
  const parts = SHOWN[field].map((k) => (k === 'tin' ? maskTin(record.tin) : record[k])).filter((v): v is string => Boolean(v && v.trim()))
  return parts.join(field === 'address' ? ', ' : ' ')
}

function levelClass(c: FieldComparison): string {
  if (c.level === 'missing') return 'lvl-none'
  if (c.level === 'different') return 'lvl-bad'
  if (c.weight > 0 && (c.level === 'exact' || c.level === 'full')) return 'lvl-good'
  return c.weight > 0 ? 'lvl-part' : 'lvl-bad'
}

/** What a case page shows. */
export interface CaseView {
  readonly session: WebSession
  readonly detail: ReviewCaseDetail
  /** The request as received, when found. */
  readonly request: CanonicalRecord | undefined
  /** Master values of the candidate and rivals, by master id (empty when the master data is not readable). */
  readonly masters: ReadonlyMap<string, CanonicalRecord>
  /** The waterfall's SVG (already safe), when there is a candidate. */
  readonly waterfall: Markup | undefined
  /** A message after an action, or a refusal. */
  readonly notice?: { readonly kind: 'ok' | 'bad'; readonly text: string }
  /** The reason typed before a refusal, kept. */
  readonly reason?: string
  /** The next pending case, for j after acting. */
  readonly next: string | undefined
  readonly previous: string | undefined
}

function comparisonRows(best: Candidate, request: CanonicalRecord | undefined, master: CanonicalRecord | undefined): Markup[] {
  return best.comparisons.map(
    (c) => html`<tr><th scope="row">${c.field.replace('_', ' ')}</th><td>${shownValues(request, c.field) || html`<span class="lvl-none">—</span>`}</td><td>${shownValues(master, c.field) || html`<span class="lvl-none">—</span>`}</td><td class="${levelClass(c)}">${c.level.replaceAll('_', ' ')}</td><td class="num">${bits(c.weight)}</td></tr>`,
  )
}

/**
 * Why the linker held the candidate below `match` (the evidence's hold reasons, code and plain
 * words). Evidence stored before hold reasons existed has none: the page says so rather than
 * suggest there was no reason.
 */
function holdsSection(evidence: MatchResult): MarkupValue {
  if (evidence.status !== 'possible' && evidence.status !== 'ambiguous') return ''
  const holds = evidence.holds ?? []
  return html`<h3 id="holds-h">Why the link is ${evidence.status}, not match</h3>${
    holds.length === 0
      ? html`<p class="hint">This evidence was recorded before the linker named its reasons.</p>`
      : html`<ul aria-labelledby="holds-h" class="holds">${holds.map((h) => html`<li><code>${h.code}</code>: ${h.message}</li>`)}</ul>`
  }`
}

function actionForms(view: CaseView): MarkupValue {
  const c = view.detail.case
  const me = view.session.person
  const acted = [...c.approvedBy, ...c.rejectedBy].some((p) => samePerson(p, me))
  if (view.session.role !== 'reviewer' && view.session.role !== 'supervisor') return html`<p>Only reviewers and supervisors act on cases.</p>`
  if (c.state !== 'pending') return html`<p>This case is <strong>${c.state}</strong>: there is nothing more to do here.</p>`
  if (acted) return html`<p>You have acted on this case. ${c.approvalsNeeded - c.approvedBy.length} more approval${c.approvalsNeeded - c.approvedBy.length === 1 ? '' : 's'} from another reviewer ${c.approvalsNeeded - c.approvedBy.length === 1 ? 'is' : 'are'} needed.</p>`
  const path = casePath(c.batchId, c.requestId)
  return html`<div class="grid">
<form method="post" action="${path}/approve" aria-labelledby="approve-h"><h3 id="approve-h">Approve <kbd>a</kbd></h3><input type="hidden" name="_csrf" value="${view.session.csrfToken}">
<div class="field"><label for="approve-reason">Reason for approving (required)</label><textarea id="approve-reason" name="reason" required maxlength="2000" aria-describedby="approve-hint">${view.reason ?? ''}</textarea><p class="hint" id="approve-hint">Say why this is the same person, e.g. “same DOB and TIN; the rival is a parent at the same address”.</p></div>
<button type="submit" class="approve">Approve</button></form>
<form method="post" action="${path}/reject" aria-labelledby="reject-h"><h3 id="reject-h">Reject <kbd>r</kbd></h3><input type="hidden" name="_csrf" value="${view.session.csrfToken}">
<div class="field"><label for="reject-reason">Reason for rejecting (required)</label><textarea id="reject-reason" name="reason" required maxlength="2000"></textarea><p class="hint">A rejected case releases nothing.</p></div>
<button type="submit" class="reject">Reject</button></form></div>`
}

/** The case page. */
export function casePage(view: CaseView): string {
  const { detail } = view
  const c = detail.case
  const best = detail.evidence.best
  const master = c.masterId ? view.masters.get(c.masterId) : undefined
  const rivals = detail.evidence.rivals
  const body = html`<div class="case-head"><div><p class="sub" style="margin:0"><a href="${WEB_PREFIX}/review" data-key="u">← Queue</a> · batch <code>${c.batchId}</code></p>
<h1>Request ${c.requestId} ${stateBadge(c.state)}</h1></div>
<p class="keys">${view.previous ? html`<a href="${view.previous}" data-key="k">Previous</a> <kbd>k</kbd> · ` : ''}${view.next ? html`<a href="${view.next}" data-key="j">Next</a> <kbd>j</kbd> · ` : ''}<kbd>a</kbd> approve · <kbd>r</kbd> reject · <kbd>u</kbd> queue</p></div>
${view.notice ? html`<div class="notice ${view.notice.kind}" role="${view.notice.kind === 'bad' ? 'alert' : 'status'}">${view.notice.text}</div>` : ''}
<ul class="figures" aria-label="Key figures"><li><span class="n">${best ? best.weight.toFixed(2) : '—'}</span><span class="l">match weight (bits)</span></li><li><span class="n">${best ? `${(best.probability * 100).toFixed(best.probability > 0.999 ? 3 : 1)}%` : '—'}</span><span class="l">match probability</span></li><li><span class="n">${detail.evidence.status}</span><span class="l">link status</span></li><li><span class="n">${c.approvedBy.length} of ${c.approvalsNeeded}</span><span class="l">approvals</span></li><li><span class="n">${count(rivals.length)}</span><span class="l">rival candidates</span></li></ul>
<div class="two"><section class="card" aria-labelledby="cmp-h"><h2 id="cmp-h">Request and candidate ${c.masterId ? html`<code>${c.masterId}</code>` : ''}, field by field</h2>
${best ? html`<div class="scroll"><table><thead><tr><th scope="col">Field</th><th scope="col">Request</th><th scope="col">Master record</th><th scope="col">Level</th><th scope="col" class="num">Weight</th></tr></thead><tbody>${comparisonRows(best, view.request, master)}</tbody></table></div>${master ? '' : html`<p class="hint">The master record’s values cannot be read on this server (no master data file); levels and weights are from the stored evidence.</p>`}` : html`<p>No candidate was scored.</p>`}
</section>
<section class="card" aria-labelledby="why-h"><h2 id="why-h">Why people must look</h2><ul>${detail.decision.reasons.map((r) => html`<li><code>${r.code}</code>: ${r.message}${r.order ? html` (order <code>${r.order}</code>)` : ''}</li>`)}</ul>
${holdsSection(detail.evidence)}
<dl class="facts"><dt>Agreement</dt><dd>${detail.decision.agreement.id} ${detail.decision.agreement.version}</dd><dt>Orders</dt><dd>${detail.decision.orders.length ? detail.decision.orders.map((o, i) => html`${i ? ', ' : ''}${o.id}`) : 'none'}</dd><dt>Decided as of</dt><dd>${when(detail.decision.asOf)}</dd><dt>Requester</dt><dd>${detail.decision.requester}</dd><dt>Approvals needed</dt><dd>${c.approvalsNeeded}</dd></dl></section></div>
${view.waterfall ? html`<section class="card" aria-labelledby="wf-h"><h2 id="wf-h">How the match weight adds up</h2><figure>${view.waterfall}<figcaption>Each field’s partial weight, from the prior to the total: green steps agree, red steps disagree.</figcaption></figure></section>` : ''}
<section class="card" aria-labelledby="rv-h"><h2 id="rv-h">Rival candidates</h2>${
    rivals.length === 0
      ? html`<p>None: no other master record came close.</p>`
      : html`<div class="scroll"><table><thead><tr><th scope="col">Master record</th><th scope="col" class="num">Weight</th><th scope="col">Name</th><th scope="col">Date of birth</th><th scope="col">Address</th><th scope="col">Levels</th></tr></thead><tbody>${rivals.map((r) => {
          const m = view.masters.get(r.masterId)
          return html`<tr><td class="mono">${r.masterId}</td><td class="num">${r.weight.toFixed(2)}</td><td>${m ? [m.given_name, m.surname, m.suffix].filter(Boolean).join(' ') : '—'}</td><td>${m?.dob ?? '—'}</td><td>${m ? shownValues(m, 'address') : '—'}</td><td>${r.comparisons.map((x, i) => html`${i ? ', ' : ''}${x.field}: <span class="${levelClass(x)}">${x.level}</span>`)}</td></tr>`
        })}</tbody></table></div>`
  }</section>
<section class="card" aria-labelledby="act-h"><h2 id="act-h">Decide</h2>
${detail.actions.length ? html`<h3>So far</h3><ul>${detail.actions.map((a) => html`<li><strong>${a.reviewer}</strong> ${a.action === 'approve' ? 'approved' : 'rejected'} at ${when(a.createdAt)}: “${a.note}” (ledger entry ${a.ledgerSeq})</li>`)}</ul>` : ''}
${actionForms(view)}</section>`
  return shell({ title: `Case ${c.requestId}`, section: 'queue', session: view.session, body })
}
