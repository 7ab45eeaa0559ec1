/**
 * @module intake
 * Reading request and master files (CSV, JSON Lines, Parquet) through a column map into canonical
 * records, streaming, with every bad row reported as an `Issue` (file, line, field) and the good
 * rows kept.
 */
export { openRecords, formatOf, MAX_KEPT_ISSUES, DEFAULT_MAX_FIELD_BYTES } from './open-records.js'
export type { InputFormat, OpenOptions, IntakeRow, IntakeSummary, RecordSource } from './open-records.js'
export { parseColumnMap, loadColumnMap, inferColumnMap, compileColumnMap, normalizeColumnName, COLUMN_SYNONYMS } from './column-map.js'
export type { ColumnMap, CompiledColumnMap } from './column-map.js'
export { INTAKE_ISSUE_CODES, intakeIssue } from './intake-issue.js'
export type { IntakeIssue, IntakeIssueCode, IntakeIssueFacts } from './intake-issue.js'
export { splitCsvRecord, sniffDelimiter } from './csv-record.js'
export { fingerprintId, IdFingerprintSet } from './id-set.js'
export { standardizeFile, standardizedRow, STANDARDIZED_COLUMNS } from './standardize-file.js'
export type { StandardizeFileOptions, StandardizeFileSummary } from './standardize-file.js'
