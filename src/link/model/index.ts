/**
 * @module link/model
 * The Fellegi–Sunter model: parameters as JSON, weights, the default model, and EM.
 */
export {
  COMPARED_FIELDS,
  loadModel,
  saveModel,
  parseModel,
  modelDigest,
  parameterArrays,
  withParameters,
  weightTable,
  priorWeight,
  weightToProbability,
  scoredLevels,
} from './link-model.js'
export type { LinkModel, FieldParameters } from './link-model.js'
export { DEFAULT_MODEL } from './default-model.js'
export { expectationMaximisation, countPatterns, leaveOneOutM } from './expectation-maximisation.js'
export type { PatternCounts, EmParameters, EmOptions, EmResult, LeaveOneOutOptions } from './expectation-maximisation.js'
