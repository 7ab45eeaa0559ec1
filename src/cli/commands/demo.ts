/**
 * `verigate demo`: the whole workflow on generated data, offline, in under a minute (what
 * `npm run demo` runs). Everything it writes goes into one folder (default `demo-out/`, ignored by
 * git), the database included, so it starts fresh each time.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Command } from 'commander'
import { InvalidInputError } from '../../core/index.js'
import { cliProgress, summaryLines } from './batch.js'

interface DemoCliOptions {
  readonly db?: string
  readonly out: string
  readonly json?: boolean
  readonly progress: boolean
}

/** Registers `verigate demo`. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Run the whole workflow on generated data: generate, batch, review with two reviewers, release, verify the ledger, and write the report.')
    .option('--out <dir>', 'the folder for the data, the response, the report and (by default) the database; emptied first', 'demo-out')
    .option('--db <file>', 'a new SQLite file for the demo (default: <out>/demo.sqlite); an existing file is refused')
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'never print progress (it is printed to stderr only when stderr is a terminal)')
    .action(async (options: DemoCliOptions) => {
      const db = options.db ?? join(options.out, 'demo.sqlite')
      if (options.db !== undefined && existsSync(options.db)) throw new InvalidInputError(`${options.db} exists: the demo needs a new database file`)
      rmSync(options.out, { recursive: true, force: true })
      mkdirSync(options.out, { recursive: true })
      const key = join(options.out, 'demo.ledger-key')
      const { loadOrCreateLedgerKeys } = await import('../../ledger/index.js')
      const { keys } = loadOrCreateLedgerKeys(key)
      const { openStore } = await import('../../store/index.js')
      const { runDemo } = await import('../../workflow/index.js')
      const store = await openStore(db)
      try {
        const result = await runDemo(store, { outDir: options.out, keys, progress: await cliProgress(options.progress && !options.json) })
        const s = result.afterReview.summary
        if (options.json) {
          process.stdout.write(
            `${JSON.stringify({ ...s, report: result.afterReview.reportPath, response: result.afterReview.responsePath, database: db, ledger_ok: result.verification.ok, ledger_size: result.verification.size, seconds: Number(result.seconds.toFixed(1)) }, null, 2)}\n`,
          )
        } else {
          const lines = ['Verigate demo', ...result.steps.map((st) => `  ${st.what.padEnd(18)} ${st.detail}`), '', ...summaryLines(s), '']
          lines.push(`The report: ${relative(process.cwd(), result.afterReview.reportPath) || result.afterReview.reportPath} (open it in a browser)`)
          lines.push(`The response to the requester: ${relative(process.cwd(), result.afterReview.responsePath)}`)
          lines.push(`The database: ${db} (try \`verigate review list --db ${db}\` or \`verigate ledger verify --db ${db} --key ${key}\`)`)
          lines.push(`Done in ${result.seconds.toFixed(1)} s.`)
          process.stdout.write(`${lines.join('\n')}\n`)
        }
        if (!result.verification.ok) process.exitCode = 1
      } finally {
        await store.close()
      }
    })
}
