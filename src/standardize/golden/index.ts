/**
 * @module standardize/golden
 * The golden table of hand-written standardization cases (golden-*.txt, kept as data) and the
 * runner that compares each case with what the standardizers produce.
 */
export { runGoldenFile, GOLDEN_DIR, GOLDEN_TODAY } from './golden-cases.js'
export type { GoldenOutcome } from './golden-cases.js'
