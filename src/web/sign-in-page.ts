/** The sign-in page and the error page. */
import { WEB_PREFIX, shell } from './layout.js'
import { html } from './markup.js'
import type { WebSession } from './sessions.js'

/** The sign-in form; `token` is the pre-session CSRF token (login CSRF, OWASP). */
export function signInPage(options: { readonly token: string; readonly next: string; readonly error?: string; readonly userId?: string }): string {
  const body = html`<div class="signin"><section class="card" aria-labelledby="si-h"><h1 id="si-h">Sign in to Verigate</h1><p class="sub">For reviewers, supervisors, overseers and administrators of the holder.</p>
${options.error ? html`<div class="notice bad" role="alert" id="sign-in-error">${options.error}</div>` : ''}
<form method="post" action="${WEB_PREFIX}/sign-in"><input type="hidden" name="_csrf" value="${options.token}"><input type="hidden" name="next" value="${options.next}">
<div class="field"><label for="user">User id</label><input id="user" type="text" name="user" autocomplete="username" required value="${options.userId ?? ''}" autofocus><p class="hint">Your credential id, e.g. <code>rev-alice</code>.</p></div>
<div class="field"><label for="key">Personal key</label><input id="key" type="password" name="key" autocomplete="current-password" required><p class="hint">The <code>vg_…</code> key issued to you with <code>verigate party key create</code>.</p></div>
<button type="submit">Sign in</button></form></section></div>`
  return shell({ title: 'Sign in', body })
}

/** A page saying what went wrong, with the status the response carries. */
export function errorPage(status: number, message: string, session: WebSession | undefined): string {
  const title = status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : status === 409 ? 'Already decided' : status >= 500 ? 'Something went wrong' : 'Cannot do that'
  const body = html`<section class="card"><h1>${title}</h1><p>${message}</p><p><a href="${WEB_PREFIX}/">Back to the start</a></p></section>`
  return shell({ title, ...(session ? { session } : {}), body })
}
