/**
 * Example lines shared by several commands' `--help`. Every `verigate …` line of a help text is
 * run by src/cli/help-examples.test.ts from a fresh copy of the repository, in order, so a
 * command whose examples need batches in a store starts them with this replay.
 */

/** Generates the incident's data and replays its batch in a new simulation store (verigate.sqlite). */
export const REPLAY_EXAMPLE = `  verigate generate --scenario demo --out data/demo
  verigate store create --simulation
  verigate batch run --agreement policies/agreements/irs-ice-2025-corrected.yaml --orders policies/orders \\
    --master data/demo/master.csv --requests data/demo/requests.csv \\
    --as-of 2025-08-07T12:00:00Z --release-at 2025-08-07T16:00:00Z --out out`
