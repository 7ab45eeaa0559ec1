/**
 * The page shell: one stylesheet and one small script, both served by the app itself (no fonts,
 * scripts or CDNs from elsewhere, so the pages work offline and under a strict Content Security
 * Policy). Colours keep a contrast of at least 4.5:1 for text (WCAG 2.2, 1.4.3) and focus is
 * always visible (2.4.7); the layout reflows from laptop (1280 px) to tablet (768 px) widths.
 */
import { html } from './markup.js'
import type { Markup, MarkupValue } from './markup.js'
import type { WebSession } from './sessions.js'

/** Where the pages live. */
export const WEB_PREFIX = '/ui'

/** The stylesheet, served at `/ui/assets/app.css`. */
export const STYLESHEET = `
:root{--ink:#1b2330;--muted:#4a5568;--line:#d4d9e1;--bg:#f5f7fa;--card:#fff;--brand:#1d3f72;--accent:#0b5cad;--ok:#1e6b3a;--okbg:#e6f4ea;--bad:#a4262c;--badbg:#fbe9ea;--warn:#7a4b00;--warnbg:#fff4e0;--focus:#ffbf47}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif;font-size:15px;color:var(--ink);background:var(--bg);line-height:1.45}
body{margin:0}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px;box-shadow:0 0 0 5px var(--ink)}
.skip{position:absolute;left:-999px;top:0;background:var(--card);padding:.5rem 1rem;z-index:10}
.skip:focus{left:1rem}
header.top{background:var(--brand);color:#fff;display:flex;align-items:center;gap:1.5rem;padding:.6rem 1.5rem;flex-wrap:wrap}
header.top .brand{font-weight:700;font-size:1.1rem;letter-spacing:.02em;color:#fff;text-decoration:none}
header.top nav ul{list-style:none;display:flex;gap:.25rem;margin:0;padding:0;flex-wrap:wrap}
header.top nav a{color:#fff;text-decoration:none;padding:.35rem .7rem;border-radius:4px;display:block}
header.top nav a[aria-current=page]{background:rgba(255,255,255,.18);font-weight:600}
header.top nav a:hover{background:rgba(255,255,255,.12)}
header.top .who{margin-left:auto;display:flex;align-items:center;gap:.75rem;font-size:.9rem}
header.top .who button{background:transparent;color:#fff;border:1px solid rgba(255,255,255,.6);border-radius:4px;padding:.25rem .7rem;cursor:pointer;font:inherit}
main{max-width:1240px;margin:0 auto;padding:1.25rem 1.5rem 3rem}
h1{font-size:1.5rem;margin:.25rem 0 .25rem}
h2{font-size:1.15rem;margin:0 0 .75rem}
h3{font-size:1rem;margin:1rem 0 .5rem}
.sub{color:var(--muted);margin:0 0 1.25rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:1rem 1.25rem;margin:0 0 1.25rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:1.25rem}
#accounting-result{margin-top:1rem}
ul.changes{margin:0;padding-left:1rem}ul.changes li{margin:0 0 .3rem}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(112px,1fr));gap:.75rem;margin:0 0 1.25rem;padding:0;list-style:none}
.figures li{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem}
.figures .n{display:block;font-size:1.5rem;font-weight:700;font-variant-numeric:tabular-nums}
.figures .l{color:var(--muted);font-size:.85rem}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:0 0 .5rem}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600}
td.num,th.num{text-align:right}
tbody tr:hover{background:#f0f4fa}
tr.sel{background:#e3ecf8;box-shadow:inset 4px 0 0 var(--accent)}
.scroll{overflow-x:auto}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:999px;font-size:.8rem;font-weight:600;border:1px solid transparent}
.b-pending{background:var(--warnbg);color:var(--warn)}
.b-approved,.b-released,.b-ok,.b-certified{background:var(--okbg);color:var(--ok)}
.b-rejected,.b-withheld,.b-bad,.b-overdue,.b-certified_late{background:var(--badbg);color:var(--bad)}
.b-outstanding{background:var(--warnbg);color:var(--warn)}
.lvl-good{color:var(--ok);font-weight:600}
.lvl-part{color:var(--warn);font-weight:600}
.lvl-bad{color:var(--bad);font-weight:600}
.lvl-none{color:var(--muted)}
code,.mono{font-family:ui-monospace,"SFMono-Regular","DejaVu Sans Mono",Menlo,monospace;font-size:.88em}
form.inline{display:inline}
label{display:block;font-weight:600;margin:0 0 .3rem}
input[type=text],input[type=password],select,textarea{width:100%;font:inherit;padding:.5rem .6rem;border:1px solid #8a94a6;border-radius:4px;background:#fff;color:var(--ink)}
textarea{min-height:4.5rem;resize:vertical}
.field{margin:0 0 1rem}
.hint{color:var(--muted);font-size:.85rem;margin:.25rem 0 0}
button,.button{font:inherit;font-weight:600;padding:.5rem 1rem;border-radius:4px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
button.approve{background:var(--ok);border-color:var(--ok)}
button.reject{background:var(--bad);border-color:var(--bad)}
button:disabled{opacity:.55;cursor:not-allowed}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;align-items:flex-end}
.actions .field,.actions>div{margin:0}
form.filter>div{min-width:160px}
.notice{padding:.75rem 1rem;border-radius:6px;margin:0 0 1.25rem;border:1px solid}
.notice.ok{background:var(--okbg);border-color:#9fcfae;color:var(--ok)}
.notice.bad{background:var(--badbg);border-color:#e6a5a8;color:var(--bad)}
.notice.info{background:#eaf2fb;border-color:#a9c6e8;color:#153e6e}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
.pager{display:flex;gap:.75rem;align-items:center;margin:.75rem 0 0}
.keys{color:var(--muted);font-size:.85rem}
kbd{border:1px solid #aab;border-bottom-width:2px;border-radius:3px;padding:0 .3rem;font-size:.8rem;background:#fff}
figure{margin:0}
figure svg{max-width:100%;height:auto}
figcaption{color:var(--muted);font-size:.85rem;margin:.35rem 0 0}
.signin{max-width:420px;margin:4rem auto}
.case-head{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap;align-items:baseline}
.two{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.25rem}
@media (max-width:1000px){.two{grid-template-columns:1fr}main{padding:1rem}header.top .who{margin-left:0}}
`

