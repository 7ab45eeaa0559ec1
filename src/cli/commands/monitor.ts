/**
 * `verigate monitor …`: the overseer's side of transparency (issue 22, docs/transparency.md). No
 * database and no key of the holder's but its verifier key: it fetches the checkpoint the holder
 * published (`ledger publish`, a directory or its HTTP copy), checks its signature, checks it
 * against the last checkpoint it accepted by a consistency proof, keeps every checkpoint it
 * accepted in its state file, and raises an alarm naming both tree heads when the log forked
 * (same size, another root; or no valid consistency proof) or shrank. `monitor witness-key` makes
 * the overseer's own Ed25519 witness key; `monitor cosign` co-signs (C2SP cosignature/v1) the
 * last checkpoint it accepted, for the holder to keep (`ledger cosign-add`).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { IntegrityError, InvalidInputError, NotFoundError } from '../../core/index.js'

/** The format of the monitor's state file. */
const STATE_FORMAT = 'verigate-monitor-state/1'

/** The format of a witness key file. */
const WITNESS_KEY_FORMAT = 'verigate-witness-key/1'

/** A tree head as the monitor names it in what it says and keeps. */
interface TreeHead {
  readonly origin: string
  readonly tree_size: number
  /** Hex of the root hash. */
  readonly root_hash: string
}

/** A checkpoint the monitor accepted: its tree head, the note as fetched, where and when. */
interface AcceptedCheckpoint extends TreeHead {
  readonly accepted_at: string
  readonly source: string
  /** The signed note as fetched (the evidence an overseer shows). */
  readonly note: string
}

/** An alarm the monitor raised: what, both tree heads, and the offered note (the evidence). */
interface Alarm {
  readonly at: string
  readonly kind: 'fork' | 'shrink'
  readonly reason: string
  readonly kept: TreeHead
  readonly offered: TreeHead
  readonly source: string
  readonly offered_note: string
}

/** The monitor's state file: the log it watches, every checkpoint it accepted, every alarm. */
interface MonitorState {
  readonly format: typeof STATE_FORMAT
  /** The log's note verifier key the state was started with: a state follows one log. */
  readonly verifier_key: string
  readonly accepted: AcceptedCheckpoint[]
  readonly alarms: Alarm[]
}

/** What one check found. */
type Outcome =
  | { readonly status: 'first' | 'grew' | 'unchanged'; readonly checkpoint: TreeHead; readonly previous?: TreeHead }
  | { readonly status: 'alarm'; readonly alarm: Alarm }

interface MonitorOptions {
  readonly source: string
  readonly verifierKey: string
  readonly state: string
  readonly json?: boolean
  readonly every?: string
}

const EXAMPLES = `
Examples (the holder's side first, in a simulation store; the overseer needs only log.vkey and what is published):
  verigate store create --simulation
  verigate ledger public-key --format note --out log.vkey
  verigate ledger publish --out published
  verigate monitor --source published --verifier-key "$(cat log.vkey)" --state overseer.json
  verigate ledger publish --out published
  verigate monitor --source published --verifier-key "$(cat log.vkey)" --state overseer.json --json
  verigate monitor witness-key --name overseer.example.gov/w1 --out witness.key
  verigate monitor cosign --state overseer.json --witness-key witness.key --out cosigned.note
  verigate ledger cosign-add cosigned.note --witness "$(cat witness.key.vkey)"
  verigate ledger checkpoint --format c2sp

Exit codes: 0 the checkpoint was accepted (the first, one that grew the log by a valid consistency
proof, or the same again); 1 ALARM: the log forked (same size with another root, or no valid
consistency proof from the last accepted checkpoint) or shrank, with both tree heads named; 65 bad
input; 66 the source or its checkpoint cannot be read; 70 the checkpoint's signature does not
verify under the verifier key. With --every the monitor keeps watching until an alarm. Or run it
from cron: each run reads and updates the state file.
`

