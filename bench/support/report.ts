/**
 * What every benchmark prints: the machine it ran on and its figures as an aligned table, so
 * bench/RESULTS.md can be kept from the output as it is.
 */
import { cpus, totalmem } from 'node:os'

/** One line describing this machine: cores, CPU model, memory, Node.js version, date. */
export function describeMachine(): string {
  const cpu = cpus()
  const model = cpu[0]?.model.trim() ?? 'unknown CPU'
  const gib = (totalmem() / 2 ** 30).toFixed(1)
  return `${cpu.length} cores (${model}), ${gib} GiB memory, Node.js ${process.version}, ${new Date().toISOString().slice(0, 10)}`
}

/** A table cell: text as it is, numbers with thousands separators and at most `digits` decimals. */
function cell(value: string | number, digits: number): string {
  if (typeof value === 'string') return value
  return value.toLocaleString('en-US', { maximumFractionDigits: digits })
}

/**
 * Prints a Markdown table (readable in a terminal, pasteable into RESULTS.md).
 *
 * @example
 * printTable('standardize', ['records', 'records/s'], [[1_000_000, 250_000]])
 */
export function printTable(title: string, header: readonly string[], rows: readonly (readonly (string | number)[])[], digits = 2): void {
  const text = rows.map((row) => row.map((v) => cell(v, digits)))
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`
  console.log(`\n### ${title}\n\n${describeMachine()}\n`)
  console.log(line(header))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const row of text) console.log(line(row))
  console.log('')
}

/** Peak resident memory so far, in MiB (from the kernel's high-water mark). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024
}