/** The keyboard script, served at `/ui/assets/keys.js`: j/k move through a list, a/r focus the approve or reject reason, Enter opens. */
export const KEYS_SCRIPT = `
(function(){
  function typing(e){var t=e.target;return t&&(t.tagName==='INPUT'||t.tagName==='TEXTAREA'||t.tagName==='SELECT'||t.isContentEditable)}
  var rows=Array.prototype.slice.call(document.querySelectorAll('[data-row]'));
  var at=-1;
  function select(i){if(!rows.length)return;at=Math.max(0,Math.min(rows.length-1,i));rows.forEach(function(r,j){r.classList.toggle('sel',j===at)});var a=rows[at].querySelector('a');if(a)a.focus()}
  document.addEventListener('keydown',function(e){
    if(e.altKey||e.ctrlKey||e.metaKey||typing(e))return;
    var k=e.key;
    if(k==='j'&&rows.length){select(at+1);e.preventDefault()}
    else if(k==='k'&&rows.length){select(at<0?0:at-1);e.preventDefault()}
    else if(k==='j'||k==='k'){var l=document.querySelector('a[data-key="'+k+'"]');if(l){location.href=l.href;e.preventDefault()}}
    else if(k==='a'||k==='r'){var f=document.getElementById(k==='a'?'approve-reason':'reject-reason');if(f){f.focus();e.preventDefault()}}
    else if(k==='u'){var q=document.querySelector('a[data-key="u"]');if(q){location.href=q.href;e.preventDefault()}}
  });
})();
`

/** The navigation's sections. */
export type Section = 'queue' | 'batches' | 'oversight'

/** What a page puts in the shell. */
export interface ShellParts {
  readonly title: string
  readonly section?: Section
  readonly session?: WebSession
  readonly body: MarkupValue
}

const LINKS: readonly (readonly [Section, string, string])[] = [
  ['queue', 'Review queue', `${WEB_PREFIX}/review`],
  ['batches', 'Batches', `${WEB_PREFIX}/batches`],
  ['oversight', 'Oversight', `${WEB_PREFIX}/oversight`],
]

/** The sections a role sees in the navigation. */
export function sectionsFor(role: string): readonly Section[] {
  if (role === 'reviewer') return ['queue', 'batches']
  if (role === 'supervisor') return ['queue', 'batches']
  if (role === 'overseer') return ['batches', 'oversight']
  if (role === 'admin') return ['batches', 'oversight']
  return []
}

/** The whole page. */
export function shell(parts: ShellParts): string {
  const s = parts.session
  const nav = s
    ? html`<nav aria-label="Main"><ul>${LINKS.filter(([id]) => sectionsFor(s.role).includes(id)).map(([id, label, href]) => html`<li><a href="${href}"${id === parts.section ? html` aria-current="page"` : ''}>${label}</a></li>`)}</ul></nav>
<div class="who"><span>Signed in as <strong>${s.userId}</strong> (${s.role})</span><form class="inline" method="post" action="${WEB_PREFIX}/sign-out"><input type="hidden" name="_csrf" value="${s.csrfToken}"><button type="submit">Sign out</button></form></div>`
    : ''
  const body: Markup = html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${parts.title} · Verigate</title><link rel="icon" href="data:,"><link rel="stylesheet" href="${WEB_PREFIX}/assets/app.css"><script src="${WEB_PREFIX}/assets/keys.js" defer></script></head>
<body><a class="skip" href="#main">Skip to content</a><header class="top"><a class="brand" href="${WEB_PREFIX}/">Verigate</a>${nav}</header>
<main id="main" tabindex="-1">${parts.body}</main></body></html>
`
  return body.value
}
