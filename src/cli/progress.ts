/**
 * A one-line progress display for long CLI steps (issue 7: "long steps show progress (records/s,
 * ETA) on a terminal, and stay quiet in scripts"). It draws only when its stream is a TTY, so a
 * script or a pipe gets no progress noise; it writes to stderr by default, so `--json` output on
 * stdout stays clean.
 */

/** The part of a stream the progress display uses (`process.stderr` or a fake in tests). */
export interface ProgressStream {
  /** True when the stream is a terminal; nothing is drawn otherwise. */
  readonly isTTY?: boolean
  /** The terminal's width in columns, when known; the line is cut to fit. */
  readonly columns?: number
  write(text: string): boolean
}

/** Options of `createProgress`. */
export interface ProgressOptions {
  /** What is being counted, e.g. `Linking`. */
  readonly label: string
  /** The count at which the step is done; gives a percentage and an ETA when known. */
  readonly total?: number
  /** Where to draw; `process.stderr` by default. */
  readonly stream?: ProgressStream
  /** The clock in milliseconds; `performance.now` by default (tests pass a fake one). */
  readonly now?: () => number
  /** The shortest time between two redraws in milliseconds (100: at most ~10 redraws a second). */
  readonly intervalMs?: number
  /** What the counted things are called in the rate, e.g. `records` (the default). */
  readonly unit?: string
}

/** A running progress display. */
export interface Progress {
  /** Counts `n` more things done (1 by default) and redraws if the last redraw is old enough. */
  tick(n?: number): void
  /** Draws the final line (count, rate, time taken) and ends it with a newline. Later calls do nothing. */
  done(): void
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** Seconds as `42s`, `3m05s` or `1h02m`. */
export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?'
  const s = Math.round(seconds)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}

/** A rate with at most three significant figures: `842/s`, `12.4k/s`, `1.28M/s`. */
function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '?'
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toPrecision(3)}M`
  if (perSecond >= 1e4) return `${(perSecond / 1e3).toPrecision(3)}k`
  return COUNT.format(perSecond)
}

/**
 * Creates a progress display. On a TTY it redraws one line (`\r` and erase-line) at most every
 * `intervalMs`; on anything else it prints nothing at all.
 *
 * @example
 * const progress = createProgress({ label: 'Linking', total: requests.length })
 * for (const r of requests) { link(r); progress.tick() }
 * progress.done()
 * // Linking  812,000/1,280,000  63.4%  41.2k records/s  ETA 11s
 */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr
  const now = options.now ?? (() => performance.now())
  const interval = options.intervalMs ?? 100
  const unit = options.unit ?? 'records'
  const total = options.total !== undefined && options.total > 0 ? options.total : undefined
  const started = now()
  let count = 0
  let lastDraw = -Infinity
  let finished = false
  if (!stream.isTTY) {
    return {
      tick(n = 1) {
        count += n
      },
      done() {
        finished = true
      },
    }
  }

  const line = (final: boolean): string => {
    const elapsed = Math.max(now() - started, 1e-3) / 1000
    const rate = count / elapsed
    const parts = [options.label, total === undefined ? COUNT.format(count) : `${COUNT.format(count)}/${COUNT.format(total)}`]
    if (total !== undefined) parts.push(`${((100 * Math.min(count, total)) / total).toFixed(1)}%`)
    parts.push(`${formatRate(rate)} ${unit}/s`)
    if (final) parts.push(`in ${formatEta(elapsed)}`)
    else if (total !== undefined) parts.push(`ETA ${count > 0 ? formatEta(Math.max(total - count, 0) / rate) : '?'}`)
    const text = parts.join('  ')
    const width = stream.columns
    return width !== undefined && width > 1 && text.length > width - 1 ? text.slice(0, width - 1) : text
  }

  const draw = () => {
    lastDraw = now()
    // \r returns to the line's start, ESC [ K erases to its end (ECMA-48, EL).
    stream.write(`\r\x1b[K${line(false)}`)
  }

  return {
    tick(n = 1) {
      if (finished) return
      count += n
      if (now() - lastDraw >= interval) draw()
    },
    done() {
      if (finished) return
      finished = true
      stream.write(`\r\x1b[K${line(true)}\n`)
    },
  }
}
