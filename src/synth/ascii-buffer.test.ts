import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { AsciiBuffer } from './ascii-buffer.js'

describe('AsciiBuffer', () => {
  it('writes text, characters and zero-padded numbers, growing as needed', () => {
    const out = new AsciiBuffer(4)
    out.char(77).digits(42, 9).char(44).text('GARCIA LOPEZ').char(44).digits(0).char(44).digits(2024).char(10)
    assert.equal(Buffer.from(out.take()).toString('latin1'), 'M000000042,GARCIA LOPEZ,0,2024\n')
    assert.equal(out.length, 31)
  })

  it('writes numbers wider than the padding whole', () => {
    assert.equal(Buffer.from(new AsciiBuffer().digits(1234567890, 9).take()).toString('latin1'), '1234567890')
  })
})
