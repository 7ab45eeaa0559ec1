import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidInputError } from '../core/index.js'
import { createProgress, formatEta, progressMode, ticksTo } from './progress.js'

/** A fake terminal (or pipe) that records what is written, and a clock moved by hand. */
function fakeStream(isTTY: boolean, columns?: number) {
  const writes: string[] = []
  return { writes, stream: { isTTY, columns, write: (text: string) => (writes.push(text), true) } }
}

function fakeClock() {
  let t = 0
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

describe('createProgress', () => {
  it('prints nothing at all when the stream is not a TTY', () => {
    const { writes, stream } = fakeStream(false)
    const progress = createProgress({ label: 'Linking', total: 100, stream })
    for (let i = 0; i < 100; i++) progress.tick()
    progress.done()
    assert.deepEqual(writes, [])
  })

  it('draws the count, the rate and the ETA on one line when the total is known', () => {
    const { writes, stream } = fakeStream(true)
    const clock = fakeClock()
    const progress = createProgress({ label: 'Linking', total: 1_000, stream, now: clock.now })
    clock.advance(2_000)
    progress.tick(250)
    assert.equal(writes.length, 1)
    // 250 in 2 s is 125 records/s; 750 left take 6 s.
    assert.equal(writes[0], '\r\x1b[KLinking  250/1,000  25.0%  125 records/s  ETA 6s')
  })

  it('redraws at most once per interval however often it ticks', () => {
    const { writes, stream } = fakeStream(true)
    const clock = fakeClock()
    const progress = createProgress({ label: 'Deciding', total: 100_000, stream, now: clock.now })
    for (let i = 0; i < 100_000; i++) {
      progress.tick()
      if (i % 1_000 === 0) clock.advance(10) // 1,000 ticks per 10 ms: 1 s in all
    }
    // One draw on the first tick, then one per 100 ms: about 10 in one second.
    assert.ok(writes.length >= 9 && writes.length <= 11, `${writes.length} redraws`)
    assert.ok(writes.every((w) => w.startsWith('\r\x1b[K') && !w.includes('\n')))
  })

  it('shows the count and rate without a percentage or ETA when the total is unknown', () => {
    const { writes, stream } = fakeStream(true)
    const clock = fakeClock()
    const progress = createProgress({ label: 'Reading', stream, now: clock.now, unit: 'rows' })
    clock.advance(1_000)
    progress.tick(1_500_000)
    assert.equal(writes[0], '\r\x1b[KReading  1,500,000  1.50M rows/s')
  })

  it('ends with a final line and a newline, once', () => {
    const { writes, stream } = fakeStream(true)
    const clock = fakeClock()
    const progress = createProgress({ label: 'Linking', total: 10, stream, now: clock.now })
    progress.tick(10)
    clock.advance(65_000)
    progress.done()
    progress.done()
    progress.tick()
    assert.equal(writes.length, 2)
    assert.equal(writes[1], '\r\x1b[KLinking  10/10  100.0%  0 records/s  in 1m05s\n')
  })

  it('appends the first line of the state behind the count to the redrawn line', () => {
    const { writes, stream } = fakeStream(true)
    const clock = fakeClock()
    const progress = createProgress({ label: 'Linking', total: 10, stream, now: clock.now })
    progress.status(['2 workers, 0 stalled', 'not shown on a terminal'])
    assert.equal(writes[0], '\r\x1b[KLinking  0/10  0.0%  0 records/s  ETA ?  2 workers, 0 stalled')
  })

  it('cuts the line to the terminal width', () => {
    const { writes, stream } = fakeStream(true, 20)
    const progress = createProgress({ label: 'A long label for a narrow terminal', total: 10, stream })
    progress.tick()
    assert.equal(writes[0], `\r\x1b[K${'A long label for a narrow terminal'.slice(0, 19)}`)
  })
})

describe('createProgress in lines mode (--progress lines)', () => {
  it('prints the state behind the count under each line, and a line each interval while the count stands still', () => {
    const { writes, stream } = fakeStream(false)
    const clock = fakeClock()
    const progress = createProgress({ label: 'Linking on the cluster', total: 100, stream, now: clock.now, mode: 'lines', unit: 'requests' })
    progress.status(['jobs: shard 0 1 active', 'workers: none yet'])
    clock.advance(1_000)
    progress.tick(10)
    // Every job stalled: no tick, yet the state shows once 5 s have passed since the last line.
    clock.advance(2_000)
    progress.status(['jobs: shard 0 1 active', 'stalled: job 1 of shard 0'])
    clock.advance(3_000)
    progress.status(['jobs: shard 0 1 active', 'stalled: job 1 of shard 0'])
    progress.done()
    assert.deepEqual(writes, [
      'Linking on the cluster  10/100  10.0%  10 requests/s  ETA 9s\n  jobs: shard 0 1 active\n  workers: none yet\n',
      'Linking on the cluster  10/100  10.0%  2 requests/s  ETA 54s\n  jobs: shard 0 1 active\n  stalled: job 1 of shard 0\n',
      'Linking on the cluster  10/100  10.0%  2 requests/s  in 6s\n  jobs: shard 0 1 active\n  stalled: job 1 of shard 0\n',
    ])
  })

  it('prints plain lines on a pipe: the first tick, each tenth of the way, and a final line', () => {
    const { writes, stream } = fakeStream(false)
    const clock = fakeClock()
    const progress = createProgress({ label: 'Linking', total: 100, stream, now: clock.now, mode: 'lines' })
    for (let i = 0; i < 100; i++) {
      clock.advance(10)
      progress.tick()
    }
    progress.done()
    // Ticks 1, 10, 20, …, 90 (each a new tenth), then the final line: no line says 100% before it.
    assert.equal(writes.length, 11)
    assert.ok(writes.every((w) => w.endsWith('\n') && !w.includes('\r') && !w.includes('\x1b')), JSON.stringify(writes))
    assert.equal(writes[0], 'Linking  1/100  1.0%  100 records/s  ETA 1s\n')
    assert.equal(writes[10], 'Linking  100/100  100.0%  100 records/s  in 1s\n')
  })

  it('prints a line at most every 5 seconds when the total is unknown, and never cuts it', () => {
    const { writes, stream } = fakeStream(true, 10)
    const clock = fakeClock()
    const progress = createProgress({ label: 'Indexing the master', stream, now: clock.now, mode: 'lines', unit: 'rows' })
    const to = ticksTo(progress)
    for (let s = 1; s <= 20; s++) {
      clock.advance(1_000)
      to(s * 1_000)
    }
    progress.done()
    // At 1 s, 6 s, 11 s and 16 s, then the final line at 20 s.
    assert.deepEqual(writes, [
      'Indexing the master  1,000  1,000 rows/s\n',
      'Indexing the master  6,000  1,000 rows/s\n',
      'Indexing the master  11,000  1,000 rows/s\n',
      'Indexing the master  16,000  1,000 rows/s\n',
      'Indexing the master  20,000  1,000 rows/s  in 20s\n',
    ])
  })

  it('prints nothing in off mode, even on a terminal', () => {
    const { writes, stream } = fakeStream(true)
    const progress = createProgress({ label: 'Linking', total: 10, stream, mode: 'off' })
    progress.tick(5)
    progress.done()
    assert.deepEqual(writes, [])
  })
})

describe('progressMode', () => {
  it('reads --progress MODE, takes --no-progress (false) as off, and refuses anything else naming the choices', () => {
    assert.equal(progressMode('lines'), 'lines')
    assert.equal(progressMode('auto'), 'auto')
    assert.equal(progressMode(false), 'off')
    assert.equal(progressMode(undefined), 'auto')
    assert.throws(() => progressMode('loud'), (e: unknown) => e instanceof InvalidInputError && /--progress loud: expected auto, lines, off/.test(e.message))
  })
})

describe('formatEta', () => {
  it('writes seconds, minutes and hours compactly', () => {
    assert.equal(formatEta(42.4), '42s')
    assert.equal(formatEta(185), '3m05s')
    assert.equal(formatEta(3_720), '1h02m')
    assert.equal(formatEta(Infinity), '?')
  })
})
