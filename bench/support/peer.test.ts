import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { PEER_DIR, findPeer, peakRssFromTime } from './peer.js'

const harness = existsSync(join(PEER_DIR, 'run_febrl4.py')) && existsSync(join(PEER_DIR, 'env.sh'))

describe('finding the peer (bench/peer.ts)', () => {
  it('says the harness is missing when ../shared/peers/splink is not beside the repository', { skip: harness && 'the harness is present here' }, () => {
    const found = findPeer({ PEER_SRC: tmpdir() })
    assert.ok('missing' in found)
    assert.match(found.missing, /\.\.\/shared\/peers\/splink\/run_febrl4\.py is not present/)
  })

  it('names PEER_SRC when it is not set, and the first source missing from it', { skip: !harness && '../shared/peers/splink is not present beside the repository' }, () => {
    const unset = findPeer({})
    assert.ok('missing' in unset)
    assert.match(unset.missing, /PEER_SRC is not set/)
    const src = mkdtempSync(join(tmpdir(), 'verigate-peer-src-'))
    try {
      mkdirSync(join(src, 'splink-4.0.16', 'splink'), { recursive: true })
      mkdirSync(join(src, 'sqlglot-29.0.1', 'sqlglot'), { recursive: true })
      const partial = findPeer({ PEER_SRC: src })
      assert.ok('missing' in partial)
      assert.match(partial.missing, /PEER_SRC has no rapidfuzz-3\.14\.5\/src\/rapidfuzz/)
      mkdirSync(join(src, 'rapidfuzz-3.14.5', 'src', 'rapidfuzz'), { recursive: true })
      const lib = join(src, 'duckdb-npm', 'package', 'libduckdb.so')
      mkdirSync(dirname(lib), { recursive: true })
      writeFileSync(lib, '')
      const found = findPeer({ PEER_SRC: src })
      if (existsSync('/usr/bin/python3')) assert.deepEqual(found, { dir: PEER_DIR, src })
      else assert.ok('missing' in found && /python3/.test(found.missing))
    } finally {
      rmSync(src, { recursive: true, force: true })
    }
  })

  it("reads the peak resident memory from GNU time's report", () => {
    const report = '\tCommand being timed: "python3 run_febrl4.py"\n\tMaximum resident set size (kbytes): 455680\n\tExit status: 0\n'
    assert.equal(peakRssFromTime(report), 445)
    assert.equal(peakRssFromTime('no report'), undefined)
  })
})