/** Registers `verigate monitor` and its sub-commands. */
export function registerMonitorCommand(program: Command): void {
  const monitor = program
    .command('monitor')
    .description(
      'For an overseer, without the holder’s database: fetch the checkpoint the holder published (`ledger publish`: a directory or an http(s) URL), check its signature with the log’s verifier key, check it against the last one accepted (kept in --state) by a consistency proof, and raise an alarm naming both when the log forked or shrank. `verigate monitor --source …` runs `monitor check`.',
    )
    .addHelpText('after', EXAMPLES)

  // The default sub-command: `verigate monitor --source …` is `verigate monitor check --source …`
  // (a parent with options of its own would take the sub-commands' --state).
  monitor
    .command('check', { isDefault: true })
    .description('Fetch the published checkpoint, check its signature and its consistency with the last one accepted, keep it, or raise an alarm naming both. Every accepted checkpoint and every alarm is kept in the state file.')
    .requiredOption('--source <dir|url>', 'where the holder publishes: a directory, or the http(s) URL it is served at')
    .requiredOption('--verifier-key <vkey>', 'the log’s note verifier key <origin>+<key hash>+<base64 key> (from `ledger public-key --format note`)')
    .requiredOption('--state <file>', 'the monitor’s state file (made on the first run): the checkpoints accepted and the alarms raised')
    .option('--every <seconds>', 'keep watching: check again every so many seconds, until an alarm')
    .option('--json', 'print each outcome as JSON: {status: first|grew|unchanged, checkpoint, previous} or {status: "alarm", alarm: {kind, reason, kept, offered}}')
    .action(async (options: MonitorOptions) => {
      await runMonitor(options)
    })

  monitor
    .command('witness-key')
    .description('Make the overseer’s own Ed25519 witness key (a private file) and print its verifier key (C2SP cosignature/v1, type 0x04), which the holder is given for `ledger cosign-add`; FILE.vkey holds it too.')
    .requiredOption('--name <name>', 'the witness’s name, a schema-less URL (e.g. overseer.example.gov/w1)')
    .requiredOption('--out <file>', 'the key file to make (refused if it exists)')
    .option('--json', 'print {name, verifier_key, key_file, verifier_key_file} as JSON')
    .action(async (options: { name: string; out: string; json?: boolean }) => {
      await runWitnessKey(options)
    })

  monitor
    .command('cosign')
    .description('Co-sign, with the witness key, the last checkpoint the monitor accepted (never one it has not checked): the checkpoint with a C2SP cosignature/v1 line added, for the holder to keep (`ledger cosign-add`).')
    .requiredOption('--state <file>', 'the monitor’s state file')
    .requiredOption('--witness-key <file>', 'the witness key file (`monitor witness-key`)')
    .option('--out <file>', 'write the co-signed checkpoint here instead of stdout')
    .option('--json', 'print {out, tree_size, root_hash, witness, line, note} as JSON (out: the file written, or null)')
    .action(async (options: { state: string; witnessKey: string; out?: string; json?: boolean }) => {
      await runCosign(options)
    })
}

async function runMonitor(options: MonitorOptions): Promise<void> {
  const every = options.every === undefined ? undefined : Number(options.every)
  if (every !== undefined && (!Number.isFinite(every) || every <= 0)) throw new InvalidInputError(`--every takes a number of seconds above 0, not ${options.every}`)
  for (;;) {
    const outcome = await checkOnce(options)
    report(outcome, options.json === true)
    if (outcome.status === 'alarm') {
      process.exitCode = 1
      return
    }
    if (every === undefined) return
    await new Promise((resolve) => setTimeout(resolve, every * 1000))
  }
}

