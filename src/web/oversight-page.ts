/**
 * The oversight page: the ledger's status (last checkpoint, a verification on demand), audits and
 * their findings, recall notices with deadlines and certifications, and the accounting of
 * disclosures about one person (5 U.S.C. 552a(c)), asked by form POST so the person's identifier
 * never appears in a URL, a history or an access log; and the retention purges (issue 21): which
 * batch's request values and files were purged, when, by whom, and under which rule.
 */
import type { SignedCheckpoint } from '../ledger/index.js'
import type { StoreVerification, StoredRetentionPurge } from '../store/index.js'
import type { IncidentLifecycle, RecallNoticeSummary } from '../report/index.js'
import type { Accounting, AuditResult } from '../workflow/index.js'
import { noDisclosureSentence } from '../workflow/index.js'
import type { DocumentHistory } from './documents.js'
import { WEB_PREFIX, shell } from './layout.js'
import { count, html, when } from './markup.js'
import type { Markup } from './markup.js'
import type { WebSession } from './sessions.js'

/** What the oversight page shows. */
export interface OversightView {
  readonly session: WebSession
  readonly ledgerSize: number
  readonly lastCheckpoint: SignedCheckpoint | undefined
  /** The result of "verify now", when just run, with how long it took. */
  readonly verification?: { readonly result: StoreVerification; readonly ms: number }
  /** Audits, newest first; an audit whose result could not be read is listed by id. */
  readonly audits: readonly ({ readonly id: string; readonly createdAt: string } & ({ readonly result: AuditResult } | { readonly result: null }))[]
  readonly recalls: readonly RecallNoticeSummary[]
  /** Every incident's lifecycle (opened, reported on time or late, closed), oldest first. */
  readonly incidents: readonly IncidentLifecycle[]
  /** The agreements and orders with their versions and plain-words changes. */
  readonly documents: readonly DocumentHistory[]
  /** The retention purges, oldest first, as the store records them (each with its ledger entry). */
  readonly purges: readonly StoredRetentionPurge[]
  /** The accounting just asked for. */
  readonly accounting?: { readonly subject: string; readonly result: Accounting } | { readonly subject: string; readonly error: string }
}

function verificationNotice(v: NonNullable<OversightView['verification']>): Markup {
  const r = v.result
  const rows = r.tables.tables.reduce((n, t) => n + t.rows, 0)
  if (r.ok) return html`<div class="notice ok" role="status" id="verify-result"><strong>Ledger verified.</strong> ${count(r.size)} entries, ${count(r.checkpointsChecked)} checkpoints and ${count(r.nodesChecked)} tree nodes recomputed, and ${count(rows)} rows of the tables derived from it checked against it, in ${v.ms} ms; root <code>${r.rootHash.slice(0, 16)}…</code>.</div>`
  const problems = [...r.problems.map((p) => ({ code: p.code, message: p.message })), ...r.tables.problems.map((p) => ({ code: `${p.table}: ${p.code}`, message: p.message }))]
  return html`<div class="notice bad" role="alert" id="verify-result"><strong>The ledger does not verify.</strong><ul>${problems.slice(0, 20).map((p) => html`<li><code>${p.code}</code>: ${p.message}</li>`)}</ul></div>`
}

function accountingSection(view: OversightView): Markup {
  const a = view.accounting
  let result: Markup | string = ''
  if (a && 'error' in a) result = html`<div class="notice bad" role="alert">${a.error}</div>`
  else if (a && a.result.entries.length === 0)
    // An empty accounting says what it searched: "none" only for the identifiers named.
    result = html`<div id="accounting-result"><p class="notice">${noDisclosureSentence(a.result)}.</p></div>`
  else if (a)
    result = html`<div class="scroll" id="accounting-result"><table><caption>${count(a.result.entries.length)} ${a.result.entries.length === 1 ? 'disclosure' : 'disclosures'} about this person, searched under ${a.result.searched.join('; ')}</caption><thead><tr><th scope="col">When</th><th scope="col">Recipient</th><th scope="col">Fields</th><th scope="col">Agreement</th><th scope="col">Batch</th><th scope="col">Ledger entry</th></tr></thead><tbody>${a.result.entries.map((e) => html`<tr><td>${when(e.disclosedAt)}</td><td>${e.recipient}</td><td>${e.fields.join(', ')}</td><td>${e.agreement}</td><td class="mono">${e.batchId ?? 'online verification'}</td><td>${e.ledgerSeq}</td></tr>`)}</tbody></table></div>`
  return html`<section class="card" aria-labelledby="acc-h"><h2 id="acc-h">Accounting of disclosures for a person</h2>
<form method="post" action="${WEB_PREFIX}/oversight/accounting" class="actions"><input type="hidden" name="_csrf" value="${view.session.csrfToken}"><div style="flex:1;min-width:240px"><label for="subject">Taxpayer number, master record id or request (batch/request id)</label><input id="subject" type="text" name="subject" autocomplete="off" required placeholder="tin:123-45-6789, master:M000000101 or request:BATCH/REQUEST" value=""><p class="hint">Sent in the form body, never in the address bar.</p></div><div><button type="submit">Show disclosures</button></div></form>${result}</section>`
}

