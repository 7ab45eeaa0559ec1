/**
 * `verigate serve`: the HTTP API (src/api) on a port, over the same store as the CLI. Structured
 * logs on stdout (pino JSON: ids and codes, never bodies); graceful shutdown on SIGTERM/SIGINT
 * (stop accepting, finish the requests in flight, close the store).
 */
import { readFileSync } from 'node:fs'
import { type Command, Option } from 'commander'
import { InvalidInputError } from '../../core/index.js'
import type { DbOptions } from '../db-option.js'
import { addDbOption, addKeyOption, ledgerKeysFor, openStoreFor } from '../db-option.js'
import { fromSettings } from '../settings.js'

interface ServeOptions extends DbOptions {
  readonly master?: string
  readonly masterData?: string
  readonly agreement?: string
  readonly orders?: string
  readonly dataDir: string
  readonly host: string
  readonly port: string
  readonly tlsCert?: string
  readonly tlsKey?: string
  readonly tlsCa?: string
  readonly maxBody: string
  readonly maxUpload: string
  readonly rateLimit: string
  readonly authFailures: string
  readonly threads?: string
  readonly logLevel: string
}

const EXAMPLES = `
Examples:
  verigate generate --scenario demo --out data/demo
  verigate index --master data/demo/master.csv --out master.vgx
  verigate serve --agreement policies/agreements/irs-ice-2025-corrected.yaml --orders policies/orders \\
    --master master.vgx --master-data data/demo/master.csv --port 8080
  curl -H "Authorization: Bearer $VG_KEY" --data-binary @requests.csv -H 'content-type: text/csv' http://127.0.0.1:8080/v1/batches

Keys: \`verigate party add\` and \`verigate party key create\` (see \`verigate party --help\`). A key
is checked against the store on every request that acts, and a signed-in page's key on every
request: \`verigate party key revoke\`, run beside this server, ends the key's sessions at once,
and a key whose role does not fit its party's kind is refused. The reference is at /docs, the
OpenAPI document at /openapi.json. Without --master and --agreement, batches and online
verification answer 503 service_unavailable; the review, recall and oversight routes still work.`

function whole(name: string, value: string, min: number, max: number): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidInputError(`${name} ${value}: expected a whole number from ${min} to ${max}`)
  return n
}

/** Registers `verigate serve`. */
export function registerServeCommand(program: Command): void {
  addKeyOption(
    addDbOption(
      program
        .command('serve')
        .description('Serve the HTTP API: batches and online verification for requesting parties, the review queue, recalls, oversight and ledger proofs; and the web pages for reviewers and overseers at /ui.')
        .option('--agreement <file>', 'the agreement batches and verifications are decided under (YAML or JSON)')
        .option('--orders <dir>', 'a folder of court orders (YAML or JSON)')
        .option('--master <file>', 'the master: an index snapshot (.vgx, loads fast) or a data file (indexed at start)')
        .option('--master-data <file>', 'with a .vgx master: the data file it was built from (batches disclose its values; online answers are accounted under its TINs)')
        .option('--data-dir <dir>', 'where uploaded request files, responses and reports are kept', 'verigate-data')
        .addOption(fromSettings(new Option('--host <host>', 'the address to listen on').default('127.0.0.1')))
        .addOption(fromSettings(new Option('--port <port>', 'the port (0: any free port, printed at start)').default('8080')))
        .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM)')
        .option('--tls-key <file>', 'the certificate’s private key (PEM)')
        .option('--tls-ca <file>', 'require client certificates signed by this CA (mutual TLS), besides the API key')
        .option('--max-body <bytes>', 'the largest JSON body', String(1 << 20))
        .option('--max-upload <bytes>', 'the largest batch upload', String(512 * (1 << 20)))
        .option('--rate-limit <n>', 'requests per party per minute', '6000')
        .option('--auth-failures <n>', 'failed authentications (API keys and web sign-ins) per client address per minute, after which the address gets 429 until the minute ends', '10')
        .option('--threads <n>', 'link worker threads for batches (default: all cores)')
        .addOption(fromSettings(new Option('--log-level <level>', 'fatal, error, warn, info, debug or silent').default('info')))
        .addHelpText('after', EXAMPLES),
    ),
  ).action(async (options: ServeOptions) => {
    const port = whole('--port', options.port, 0, 65535)
    const limits = { bodyBytes: whole('--max-body', options.maxBody, 1024, 2 ** 31), uploadBytes: whole('--max-upload', options.maxUpload, 1024, 2 ** 45), requestsPerMinute: whole('--rate-limit', options.rateLimit, 1, 1e9), authFailuresPerMinute: whole('--auth-failures', options.authFailures, 1, 1e9) }
    const threads = options.threads === undefined ? undefined : whole('--threads', options.threads, 1, 1024)
    if (Boolean(options.tlsCert) !== Boolean(options.tlsKey)) throw new InvalidInputError('--tls-cert and --tls-key go together')
    if (options.tlsCa && !options.tlsCert) throw new InvalidInputError('--tls-ca (mutual TLS) needs --tls-cert and --tls-key')
    if (Boolean(options.master) !== Boolean(options.agreement)) throw new InvalidInputError('--master and --agreement go together (batches and verification need both)')
    const { buildApp, createBatchService, createOnlineVerifier } = await import('../../api/index.js')
    const store = await openStoreFor(options, false)
    try {
      const keys = await ledgerKeysFor(options, store, 'create')
      const services =
        options.master && options.agreement
          ? {
              verifier: await createOnlineVerifier({
                masterPath: options.master,
                ...(options.masterData ? { masterDataPath: options.masterData } : {}),
                agreementPath: options.agreement,
                ...(options.orders ? { ordersDir: options.orders } : {}),
              }),
              batches: await createBatchService({
                store,
                agreementPath: options.agreement,
                ...(options.orders ? { ordersDir: options.orders } : {}),
                masterPath: options.master,
                ...(options.masterData ? { masterDataPath: options.masterData } : {}),
                dataDir: options.dataDir,
                keys,
                ...(threads ? { threads } : {}),
              }),
            }
          : {}
      const app = await buildApp({
        store,
        keys,
        limits,
        ...services,
        logger: { level: options.logLevel },
        ...(options.tlsCert && options.tlsKey
          ? { https: { cert: readFileSync(options.tlsCert), key: readFileSync(options.tlsKey), ...(options.tlsCa ? { ca: readFileSync(options.tlsCa) } : {}) } }
          : {}),
      })
      if (services.batches) {
        const resumed = await services.batches.resumeUnfinished()
        if (resumed.length > 0) app.log.info({ batches: resumed }, 'resuming unfinished batches')
      }
      const address = await app.listen({ host: options.host, port })
      process.stderr.write(`verigate: listening on ${address} (reference at ${address}/docs)\n`)
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          app.log.info({ signal }, 'shutting down')
          void app.close().then(resolve, resolve)
        }
        process.once('SIGTERM', () => stop('SIGTERM'))
        process.once('SIGINT', () => stop('SIGINT'))
      })
      const running = services.batches && services.batches.runningBatch()
      if (running) {
        // A batch run is resumable from any point (issue 7): stopping mid-run loses nothing.
        process.stderr.write(`verigate: stopped while batch ${running} was running; it resumes at the next start\n`)
        process.exit(0)
      }
      process.stderr.write('verigate: stopped\n')
    } finally {
      await store.close()
    }
  })
}