/** Prints an outcome: JSON on stdout, or a line (the alarm on stderr). */
function report(outcome: Outcome, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(outcome.status === 'alarm' ? { status: 'alarm', alarm: { ...outcome.alarm, offered_note: undefined } } : outcome, null, 2)}\n`)
    return
  }
  if (outcome.status === 'alarm') {
    process.stderr.write(`verigate monitor: ALARM: ${outcome.alarm.reason}\n  kept:    ${describe(outcome.alarm.kept)}\n  offered: ${describe(outcome.alarm.offered)} (from ${outcome.alarm.source})\n`)
    return
  }
  if (outcome.status === 'grew' && outcome.previous) {
    process.stdout.write(`accepted: the log grew, proved consistent with the last checkpoint accepted\n  kept:     ${describe(outcome.previous)}\n  accepted: ${describe(outcome.checkpoint)}\n`)
    return
  }
  const words = { first: 'accepted the first checkpoint (nothing to compare it with yet)', grew: 'accepted', unchanged: 'unchanged: the same tree head as the last checkpoint accepted' }
  process.stdout.write(`${words[outcome.status]}\n  ${describe(outcome.checkpoint)}\n`)
}

/** A tree head in words: size, root, origin. */
function describe(head: TreeHead): string {
  return `size ${head.tree_size}, root ${head.root_hash}, origin ${head.origin}`
}

/** One check: fetch, verify, compare with the last accepted, keep. */
async function checkOnce(options: MonitorOptions): Promise<Outcome> {
  const { openC2spCheckpoint, parseNoteVerifierKey, verifyConsistency } = await import('../../ledger/index.js')
  const verifier = parseNoteVerifierKey(options.verifierKey)
  if ('reason' in verifier) throw new InvalidInputError(verifier.reason)
  const state = readState(options.state, options.verifierKey)
  const note = await fetchText(options.source, 'checkpoint')
  if (note === undefined) throw new NotFoundError(`${options.source} has no checkpoint (is it where \`ledger publish --out\` writes?)`)
  const opened = openC2spCheckpoint(note, verifier)
  if (!opened.ok) throw new IntegrityError(`the checkpoint from ${options.source} does not open with the verifier key: ${opened.issues.map((i) => i.message).join('; ')}`)
  const c = opened.value.checkpoint
  const offered: TreeHead = { origin: c.origin, tree_size: c.treeSize, root_hash: c.rootHash }
  const now = new Date().toISOString()
  const accept = (status: 'first' | 'grew', previous?: TreeHead): Outcome => {
    state.accepted.push({ ...offered, accepted_at: now, source: options.source, note })
    writeState(options.state, state)
    return { status, checkpoint: offered, ...(previous ? { previous } : {}) }
  }
  const last = state.accepted.at(-1)
  if (!last) return accept('first')
  const kept: TreeHead = { origin: last.origin, tree_size: last.tree_size, root_hash: last.root_hash }
  const alarm = (kind: Alarm['kind'], reason: string): Outcome => {
    const raised: Alarm = { at: now, kind, reason, kept, offered, source: options.source, offered_note: note }
    state.alarms.push(raised)
    writeState(options.state, state)
    return { status: 'alarm', alarm: raised }
  }
  if (offered.tree_size < kept.tree_size) return alarm('shrink', `the log shrank: it now has ${offered.tree_size} entries, the last checkpoint accepted had ${kept.tree_size}`)
  if (offered.tree_size === kept.tree_size) {
    if (offered.root_hash === kept.root_hash) return { status: 'unchanged', checkpoint: offered, previous: kept }
    return alarm('fork', `the log forked: two checkpoints of ${kept.tree_size} entries with different roots, both signed by the log`)
  }
  if (kept.tree_size === 0) return accept('grew', kept)
  const proofName = `consistency/${kept.tree_size}-${offered.tree_size}`
  const proofText = await fetchText(options.source, proofName)
  if (proofText === undefined) return alarm('fork', `the log offers no consistency proof from the last checkpoint accepted to this one (${proofName} is missing): it cannot show that it only grew`)
  const proof = proofText.split('\n').filter((line) => line !== '').map((line) => Buffer.from(line, 'base64'))
  if (proof.some((hash) => hash.length !== 32)) return alarm('fork', `the consistency proof ${proofName} is not a list of 32-byte base64 hashes`)
  const check = verifyConsistency(kept.tree_size, offered.tree_size, Buffer.from(kept.root_hash, 'hex'), Buffer.from(offered.root_hash, 'hex'), proof)
  if (!check.valid) return alarm('fork', `the log forked: the consistency proof ${proofName} does not show this checkpoint extends the last one accepted (${check.reason})`)
  return accept('grew', kept)
}

/** Reads `name` from the source (a directory or an http(s) URL); undefined when it is not there. */
async function fetchText(source: string, name: string): Promise<string | undefined> {
  if (/^https?:\/\//.test(source)) {
    const url = `${source.replace(/\/+$/, '')}/${name}`
    let response: Response
    try {
      response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(30_000) })
    } catch (cause) {
      throw new NotFoundError(`cannot fetch ${url}: ${(cause as Error).message}`)
    }
    if (response.status === 404) return undefined
    if (!response.ok) throw new NotFoundError(`${url} answered ${response.status}`)
    return response.text()
  }
  const path = join(source, name)
  if (!existsSync(path)) return undefined
  return readFileSync(path, 'utf8')
}

/** The state file, or a new state when there is none; refused when it follows another log. */
function readState(path: string, verifierKey: string): MonitorState {
  if (!existsSync(path)) return { format: STATE_FORMAT, verifier_key: verifierKey.trim(), accepted: [], alarms: [] }
  let state: MonitorState
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as MonitorState
  } catch (cause) {
    throw new InvalidInputError(`the state file ${path} is not JSON`, { cause })
  }
  if (state.format !== STATE_FORMAT || !Array.isArray(state.accepted) || !Array.isArray(state.alarms)) throw new InvalidInputError(`the state file ${path} is not a ${STATE_FORMAT} file`)
  if (state.verifier_key !== verifierKey.trim()) throw new InvalidInputError(`the state file ${path} follows the log of ${state.verifier_key}, not ${verifierKey.trim()}: give each log a state file of its own`)
  return state
}

