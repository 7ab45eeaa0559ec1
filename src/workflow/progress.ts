/**
 * Progress of long stages, as a callback the face supplies: the CLI draws a line on a terminal
 * (`createProgress` in src/cli/progress.ts), tests and scripts pass nothing and get silence.
 */

/** A running stage's counter. */
export interface StageCounter {
  tick(n?: number): void
  done(): void
  /**
   * The state behind the count, a few lines (a distributed batch's jobs, workers and stalled
   * jobs): shown with the count by a face that can, replaced by the next call.
   */
  status?(lines: readonly string[]): void
}

/** Starts counting a stage (`total` when known). */
export type StageProgress = (label: string, total?: number) => StageCounter

/** Progress that shows nothing. */
export const silentProgress: StageProgress = () => ({ tick: () => undefined, done: () => undefined })
