/**
 * `verigate decide`: decides a file of match evidence under an agreement and the court orders in
 * a folder, at a given time, and writes one decision per line.
 */
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { InvalidInputError, NotFoundError, canonicalJson, writePrivateFile } from '../../core/index.js'
import type { JsonValue } from '../../core/index.js'
import { isStandardStream, writeStandardOutput } from '../standard-streams.js'

/** All of standard input as UTF-8 text (evidence is read whole, as from a file). */
async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Registers `verigate decide`. */
export function registerDecideCommand(program: Command): void {
  program
    .command('decide')
    .description(
      'Decide match evidence under an agreement and the court orders in force: which fields may be released, for each request. ' +
        "Volume caps count this batch's own disclosures, from zero.",
    )
    .requiredOption('--agreement <file>', 'the agreement (YAML or JSON) to decide under')
    .requiredOption('--orders <dir>', 'a folder of court orders (YAML or JSON); every one must be valid')
    .requiredOption('--evidence <file>', 'match evidence, one MatchResult per line (as `verigate link --explain` writes it); - for standard input')
    .requiredOption('--as-of <date>', 'the decision time: a date (YYYY-MM-DD, midnight UTC) or an ISO 8601 date-time with offset')
    .requiredOption('--out <file>', 'where to write the decisions, one canonical JSON object per line; - for standard output (the summary then goes to standard error)')
    .option('--requester <party>', "who makes the requests (default: the agreement's requesting party)")
    .option('--open-findings <n>', "open safeguard findings against the recipient", '0')
    .option('--corrective-plan', 'the recipient has an accepted corrective action plan for its open findings')
    .option('--json', 'print the summary by outcome and reason as JSON instead of a table')
    .action(async (options: DecideOptions) => {
      const summary = await runDecide(options)
      // With --out -, standard output carries the decisions only.
      const stream = isStandardStream(options.out) ? process.stderr : process.stdout
      stream.write(summary)
    })
}

/** The options `verigate decide` passes on. */
interface DecideOptions {
  readonly agreement: string
  readonly orders: string
  readonly evidence: string
  readonly asOf: string
  readonly out: string
  readonly requester?: string
  readonly openFindings: string
  readonly correctivePlan?: boolean
  readonly json?: boolean
}

function asOfMs(value: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : /T.*(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : Number.NaN
  if (!Number.isFinite(ms)) throw new InvalidInputError(`--as-of ${value}: expected YYYY-MM-DD or an ISO 8601 date-time with its offset, e.g. 2025-08-07T12:00:00Z`)
  return ms
}

/** Runs the command; returns what to print. The engine is imported here, not at start-up. */
async function runDecide(options: DecideOptions): Promise<string> {
  const { compilePolicy, decideBatch, parseEvidenceLines, readAgreementFile, readOrdersDir, summarizeDecisions } = await import('../../policy/index.js')
  const asOf = asOfMs(options.asOf)
  const openFindings = Number(options.openFindings)
  if (!Number.isInteger(openFindings) || openFindings < 0) throw new InvalidInputError(`--open-findings ${options.openFindings}: expected a whole number`)
  const agreement = readAgreementFile(options.agreement)
  const orders = readOrdersDir(options.orders)
  let text: string
  try {
    text = isStandardStream(options.evidence) ? await readStandardInput() : readFileSync(options.evidence, 'utf8')
  } catch (cause) {
    throw new NotFoundError(`cannot read the evidence ${options.evidence}: ${(cause as Error).message}`)
  }
  const parsed = parseEvidenceLines(text, isStandardStream(options.evidence) ? 'standard input' : options.evidence)
  if (!parsed.ok) throw new InvalidInputError(`${options.evidence} holds invalid evidence (${parsed.issues.length} issue(s))`, { issues: parsed.issues })
  const policy = compilePolicy(agreement, orders)
  const decisions = decideBatch(
    policy,
    parsed.value,
    {
      requester: options.requester ?? agreement.document.parties.requesting.id,
      disclosuresSoFar: {},
      safeguards: { openFindings, correctivePlan: options.correctivePlan === true },
    },
    asOf,
  )
  const lines = decisions.map((d) => `${canonicalJson(d as unknown as JsonValue)}\n`).join('')
  // Owner-only: a decision about each person matched.
  if (isStandardStream(options.out)) await writeStandardOutput(lines)
  else writePrivateFile(options.out, lines)
  const summary = summarizeDecisions(decisions)
  if (options.json) {
    return `${JSON.stringify({ agreement: { id: agreement.document.id, version: agreement.document.version, digest: agreement.digest }, orders: orders.map((o) => ({ id: o.document.id, digest: o.digest })), asOf: new Date(asOf).toISOString(), out: options.out, ...summary }, null, 2)}\n`
  }
  const report = [
    `Decided ${summary.total} request(s) under ${agreement.document.id} ${agreement.document.version} with ${orders.length} order(s), as of ${new Date(asOf).toISOString()}; wrote ${isStandardStream(options.out) ? 'standard output' : options.out}.`,
    '',
    table(['outcome', 'decisions'], Object.entries(summary.byOutcome)),
    '',
    table(['reason', 'decisions'], Object.entries(summary.byReason)),
  ]
  if (Object.keys(summary.byField).length > 0) report.push('', table(['field released', 'decisions'], Object.entries(summary.byField)))
  return `${report.join('\n')}\n`
}

function table(header: readonly [string, string], rows: readonly (readonly [string, number])[]): string {
  const w = Math.max(header[0].length, ...rows.map(([k]) => k.length))
  const n = Math.max(header[1].length, ...rows.map(([, v]) => String(v).length))
  return [`${header[0].padEnd(w)}  ${header[1].padStart(n)}`, `${'-'.repeat(w)}  ${'-'.repeat(n)}`, ...rows.map(([k, v]) => `${k.padEnd(w)}  ${String(v).padStart(n)}`)].join('\n')
}
