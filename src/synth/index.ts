/**
 * @module synth
 * The synthetic population and request generator: a master of people in households, requests
 * about some of them and about people who are not there, with the noise, junk addresses and
 * near-twins of real files, and the truth that scores any answer. Uses only the public API of
 * core/, so it cannot share a bug with the standardizer it tests.
 */
export { generate, configDocument } from './generate.js'
export type { GenerateSummary, WrittenFile, ProgressListener, RunOptions } from './generate.js'
export {
  ADDRESS_KINDS,
  SCENARIOS,
  INCIDENT_PARAMS,
  DEMO_PARAMS,
  PARAMETER_DOCS,
  scenarioDefaults,
  resolveParams,
  validateParams,
} from './params.js'
export type { SynthParams, GenerateOptions, AddressKind, ScenarioName } from './params.js'
export { MASTER_COLUMNS, REQUEST_COLUMNS, TRUTH_COLUMNS, NOISE_CODES } from './columns.js'
export { Rng, seedToUint32 } from './prng.js'
export { AliasTable, WeightedList } from './alias-table.js'
export { CsvFileWriter, csvField } from './csv-writer.js'
