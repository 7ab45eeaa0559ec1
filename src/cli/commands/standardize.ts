/**
 * `verigate standardize`: reads a request or master file (CSV, JSON Lines, Parquet) through a
 * column map, standardizes every good row, and writes them as CSV in USPS Publication 28 form.
 */
import type { Command } from 'commander'
import { InvalidInputError, formatIssue } from '../../core/index.js'
import { createProgress, progressMode, progressOptions, progressShown, ticksTo } from '../progress.js'
import { STANDARD_STREAM, isStandardStream, withStandardInput, withStandardOutput } from '../standard-streams.js'

/** Which columns are taken without `--map`, for the help text (kept in step with intake's COLUMN_SYNONYMS by a test). */
export const SYNONYMS_HELP = `Without --map, columns are taken by name (case, spaces and dashes ignored):
  id             id, rec_id, record_id, request_id, unique_id, person_id, uid
  given_name     given_name, first_name, firstname, given, forename, fname, first
  middle_name    middle_name, middlename, middle, middle_initial, mi
  surname        surname, last_name, lastname, family_name, familyname, lname, last
  suffix         suffix, name_suffix, generational_suffix
  name           name, full_name, fullname, person_name
  dob            dob, date_of_birth, birth_date, birthdate, dateofbirth, birthday
  tin            tin, ssn, soc_sec_id, social_security_number, itin, taxpayer_id
  address        address, full_address, street_address, address_line, addr
  street_number  street_number, house_number, housenumber, street_no, house_no
  street_name    street_name, streetname, street
  unit           unit, apartment, apt, unit_number, suite
  city           city, town, suburb, locality
  state          state, state_code
  zip            zip, zipcode, zip_code, postcode, postal_code, postalcode
  case_ref       case_ref, case_number, case_no, case_id
  tax_periods    tax_periods, tax_period, tax_years
  statute        statute, statutory_authority
  reasons        reasons, reason
  order_date     order_date, removal_order_date`

const EXAMPLES = `
A map is JSON from canonical field to column (a list is joined with a space), e.g.
  {"id": "rec_id", "given_name": "given_name", "surname": "surname",
   "street_name": ["address_1", "address_2"], "city": "suburb", "zip": "postcode",
   "dob": "date_of_birth", "tin": "soc_sec_id"}

${SYNONYMS_HELP}

Bad rows (an unclosed quote, a wrong column count, invalid UTF-8, a field over the size limit,
no id, a repeated id) are reported with file:line (field) and left out; the good rows are written.
The command fails (exit 65) only when the file is refused whole: it cannot be read, is empty, or
lacks a mapped column.

Examples:
  verigate generate --people 1000 --requests 200 --seed 7 --out data
  verigate standardize --in data/requests.csv --out requests-std.csv
  verigate standardize --in dataset4a.csv --map examples/maps/febrl.json --out febrl4a.csv   (a FEBRL file)`

/** The options `verigate standardize` passes on. */
interface StandardizeOptions {
  readonly in: string
  readonly out: string
  readonly map?: string
  readonly format?: string
  readonly delimiter?: string
  readonly maxFieldBytes?: string
  readonly json?: boolean
  /** `--progress` (a mode) or `--no-progress` (false): read with `progressMode`. */
  readonly progress: string | boolean
}

/** Registers `verigate standardize`. */
export function registerStandardizeCommand(program: Command): void {
  program
    .command('standardize')
    .description('Standardize the names, addresses and dates of a request or master file into USPS Publication 28 form, with completeness grades.')
    .requiredOption('--in <file>', 'the file to read: CSV (any of , ; tab |), JSON Lines (.jsonl, .ndjson) or Parquet (.parquet); - for standard input (CSV or JSON Lines, told apart by a first {)')
    .requiredOption('--out <file>', 'where to write the standardized CSV (one row per good input row); - for standard output (the summary then goes to standard error)')
    .option('--map <file>', 'a column map (JSON): canonical field → column or list of columns; without it, columns are taken by name')
    .option('--format <format>', 'csv, jsonl or parquet (default: from the extension; anything else is CSV)')
    .option('--delimiter <char>', 'the CSV delimiter (default: sniffed from the header); write "\\t" or tab for a tab')
    .option('--max-field-bytes <n>', 'refuse a row whose field is longer than this many UTF-8 bytes', '4096')
    .option('--json', 'print the summary as JSON instead of text')
    .addOption(progressOptions()[0])
        .addOption(progressOptions()[1])
    .addHelpText('after', EXAMPLES)
    .action(async (options: StandardizeOptions) => {
      const summary = await runStandardize(options)
      // With --out -, standard output carries the data only.
      const stream = isStandardStream(options.out) ? process.stderr : process.stdout
      stream.write(summary)
    })
}

