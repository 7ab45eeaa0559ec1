import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { InvalidInputError } from './errors.js'
import { checkFreeText, freeTextIssue, withoutForbiddenCharacters } from './free-text.js'

describe('free text', () => {
  it('keeps printable text in any script, tabs, line feeds and CR LF line breaks, unchanged', () => {
    for (const text of ['same DOB and TIN; the rival is her mother', 'José Ñúñez — 李小龍 — عبد الله', 'line one\r\nline two\nthree\tcolumns', 'emoji 🙂 stays']) {
      assert.equal(checkFreeText(text, 'reason'), text)
    }
  })

  it('refuses NUL, escape, a lone carriage return, DEL and C1 controls, naming the character and where it is', () => {
    assert.equal(freeTextIssue('ok\u0000', 'reason')?.message, 'reason: character 3 is U+0000 NUL: control and bidirectional-override characters are not accepted in free text')
    assert.match(freeTextIssue('\u001b[2J', 'reason')!.message, /character 1 is U\+001B ESCAPE/)
    assert.match(freeTextIssue('a\rb', 'reason')!.message, /character 2 is U\+000D CARRIAGE RETURN/)
    assert.match(freeTextIssue('a\u007f', 'reason')!.message, /U\+007F DELETE/)
    assert.match(freeTextIssue('a\u0085', 'reason')!.message, /U\+0085 a control character/)
  })

  it('refuses every bidirectional override, embedding, isolate and mark, counting positions in characters', () => {
    for (const char of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c']) {
      const issue = freeTextIssue(`🙂${char}x`, 'note')
      assert.equal(issue?.code, 'forbidden_character')
      assert.equal(issue?.path?.field, 'note')
      assert.match(issue!.message, /^note: character 2 is U\+/)
    }
  })

  it('refuses an unpaired surrogate but keeps a pair', () => {
    assert.match(freeTextIssue('a\ud83d', 'name')!.message, /U\+D83D an unpaired surrogate/)
    assert.equal(freeTextIssue('a\ud83d\ude42', 'name'), undefined)
  })

  it('throws an InvalidInputError carrying the issue', () => {
    assert.throws(() => checkFreeText('approve\u202eevorppa', 'reason'), (error: unknown) => error instanceof InvalidInputError && error.issues[0]?.code === 'forbidden_character')
  })

  it('removes every refused character for showing a note back, keeping the rest', () => {
    assert.equal(withoutForbiddenCharacters('a\u0000b\u202ec\r\nd\re\ud83d\ude42'), 'abc\r\nde\ud83d\ude42')
  })
})