function documentsSection(docs: readonly DocumentHistory[]): Markup {
  return html`<section class="card" aria-labelledby="d-h"><h2 id="d-h">Agreements and orders</h2>${
    docs.length === 0
      ? html`<p>No agreement or order has been recorded yet.</p>`
      : docs.map(
          (d) => html`<h3>${d.kind === 'agreement' ? 'Agreement' : 'Order'} <code>${d.id}</code> · ${count(d.versions.length)} ${d.versions.length === 1 ? 'version' : 'versions'}</h3><div class="scroll"><table class="docs"><thead><tr><th scope="col">Version</th><th scope="col">In force</th><th scope="col">Recorded</th><th scope="col">What changed from the version before</th></tr></thead><tbody>${d.versions.map(
            (v) => html`<tr><td><code title="${v.version}">${v.version.startsWith('sha256:') ? `${v.version.slice(0, 19)}…` : v.version}</code></td><td>${v.effectiveFrom.slice(0, 10)} – ${v.effectiveUntil ? v.effectiveUntil.slice(0, 10) : 'open'}</td><td>${when(v.recordedAt)}</td><td>${
              v.changes === null ? html`<span class="lvl-none">first version recorded</span>` : v.changes.length === 0 ? 'no change in the rules' : html`<ul class="changes">${v.changes.map((c) => html`<li><span class="badge b-${c.kind === 'lowered' || c.kind === 'removed' ? 'bad' : c.kind === 'raised' || c.kind === 'added' ? 'ok' : 'pending'}">${c.kind}</span> ${c.message}</li>`)}</ul>`
            }</td></tr>`,
          )}</tbody></table></div>`,
        )
  }</section>`
}

/** One incident's row: its stage, its report against the deadline, its closure, its follow-up. */
function incidentRow(l: IncidentLifecycle): Markup {
  const reporting: Record<IncidentLifecycle['reporting'], Markup> = {
    due: html`<span class="badge b-outstanding">due</span> by ${when(l.reportDeadline)}`,
    overdue: html`<span class="badge b-overdue">overdue</span> since ${when(l.reportDeadline)}`,
    on_time: html`<span class="badge b-ok">on time</span>`,
    late: html`<span class="badge b-bad">late</span>`,
  }
  const r = l.report
  const c = l.closure
  const reported = r
    ? html`${reporting[l.reporting]} ${when(r.reportedAt)} to ${r.reportedTo.join(' and ')} by ${r.reportedBy}${r.reference ? html` (ref. ${r.reference})` : ''}`
    : reporting[l.reporting]
  const closed = c
    ? html`${when(c.closedAt)} by ${c.closedBy}: ${c.reason}${c.openNotices.length > 0 ? html`<br><span class="badge b-overdue">closed with ${count(c.openNotices.length)} open</span> ${c.closedAnywayReason ?? ''}` : ''}`
    : 'not yet'
  const notice = (n: RecallNoticeSummary) => html`<li><code>${n.noticeId}</code> due ${n.deadline}</li>`
  const followUp =
    l.overdueRecalls.length === 0 && l.lateCertificates.length === 0
      ? 'none'
      : html`${l.overdueRecalls.length > 0 ? html`Overdue recalls:<ul>${l.overdueRecalls.map(notice)}</ul>` : ''}${l.lateCertificates.length > 0 ? html`Late certificates:<ul>${l.lateCertificates.map(notice)}</ul>` : ''}`
  return html`<tr id="incident-${l.incidentId}"><td class="mono">${l.incidentId}</td><td><span class="badge b-${l.stage === 'closed' ? 'ok' : l.stage === 'reported' ? 'pending' : 'bad'}">${l.stage}</span></td><td>${when(l.openedAt)}<br>audit <code>${l.auditId}</code></td><td>${reported}</td><td>${closed}</td><td>${followUp}</td></tr>`
}

function incidentsSection(incidents: readonly IncidentLifecycle[]): Markup {
  return html`<section class="card" aria-labelledby="inc-h"><h2 id="inc-h">Incidents</h2>${
    incidents.length === 0
      ? html`<p>No incident has been opened.</p>`
      : html`<p class="hint">Publication 1075: report to TIGTA and the IRS Office of Safeguards within 24 hours of discovery; close once every recall notice is certified.</p><div class="scroll"><table id="incidents"><thead><tr><th scope="col">Incident</th><th scope="col">Stage</th><th scope="col">Opened</th><th scope="col">Reported</th><th scope="col">Closed</th><th scope="col">Follow-up</th></tr></thead><tbody>${incidents.map(incidentRow)}</tbody></table></div>`
  }</section>`
}

