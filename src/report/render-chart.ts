/**
 * Draws a Vega-Lite spec to SVG on the server, with no browser and no canvas:
 * `vl.compile(spec).spec` gives a Vega spec, and a headless Vega view (renderer `none`) writes the
 * SVG text. The SVG gets a `<title>` and `<desc>` and `role="img"`, so a screen reader announces
 * the chart by name (WAI-ARIA Graphics Module; SVG 2, 5.9 "The title and desc elements").
 */
import type * as VegaApi from 'vega'
import type * as VegaLiteApi from 'vega-lite'
import type { TopLevelSpec } from 'vega-lite'
import { VerigateError } from '../core/index.js'
import { escapeHtml } from './html.js'

/** What a chart is called and what it shows, for its SVG `<title>` and `<desc>`. */
export interface ChartText {
  /** An id unique in the page; the `<title>` and `<desc>` ids derive from it. */
  readonly id: string
  readonly title: string
  /** One or two sentences saying what the chart shows (its alternative text). */
  readonly description: string
}

/** Options of `renderChartSvg`. */
export interface RenderChartOptions {
  /** Receives Vega and Vega-Lite warnings (they are dropped otherwise, so a CLI stays quiet). */
  readonly warnings?: string[]
}

type VegaModule = typeof VegaApi
type VegaLiteModule = typeof VegaLiteApi
let modules: Promise<[VegaModule, VegaLiteModule]> | undefined

/** Loads Vega and Vega-Lite once, on first use: they take a few hundred ms to load. */
function loadVega(): Promise<[VegaModule, VegaLiteModule]> {
  modules ??= Promise.all([import('vega'), import('vega-lite')])
  return modules
}

/**
 * Renders a Vega-Lite spec to an accessible SVG string.
 *
 * @example
 * const svg = await renderChartSvg(barChartSpec([{ label: 'a', count: 3 }], { measure: 'Records' }),
 *   { id: 'c1', title: 'Records by reason', description: 'One bar per reason.' })
 */
export async function renderChartSvg(spec: TopLevelSpec, text: ChartText, options: RenderChartOptions = {}): Promise<string> {
  const [vega, vl] = await loadVega()
  const warnings = options.warnings
  const logger = collectingLogger(vega.Warn, warnings)
  let svg: string
  try {
    const compiled = vl.compile(spec, { logger }).spec
    const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger })
    try {
      svg = await view.toSVG()
    } finally {
      view.finalize()
    }
  } catch (error) {
    throw new VerigateError('internal', `the chart “${text.title}” could not be drawn: ${(error as Error).message}`, { cause: error })
  }
  return labelSvg(svg, text)
}

type Logger = NonNullable<NonNullable<ConstructorParameters<VegaModule['View']>[1]>['logger']>

/** A Vega logger that hands warnings and errors to a list instead of the console. */
function collectingLogger(initialLevel: number, sink: string[] | undefined): Logger {
  let level = initialLevel
  const collect = (args: readonly unknown[]) => {
    sink?.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '))
  }
  const logger: Logger = {
    level: ((value?: number) => {
      if (value === undefined) return level
      level = value
      return logger
    }) as Logger['level'],
    error: (...args) => {
      collect(args)
      return logger
    },
    warn: (...args) => {
      collect(args)
      return logger
    },
    info: () => logger,
    debug: () => logger,
  }
  return logger
}

/** Adds `role="img"`, `aria-labelledby` and the `<title>`/`<desc>` elements to an SVG's root. */
export function labelSvg(svg: string, text: ChartText): string {
  const open = /^<svg\b[^>]*>/.exec(svg)
  if (!open) throw new VerigateError('internal', `the chart “${text.title}” did not render to an SVG element`)
  const id = escapeHtml(text.id)
  const root = open[0].replace(/^<svg\b/, `<svg role="img" aria-labelledby="${id}-title ${id}-desc"`)
  const label = `<title id="${id}-title">${escapeHtml(text.title)}</title><desc id="${id}-desc">${escapeHtml(text.description)}</desc>`
  return root + label + svg.slice(open[0].length)
}