function parseFormat(value: string | undefined): 'csv' | 'jsonl' | 'parquet' | undefined {
  if (value === undefined) return undefined
  if (value === 'csv' || value === 'jsonl' || value === 'parquet') return value
  throw new InvalidInputError(`--format ${value}: expected csv, jsonl or parquet`)
}

/** Runs the command; returns what to print. Intake and standardize are imported here, not at start-up. */
async function runStandardize(options: StandardizeOptions): Promise<string> {
  const { loadColumnMap, standardizeFile } = await import('../../intake/index.js')
  const format = parseFormat(options.format)
  const maxFieldBytes = Number(options.maxFieldBytes ?? '4096')
  if (!Number.isInteger(maxFieldBytes) || maxFieldBytes <= 0) throw new InvalidInputError(`--max-field-bytes ${options.maxFieldBytes}: expected a positive whole number`)
  const delimiter = options.delimiter === '\\t' || options.delimiter === 'tab' ? '\t' : options.delimiter
  const map = options.map === undefined ? undefined : await loadColumnMap(options.map)
  const mode = progressMode(options.json === true && options.progress === 'auto' ? false : options.progress)
  const progress = progressShown(mode) ? createProgress({ label: 'standardizing', mode, unit: 'rows' }) : undefined
  const started = performance.now()
  let summary
  try {
    summary = await withStandardInput(options.in, '--in', format, (input) =>
      withStandardOutput(options.out, (output) =>
        standardizeFile({
          input: input.path,
          output,
          ...(map === undefined ? {} : { map }),
          ...(input.format === undefined ? {} : { format: input.format }),
          ...(delimiter === undefined ? {} : { delimiter }),
          maxFieldBytes,
          ...(progress === undefined ? {} : { onProgress: ticksTo(progress) }),
        }),
      ),
    )
  } finally {
    progress?.done()
  }
  const seconds = (performance.now() - started) / 1000
  const { intake } = summary
  if (options.json) {
    return `${JSON.stringify(
      {
        in: options.in,
        out: isStandardStream(options.out) ? STANDARD_STREAM : summary.output,
        map: summary.map,
        rowsRead: intake.rowsRead,
        written: summary.written,
        rejected: intake.rejected,
        rejectedByCode: intake.byCode,
        addressGrades: summary.addressGrades,
        nameGrades: summary.nameGrades,
        standardizeIssues: summary.standardizeIssues,
        firstIssues: summary.firstIssues,
        seconds: Number(seconds.toFixed(3)),
      },
      null,
      2,
    )}\n`
  }
  const lines = [
    `read ${isStandardStream(options.in) ? 'standard input' : options.in}: ${intake.rowsRead} rows; wrote ${summary.written} to ${isStandardStream(options.out) ? 'standard output' : summary.output}; refused ${intake.rejected} (${seconds.toFixed(1)} s)`,
    `columns: ${Object.entries(summary.map)
      .map(([field, column]) => `${field} ← ${Array.isArray(column) ? column.join(' + ') : String(column)}`)
      .join(', ')}`,
    `address grades: ${Object.entries(summary.addressGrades)
      .map(([grade, n]) => `${grade} ${n}`)
      .join(', ')}`,
    `name grades: ${Object.entries(summary.nameGrades)
      .map(([grade, n]) => `${grade} ${n}`)
      .join(', ')}`,
  ]
  const byCode = Object.entries(intake.byCode)
  if (byCode.length > 0) lines.push(`issues: ${byCode.map(([code, n]) => `${code} ${n}`).join(', ')}`)
  for (const issue of summary.firstIssues.slice(0, 10)) lines.push(`  ${formatIssue(issue)}`)
  const more = byCode.reduce((sum, [, n]) => sum + n, 0) - Math.min(10, summary.firstIssues.length)
  if (more > 0) lines.push(`  … and ${more} more`)
  return `${lines.join('\n')}\n`
}