/** Writes the state whole (a temporary file renamed over it): a run stopped half-way leaves the last state. */
function writeState(path: string, state: MonitorState): void {
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`)
  renameSync(temporary, path)
}

/** A witness key file: the name and the Ed25519 private key (PKCS#8 PEM). */
interface WitnessKeyFile {
  readonly format: typeof WITNESS_KEY_FORMAT
  readonly name: string
  readonly private_key_pem: string
}

async function runWitnessKey(options: { name: string; out: string; json?: boolean }): Promise<void> {
  const { generateKeyPairSync } = await import('node:crypto')
  const { writePrivateFile } = await import('../../core/index.js')
  const { witnessVerifierKey, witnessVerifierOf } = await import('../../ledger/index.js')
  if (existsSync(options.out)) throw new InvalidInputError(`${options.out} exists: a witness key is made once (give another file)`)
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  let vkey: string
  try {
    vkey = witnessVerifierKey(witnessVerifierOf(options.name, publicKey))
  } catch (cause) {
    throw new InvalidInputError(`--name ${options.name}: ${(cause as Error).message}`, { cause })
  }
  const file: WitnessKeyFile = { format: WITNESS_KEY_FORMAT, name: options.name, private_key_pem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string }
  writePrivateFile(options.out, `${JSON.stringify(file, null, 2)}\n`)
  writeFileSync(`${options.out}.vkey`, `${vkey}\n`)
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ name: options.name, verifier_key: vkey, key_file: options.out, verifier_key_file: `${options.out}.vkey` }, null, 2)}\n`)
    return
  }
  process.stdout.write(`${vkey}\n`)
  process.stderr.write(`verigate: wrote ${options.out} (keep it private) and ${options.out}.vkey (give it to the holder)\n`)
}

async function runCosign(options: { state: string; witnessKey: string; out?: string; json?: boolean }): Promise<void> {
  const { createPrivateKey } = await import('node:crypto')
  const { cosignCheckpoint } = await import('../../ledger/index.js')
  let key: WitnessKeyFile
  try {
    key = JSON.parse(readFileSync(options.witnessKey, 'utf8')) as WitnessKeyFile
  } catch (cause) {
    throw new InvalidInputError(`cannot read the witness key ${options.witnessKey}: ${(cause as Error).message}`, { cause })
  }
  if (key.format !== WITNESS_KEY_FORMAT) throw new InvalidInputError(`${options.witnessKey} is not a ${WITNESS_KEY_FORMAT} file`)
  if (!existsSync(options.state)) throw new NotFoundError(`no state file ${options.state}: run \`verigate monitor\` first; only a checkpoint it accepted is co-signed`)
  const state = JSON.parse(readFileSync(options.state, 'utf8')) as MonitorState
  if (state.format !== STATE_FORMAT) throw new InvalidInputError(`the state file ${options.state} is not a ${STATE_FORMAT} file`)
  // A witness co-signs the largest consistent tree head it saw; after an alarm it has none to vouch for.
  const lastAlarm = state.alarms.at(-1)
  const last = state.accepted.at(-1)
  if (!last) throw new NotFoundError(`the state file ${options.state} holds no accepted checkpoint yet`)
  if (lastAlarm && lastAlarm.at >= last.accepted_at) throw new IntegrityError(`the monitor raised an alarm (${lastAlarm.reason}) after it last accepted a checkpoint: nothing is co-signed until that is resolved`)
  const split = last.note.lastIndexOf('\n\n')
  const text = last.note.slice(0, split + 1)
  const line = cosignCheckpoint(text, { name: key.name, privateKey: createPrivateKey(key.private_key_pem) }, new Date())
  const cosigned = `${last.note}${line}\n`
  if (options.json) {
    if (options.out) writeFileSync(options.out, cosigned)
    process.stdout.write(`${JSON.stringify({ out: options.out ?? null, tree_size: last.tree_size, root_hash: last.root_hash, witness: key.name, line, note: cosigned }, null, 2)}\n`)
    return
  }
  if (options.out) {
    writeFileSync(options.out, cosigned)
    process.stderr.write(`verigate: wrote ${options.out}: the checkpoint of ${last.tree_size} entries co-signed by ${key.name}\n`)
  } else process.stdout.write(cosigned)
}
