import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { codeText, dataTable, escapeHtml, formatDuration, formatPercent, formatTime, html, page, SafeHtml } from './html.js'

const HOSTILE = `<script>alert("x")</script>&'`

describe('html', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const out = html`<p title="${HOSTILE}">${HOSTILE}</p>`.value
    assert.equal(out, `<p title="${escapeHtml(HOSTILE)}">${escapeHtml(HOSTILE)}</p>`)
    assert.ok(!out.includes('<script'))
  })

  it('keeps safe HTML and joins arrays', () => {
    assert.equal(html`<ul>${['a', '<b>'].map((x) => html`<li>${x}</li>`)}</ul>`.value, '<ul><li>a</li><li>&lt;b&gt;</li></ul>')
    assert.equal(html`${new SafeHtml('<br>')}${null}${false}${3}`.value, '<br>3')
  })

  it('lets codes wrap only after underscores, escaped', () => {
    assert.equal(codeText('MATCH_NONE').value, '<span class="code">MATCH_<wbr>NONE</span>')
    assert.ok(!codeText('<x>_y').value.includes('<x>'))
  })

  it('right-aligns numeric columns and scopes header cells', () => {
    const table = dataTable('Counts', [{ label: 'Code' }, { label: 'Records', numeric: true }], [['a', '1,000']]).value
    assert.match(table, /<caption>Counts<\/caption>/)
    assert.match(table, /<th scope="col" class="num">Records<\/th>/)
    assert.match(table, /<th scope="row">a<\/th><td class="num">1,000<\/td>/)
  })

  it('formats shares, times and durations', () => {
    assert.equal(formatPercent(47_289, 1_280_000), '3.7%')
    assert.equal(formatPercent(1, 300), '0.33%')
    assert.equal(formatPercent(1, 0), '–')
    assert.equal(formatTime('2025-08-07T16:42:10.377Z'), '2025-08-07 16:42:10 UTC')
    assert.equal(formatDuration(162_373), '2 min 42 s')
    assert.equal(formatDuration(850), '850 ms')
    assert.equal(formatDuration(3_900_000), '1 h 05 min')
  })

  it('builds a page with a title, landmarks, a print stylesheet and nothing from outside', () => {
    const out = page({
      title: HOSTILE,
      kicker: 'k',
      heading: 'h',
      lede: 'l',
      summary: html`<p>s</p>`,
      sections: [{ id: 'one', title: 'One', body: html`<p>1</p>` }],
      footer: 'f',
    })
    assert.ok(out.startsWith('<!DOCTYPE html>'))
    assert.match(out, /<title>&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;&amp;&#39;<\/title>/)
    for (const landmark of ['<header class="masthead" role="banner">', '<main>', '<nav aria-label="Contents"', '<footer role="contentinfo">']) assert.ok(out.includes(landmark), landmark)
    assert.match(out, /@media print/)
    assert.match(out, /@page\{size:A4/)
    assert.ok(!/<script|<link|@import|url\(|src=/i.test(out))
  })
})