/** What each purge took away: the request rows reduced to their ids, and the files deleted with their digests. */
function purgesSection(purges: readonly StoredRetentionPurge[]): Markup {
  return html`<section class="card" aria-labelledby="ret-h"><h2 id="ret-h">Retention purges</h2>${
    purges.length === 0
      ? html`<p>No batch has been purged.</p>`
      : html`<p class="hint">Request values and the files kept for a batch are purged after its retention period; its disclosures, decisions, evidence and ledger entries stay, so audits and accountings answer as before.</p><div class="scroll"><table id="retention-purges"><thead><tr><th scope="col">Batch</th><th scope="col">Purged</th><th scope="col">By</th><th scope="col" class="num">Request rows</th><th scope="col">Files deleted</th><th scope="col">Rule</th><th scope="col">Ledger entry</th></tr></thead><tbody>${purges.map(
          (p) =>
            html`<tr id="purge-${p.batchId}"><td class="mono">${p.batchId}</td><td>${when(p.purgedAt)}</td><td>${p.purgedBy}</td><td class="num">${count(p.requests)}</td><td>${p.files.length === 0 ? 'none' : html`<ul>${p.files.map((f) => html`<li>${f.role} <code>${f.file}</code> <code title="${f.digest}">${f.digest.slice(0, 19)}…</code></li>`)}</ul>`}</td><td>${p.rule}</td><td>${p.ledgerSeq}</td></tr>`,
        )}</tbody></table></div>`
  }</section>`
}

/** The oversight page. */
export function oversightPage(view: OversightView): string {
  const cp = view.lastCheckpoint
  const body = html`<h1>Oversight</h1><p class="sub">The tamper-evident ledger, retroactive audits, recalls and the accounting of disclosures.</p>
${view.verification ? verificationNotice(view.verification) : ''}
<section class="card" aria-labelledby="l-h"><h2 id="l-h">Ledger</h2><dl class="facts"><dt>Entries</dt><dd>${count(view.ledgerSize)}</dd><dt>Last checkpoint</dt><dd>${cp ? html`${count(cp.treeSize)} entries at ${when(cp.time)}` : 'none yet'}</dd>${cp ? html`<dt>Root</dt><dd><code>${cp.rootHash.slice(0, 24)}…</code></dd><dt>Signed by key</dt><dd><code>${cp.keyId.slice(0, 16)}…</code></dd>` : ''}</dl>
<form method="post" action="${WEB_PREFIX}/oversight/verify" style="margin-top:1rem"><input type="hidden" name="_csrf" value="${view.session.csrfToken}"><button type="submit" id="verify-now">Verify the ledger now</button></form><p class="hint">Recomputes every entry hash, tree node and checkpoint signature.</p></section>

${incidentsSection(view.incidents)}
<section class="card" aria-labelledby="r-h"><h2 id="r-h">Recall notices</h2>${
    view.recalls.length === 0
      ? html`<p>No recall notices.</p>`
      : html`<div class="scroll"><table><thead><tr><th scope="col">Notice</th><th scope="col">Recipient</th><th scope="col">Deadline</th><th scope="col" class="num">Disclosures</th><th scope="col">Status</th><th scope="col">Certification</th></tr></thead><tbody>${view.recalls.map((r) => html`<tr><td class="mono">${r.noticeId}</td><td>${r.recipient}</td><td>${r.deadline}</td><td class="num">${count(r.disclosures)}</td><td><span class="badge b-${r.status}">${r.status.replace('_', ' ')}</span></td><td>${r.certification ? html`${r.certification.method} on ${r.certification.disposedAt.slice(0, 10)} by ${r.certification.certifiedBy}` : '—'}</td></tr>`)}</tbody></table></div>`
  }</section>
<section class="card" aria-labelledby="au-h"><h2 id="au-h">Audits and findings</h2>${
    view.audits.length === 0
      ? html`<p>No audits have been run.</p>`
      : html`<div class="scroll"><table><thead><tr><th scope="col">Audit</th><th scope="col">Run</th><th scope="col">Reading</th><th scope="col" class="num">Disclosures</th><th scope="col" class="num">Improper</th><th scope="col" class="num">People</th><th scope="col">Improper by reason</th></tr></thead><tbody>${view.audits.map((a) =>
          a.result
            ? html`<tr><td class="mono">${a.id}</td><td>${when(a.createdAt)}</td><td>${a.result.title || a.result.label}</td><td class="num">${count(a.result.disclosuresMade)}</td><td class="num">${count(a.result.improper)}</td><td class="num">${count(a.result.peopleConcerned)}</td><td>${a.result.improperByReason.slice(0, 4).map((r, i) => html`${i ? ', ' : ''}<code>${r.code}</code> ${count(r.count)}`)}</td></tr>`
            : html`<tr><td class="mono">${a.id}</td><td>${when(a.createdAt)}</td><td colspan="5">The result could not be read.</td></tr>`,
        )}</tbody></table></div>`
  }</section>
${purgesSection(view.purges)}
${documentsSection(view.documents)}
${accountingSection(view)}`
  return shell({ title: 'Oversight', section: 'oversight', session: view.session, body })
}
