/**
 * @module report
 * Self-contained HTML reports (batch, oversight) with Vega-Lite charts drawn to inline SVG: the
 * report data types the workflow fills, the chart specs as data, and the renderers.
 */
export { MAX_HISTOGRAM_BINS, createWeightCounter, mergeWeightHistograms, weightHistogram } from './weight-histogram.js'
export type { HistogramBin, WeightCounter, WeightHistogram } from './weight-histogram.js'
export { BATCH_COUNT_NAMES, TIMELINE_EVENT_KINDS } from './report-types.js'
export type {
  AuditSummary,
  BatchCounts,
  BatchReport,
  CheckpointSummary,
  FieldAgreement,
  FieldCount,
  IncidentLifecycle,
  IncidentRecord,
  IncidentReporting,
  IncidentStage,
  OutcomeReasonCount,
  OversightReport,
  Reading,
  ReasonCount,
  RecallNoticeSummary,
  RecallStatus,
  TimelineEvent,
  TimelineEventKind,
  UnreadableRowRef,
  WeightThresholds,
} from './report-types.js'
export { createBatchTally } from './batch-tally.js'
export type { BatchReportFacts, BatchTally, BatchTallyOptions } from './batch-tally.js'
export { batchReportIssues, oversightReportIssues } from './check-report.js'
export type { ReportIssueCode } from './check-report.js'
export {
  AGREEMENT_CLASSES,
  CHART_COLORS,
  agreementClass,
  CHART_FONT,
  barChartSpec,
  countAxis,
  fieldAgreementSpec,
  outcomeReasonSpec,
  readingsSpec,
  timelineSpec,
  weightHistogramSpec,
} from './chart-specs.js'
export type { AgreementClass, BarChartOptions, BarDatum } from './chart-specs.js'
export { MIN_CASES, equityTable, equityTableRows, percent, proposeThreshold, rateWithInterval, wilsonInterval } from './equity.js'
export type { Difference, EquityReport, EquityRow, LabelledOutcome, RateInterval, ThresholdProposal } from './equity.js'
export { intervalSpec } from './chart-specs.js'
export type { IntervalDatum } from './chart-specs.js'
export { equitySectionBody } from './render-equity.js'
export { renderChartSvg } from './render-chart.js'
export type { ChartText, RenderChartOptions } from './render-chart.js'
export { PAGE_STYLE, SafeHtml, escapeHtml, html } from './html.js'
export type { HtmlValue } from './html.js'
export { renderBatchReport } from './render-batch-report.js'
export type { RenderReportOptions } from './render-batch-report.js'
export { renderOversightReport } from './render-oversight-report.js'
