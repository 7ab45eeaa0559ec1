/**
 * A one-line progress display for long CLI steps (issue 7: "long steps show progress (records/s,
 * ETA) on a terminal, and stay quiet in scripts"). It writes to stderr by default, so `--json`
 * output and data written to stdout (`--out -`) stay clean. Three modes, chosen with
 * `--progress auto|lines|off` on every long command (issue 21: "long batches under a scheduler
 * show life"):
 *
 * - `auto` (the default): one line redrawn in place when stderr is a terminal, nothing otherwise;
 * - `lines`: plain lines, one every 5 seconds or each tenth of the way, and a final one, for logs
 *   and schedulers that keep stderr (no carriage returns, no escape codes);
 * - `off`: nothing (`--no-progress` is the same).
 */
import { Option } from 'commander'
import type { Command } from 'commander'
import { InvalidInputError, thousands } from '../core/index.js'

/** How progress is shown: see the module's comment. */
export type ProgressMode = 'auto' | 'lines' | 'off'

/** Every progress mode, in the order the help lists them. */
export const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'lines', 'off']

/**
 * `--progress <mode>` and `--no-progress` (the older spelling of `--progress off`), to add to a
 * long command. Both set the option `progress`: a mode, or `false` for `--no-progress`; read it
 * with `progressMode`.
 *
 * @example
 * program.command('link').addOption(progressOptions()[0]).addOption(progressOptions()[1])
 */
export function progressOptions(): [Option, Option] {
  return [
    new Option('--progress <mode>', 'progress on stderr: auto (a redrawn line when stderr is a terminal, nothing otherwise), lines (a plain line every 5 s or 10%, for logs and schedulers) or off')
      .choices([...PROGRESS_MODES])
      .default('auto'),
    new Option('--no-progress', 'never print progress (the same as --progress off)'),
  ]
}

/** Adds `progressOptions()` to a command. */
export function addProgressOption<C extends Command>(command: C): C {
  for (const option of progressOptions()) command.addOption(option)
  return command
}

/** The mode an option value (from `addProgressOption`) names: `false` (`--no-progress`) is off. */
export function progressMode(value: unknown): ProgressMode {
  if (value === false) return 'off'
  if (value === undefined || value === true) return 'auto'
  if (typeof value === 'string' && (PROGRESS_MODES as readonly string[]).includes(value)) return value as ProgressMode
  throw new InvalidInputError(`--progress ${String(value)}: expected ${PROGRESS_MODES.join(', ')}`)
}

/** Whether a mode prints anything on `stream` (auto prints only on a terminal). */
export function progressShown(mode: ProgressMode, stream: ProgressStream = process.stderr): boolean {
  return mode === 'lines' || (mode === 'auto' && stream.isTTY === true)
}

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
  /** How to show it (`auto` by default): see the module's comment. */
  readonly mode?: ProgressMode
  /** In `lines` mode, the longest time between two lines in milliseconds (5,000). */
  readonly linesIntervalMs?: number
  /** Whether to show the rate (true); false for counts that are not things, like percentages. */
  readonly rate?: boolean
}

/** A running progress display. */
export interface Progress {
  /** Counts `n` more things done (1 by default) and redraws if the last redraw is old enough. */
  tick(n?: number): void
  /** Draws the final line (count, rate, time taken) and ends it with a newline. Later calls do nothing. */
  done(): void
  /**
   * Sets the state behind the count (a few lines: a distributed batch's jobs and workers). In
   * `lines` mode they follow each progress line, indented; in `auto` mode the first of them is
   * appended to the redrawn line. Printed at the next line due (a call may itself make one due:
   * state changing while the count stands still, a stalled job, still shows every interval).
   */
  status(lines: readonly string[]): void
}

/** Counts with commas (whole: a rate is rounded first). */
const COUNT = { format: (n: number): string => thousands(Math.round(n)) }

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
 * Creates a progress display. In `auto` mode on a TTY it redraws one line (`\r` and erase-line)
 * at most every `intervalMs`, and prints nothing at all on anything else; in `lines` mode it
 * prints a plain line at most every `linesIntervalMs` or when the count passes another tenth of
 * the total, and a final line; in `off` mode nothing.
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
  const mode = options.mode ?? 'auto'
  const showRate = options.rate ?? true
  let detail: readonly string[] = []
  if (!progressShown(mode, stream)) {
    return {
      tick(n = 1) {
        count += n
      },
      done() {
        finished = true
      },
      status() {
        return undefined
      },
    }
  }

  const line = (final: boolean): string => {
    const elapsed = Math.max(now() - started, 1e-3) / 1000
    const rate = count / elapsed
    const parts = [options.label, total === undefined ? COUNT.format(count) : `${COUNT.format(count)}/${COUNT.format(total)}`]
    if (total !== undefined) parts.push(`${((100 * Math.min(count, total)) / total).toFixed(1)}%`)
    if (showRate) parts.push(`${formatRate(rate)} ${unit}/s`)
    if (final) parts.push(`in ${formatEta(elapsed)}`)
    else if (total !== undefined) parts.push(`ETA ${count > 0 ? formatEta(Math.max(total - count, 0) / rate) : '?'}`)
    if (mode === 'lines') return [parts.join('  '), ...detail.map((d) => `  ${d}`)].join('\n')
    if (detail[0] !== undefined) parts.push(detail[0])
    const text = parts.join('  ')
    const width = stream.columns
    return width !== undefined && width > 1 && text.length > width - 1 ? text.slice(0, width - 1) : text
  }

  if (mode === 'lines') {
    const linesInterval = options.linesIntervalMs ?? 5_000
    // Lines start with the first tick, so a short step still shows it began.
    let lastTenth = -1
    return {
      tick(n = 1) {
        if (finished) return
        count += n
        // The whole count is the final line's to say (done), not a line before it.
        if (total !== undefined && count >= total) return
        const tenth = total === undefined ? -1 : Math.floor((10 * count) / total)
        if (now() - lastDraw >= linesInterval || tenth > lastTenth) {
          lastDraw = now()
          lastTenth = tenth
          stream.write(`${line(false)}\n`)
        }
      },
      done() {
        if (finished) return
        finished = true
        stream.write(`${line(true)}\n`)
      },
      status(lines) {
        if (finished) return
        detail = lines
        // A count that stands still (every job stalled) still shows its state each interval.
        if (now() - Math.max(lastDraw, started) >= linesInterval) {
          lastDraw = now()
          stream.write(`${line(false)}\n`)
        }
      },
    }
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
    status(lines) {
      if (finished) return
      detail = lines
      if (now() - lastDraw >= interval) draw()
    },
  }
}

/**
 * A callback for a step that reports its running total (`onProgress(rowsSoFar)`) rather than
 * increments: ticks the display by the difference.
 */
export function ticksTo(progress: Progress): (count: number) => void {
  let last = 0
  return (count) => {
    if (count > last) progress.tick(count - last)
    last = Math.max(last, count)
  }
}
