/**
 * `verigate ledger …`: export signed checkpoints for an overseer, make inclusion and consistency
 * proofs, verify a proof with nothing but the proof, a checkpoint and the public key, and verify
 * the whole ledger.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { KeyObject } from 'node:crypto'
import type { Command } from 'commander'
import type { NoteVerifier, SignedCheckpoint } from '../../ledger/index.js'
import type { Store } from '../../store/index.js'
import { IntegrityError, InvalidInputError, NotFoundError } from '../../core/index.js'
import type { DbOptions } from '../db-option.js'
import { LEDGER_KEY_ENV, addDbOption, addKeyOption, keyLocationFor, ledgerKeysFor, openStoreFor } from '../db-option.js'
import { c2spNoteOf, originOf, readTrustedC2spCheckpoint, runCosignAdd, runPublish } from './ledger-transparency.js'
import type { CosignAddOptions, PublishOptions } from './ledger-transparency.js'
import { registerLedgerExportCommand } from './ledger-export.js'

interface OutOptions {
  readonly out?: string
  readonly json?: boolean
}

/** The options of the C2SP checkpoint format. */
interface C2spOptions {
  readonly format: string
  readonly originPrefix: string
}

/** The default origin prefix, as `--help` shows it (ledger/c2sp-checkpoint.ts DEFAULT_ORIGIN_PREFIX). */
const DEFAULT_ORIGIN_PREFIX_TEXT = 'verigate.local'

/** The examples of `ledger publish`: a store, its key, a first publication, then one after the ledger grew. */
const PUBLISH_EXAMPLES = `
Examples:
  verigate store create --simulation
  verigate ledger public-key --format note --out log.vkey
  verigate ledger publish --out published
  verigate ledger publish --out published --json

Give log.vkey to the overseer once; it runs \`verigate monitor --source published --verifier-key …\`
on what you publish (docs/transparency.md).
`

/** Registers `verigate ledger` and its sub-commands. */
export function registerLedgerCommand(program: Command): void {
  const ledger = program
    .command('ledger')
    .description('The tamper-evident disclosure ledger: checkpoints, proofs, and verification.')

  addKeyOption(
    addDbOption(
      ledger
        .command('checkpoint')
        .description(
          'Sign the current tree head (size, root hash, time) and export it for an overseer to keep outside our control: as a Verigate checkpoint (JSON, the default: it carries the signing time and the ledger mode in its signed bytes) or, with --format c2sp, as a C2SP tlog-checkpoint signed note that transparency-log tools and witnesses read (docs/security.md).',
        )
        .option('--format <format>', 'json (Verigate checkpoint) or c2sp (C2SP tlog-checkpoint signed note)', 'json')
        .option('--origin-prefix <prefix>', `the host (and path) that opens the C2SP origin <prefix>/verigate/<log id>; keep it the same for the life of the ledger`, DEFAULT_ORIGIN_PREFIX_TEXT)
        .option('--out <file>', 'write the checkpoint to this file instead of stdout')
        .option('--json', 'print {out, checkpoint} as JSON: the file written (null for stdout) and its content (the checkpoint object, or the C2SP note as text)'),
    ),
  ).action(async (options: DbOptions & OutOptions & C2spOptions) => {
    await runCheckpoint(options)
  })

  registerLedgerExportCommand(ledger, originOf)

  addKeyOption(
    addDbOption(
      ledger
        .command('publish')
        .description(
          'Write the current tree head where an overseer collects it (docs/transparency.md): DIR/checkpoint, the C2SP checkpoint with the witnesses’ co-signatures kept for it, and DIR/consistency/<from>-<to>, a consistency proof to it from every smaller tree head this ledger signed, so `verigate monitor` can check that the log only grew without the database. Hashes only: no entry leaves.',
        )
        .requiredOption('--out <dir>', 'the directory the overseer reads (made when missing; serve it over HTTP as static files for a remote monitor)')
        .option('--origin-prefix <prefix>', 'the origin prefix the C2SP checkpoints are signed under', DEFAULT_ORIGIN_PREFIX_TEXT)
        .option('--json', 'print {out, tree_size, root_hash, consistency_proofs, written_now, checkpoint} as JSON')
        .addHelpText('after', PUBLISH_EXAMPLES),
    ),
  ).action(async (options: PublishOptions) => {
    await runPublish(options)
  })

  addKeyOption(
    addDbOption(
      ledger
        .command('cosign-add')
        .description(
          'Keep witnesses’ co-signatures (C2SP cosignature/v1) of a checkpoint of this ledger: FILE is the checkpoint as a witness returned it (`verigate monitor cosign`). The checkpoint must be one this store signed; each co-signature must verify under the witness’s verifier key you were given; then it is kept (append-only) and `ledger checkpoint --format c2sp` and `ledger publish` show it with that tree head.',
        )
        .argument('<file>', 'the co-signed checkpoint (a C2SP signed note)')
        .option('--witness <vkey>', 'a witness’s verifier key <name>+<key id>+<base64 key> (repeat for several)', (value: string, previous: string[]) => [...previous, value], [] as string[])
        .option('--json', 'print {tree_size, root_hash, cosignatures: [{witness, signed_at, added}]} as JSON'),
    ),
  ).action(async (file: string, options: CosignAddOptions) => {
    await runCosignAdd(file, options)
  })

  addKeyOption(
    addDbOption(
      ledger
        .command('proof')
        .description('Prove that an entry is in the ledger: an inclusion proof against a signed checkpoint.')
        .requiredOption('--entry <id>', 'the entry’s number (its position in the ledger, from 0)')
        .option('--checkpoint <file>', 'prove against this checkpoint (e.g. one the overseer kept); default: the latest one that covers the entry, made now if there is none')
        .option('--out <file>', 'write the proof to this file instead of stdout')
        .option('--json', 'print {out, checkpoint|proof} as JSON: the file written (null for stdout) and its content'),
    ),
  ).action(async (options: DbOptions & OutOptions & { entry: string; checkpoint?: string }) => {
    await runProof(options)
  })

  addKeyOption(
    addDbOption(
      ledger
        .command('consistency')
        .description('Prove that today’s ledger extends the one a kept checkpoint describes: a consistency proof to a new signed checkpoint.')
        .requiredOption('--from <checkpoint>', 'the older checkpoint file (the one the overseer kept)')
        .option('--out <file>', 'write the proof to this file instead of stdout')
        .option('--json', 'print {out, checkpoint|proof} as JSON: the file written (null for stdout) and its content'),
    ),
  ).action(async (options: DbOptions & OutOptions & { from: string }) => {
    await runConsistency(options)
  })

  ledger
    .command('verify-proof')
    .description(
          'Check an inclusion or consistency proof with only the proof, a trusted checkpoint and the ledger’s public key (no database). The checkpoint is a Verigate checkpoint file or a C2SP checkpoint (a signed note, from `ledger checkpoint --format c2sp`); a C2SP checkpoint is checked with the PEM key or the log’s note verifier key.',
    )
    .requiredOption('--proof <file>', 'the proof file (from `ledger proof` or `ledger consistency`)')
    .requiredOption('--checkpoint <file>', 'the trusted checkpoint file (Verigate JSON or C2SP signed note)')
    .option('--public-key <file>', 'the ledger’s public key (PEM)')
    .option('--verifier-key <vkey>', 'for a C2SP checkpoint: the log’s note verifier key <origin>+<key hash>+<base64 key> (from `ledger public-key --format note`), instead of --public-key')
    .option('--json', 'print the result as JSON')
    .action(async (options: { proof: string; checkpoint: string; publicKey?: string; verifierKey?: string; json?: boolean }) => {
      await runVerifyProof(options)
    })

  addKeyOption(
    addDbOption(
      ledger
        .command('verify')
        .description(
          'Recompute every entry hash, the hash chain, the Merkle tree and every checkpoint, check that a real ledger’s times never go back, say whether the store is real or a simulation (its recorded mode must be its ledger’s), and check every table derived from the ledger (disclosures, withholdings, reviews, recall notices, certifications, acknowledgements, audits, incident reports and closures, document versions, online verifications, retention purges) against it both ways; exit non-zero naming the first bad entry or the first differing row (table, row, entry, field). Checkpoint signatures are checked under the key of the ledger at each checkpoint, following key rotations from the key given (any of the ledger’s keys); with no key at all, everything but the signatures is checked, and it says so.',
        )
        .option('--public-key <file>', 'check checkpoint signatures with this public key (PEM) instead of the key file')
        .option('--json', 'print the result as JSON'),
    ),
  ).action(async (options: DbOptions & { publicKey?: string; json?: boolean }) => {
    await runVerify(options)
  })

  addKeyOption(
    addDbOption(
      ledger
        .command('public-key')
        .description(
          'Print the ledger’s public key, to give to an overseer: PEM, or with --format note the C2SP note verifier key (<origin>+<key hash>+<base64 key>) that Go’s note package and checkpoint tools take.',
        )
        .option('--format <format>', 'pem or note', 'pem')
        .option('--origin-prefix <prefix>', 'with --format note: the origin prefix the C2SP checkpoints are signed under', DEFAULT_ORIGIN_PREFIX_TEXT)
        .option('--out <file>', 'write it to this file instead of stdout')
        .option('--json', 'print {out, key_id, public_key_pem, note_verifier_key?} as JSON (out: the file written, or null)'),
    ),
  ).action(async (options: DbOptions & OutOptions & C2spOptions) => {
    const { publicKeyPem, noteVerifierKey, noteVerifierOf } = await import('../../ledger/index.js')
    if (options.format !== 'pem' && options.format !== 'note') throw new InvalidInputError(`--format is pem or note, not ${options.format}`)
    const store = await openStoreFor(options, false)
    try {
      const keys = await ledgerKeysFor(options, store, 'create')
      const pem = publicKeyPem(keys)
      const text = options.format === 'pem' ? pem : `${noteVerifierKey(noteVerifierOf(await originOf(store, options), keys.publicKey))}\n`
      if (options.json) emitJson({ key_id: keys.keyId, public_key_pem: pem, ...(options.format === 'note' ? { note_verifier_key: text.trim() } : {}) }, text, options.out)
      else emit(text, options.out)
    } finally {
      await store.close()
    }
  })

  addKeyOption(
    addDbOption(
      ledger
        .command('rotate-key')
        .description(
          'Replace the ledger’s signing key: one key_rotation entry, signed by the current key and the new one, names both keys; the current key signs a checkpoint that covers it, so an overseer holding the old public key can follow the chain; later checkpoints are signed by the new key. The pseudonym secret is kept, so every person keeps one pseudonym.',
        )
        .requiredOption('--new-key <file>', 'the new key file: made here (with the current pseudonym secret) when it does not exist; an existing one must hold the same secret')
        .option('--actor <id>', 'who rotates the key (recorded in the entry)', 'admin')
        .option('--json', 'print the rotation as JSON'),
    ),
  ).action(async (options: DbOptions & { newKey: string; actor: string; json?: boolean }) => {
    await runRotateKey(options)
  })
}

async function runRotateKey(options: DbOptions & { newKey: string; actor: string; json?: boolean }): Promise<void> {
  const { existsSync } = await import('node:fs')
  const { resolve } = await import('node:path')
  const { createLedgerKeys, loadLedgerKeys, checkpointToFile } = await import('../../ledger/index.js')
  const store = await openStoreFor(options, true)
  try {
    const current = await ledgerKeysFor(options, store, 'use')
    const path = resolve(options.newKey)
    if (path === current.path) throw new InvalidInputError(`--new-key ${options.newKey} is the current key file: give a new file`)
    const made = !existsSync(path)
    const next = made ? createLedgerKeys(path, { holderSecret: current.holderSecret }) : loadLedgerKeys(path)
    const rotation = await store.ledger.rotateKey(current, next, { actor: options.actor, at: new Date() })
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ seq: rotation.entry.seq, old_key_id: current.keyId, new_key_id: next.keyId, new_key: path, checkpoint: checkpointToFile(rotation.checkpoint) }, null, 2)}\n`)
      return
    }
    process.stdout.write(
      [
        `rotated the ledger key at entry ${rotation.entry.seq}: ${current.keyId} → ${next.keyId}`,
        `${made ? 'made' : 'used'} ${path} (same pseudonym secret); its public key is in ${path}.pub.pem: give it to the overseer with the checkpoint of ${rotation.checkpoint.treeSize} entries the old key signed`,
        `from now on use --key ${path}${options.key ? '' : ` (or move it where ${LEDGER_KEY_ENV} or the default looks)`}`,
        '',
      ].join('\n'),
    )
  } finally {
    await store.close()
  }
}

/**
 * With `--json`: writes `text` to `--out` when given, and prints `{ out, ...fields }` on stdout
 * (out: the file written, or null when there is none and the fields carry the content).
 */
function emitJson(fields: Record<string, unknown>, text: string, out: string | undefined): void {
  if (out) writeFileSync(out, text)
  process.stdout.write(`${JSON.stringify({ out: out ?? null, ...fields }, null, 2)}\n`)
}

/** Writes `text` to a file (saying so on stderr) or to stdout. */
function emit(text: string, out: string | undefined): void {
  if (out) {
    writeFileSync(out, text)
    process.stderr.write(`verigate: wrote ${out}\n`)
  } else {
    process.stdout.write(text)
  }
}

function readJsonFile(path: string, what: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    throw new NotFoundError(`cannot read the ${what} ${path}: ${(cause as Error).message}`)
  }
  try {
    return JSON.parse(text) as unknown
  } catch (cause) {
    throw new InvalidInputError(`the ${what} ${path} is not JSON`, { cause })
  }
}

/**
 * Reads a checkpoint file as the verifier takes it: a Verigate checkpoint (JSON, parsed) or a
 * C2SP checkpoint (a signed note, kept as text).
 */
function readCheckpointFile(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    throw new NotFoundError(`cannot read the checkpoint ${path}: ${(cause as Error).message}`)
  }
  return text.trimStart().startsWith('{') ? readJsonFile(path, 'checkpoint') : text
}

/**
 * Reads a checkpoint file and checks its signature against our key, or against the earlier key of
 * the ledger that signed it (one an overseer kept from before a key rotation).
 */
async function readTrustedCheckpoint(path: string, publicKey: KeyObject, store: Store): Promise<SignedCheckpoint> {
  const { checkpointFromFile, verifyCheckpoint } = await import('../../ledger/index.js')
  const content = readCheckpointFile(path)
  if (typeof content === 'string') return readTrustedC2spCheckpoint(path, content, publicKey, store)
  const parsed = checkpointFromFile(content)
  if (!parsed.ok) throw new InvalidInputError(`${path} is not a checkpoint`, { issues: parsed.issues })
  const earlier = (await store.ledger.signingKeys()).find((k) => k.keyId === parsed.value.keyId)
  const check = verifyCheckpoint(parsed.value, earlier?.publicKeyPem ?? publicKey)
  if (!check.valid) throw new IntegrityError(`the checkpoint ${path}: ${check.reason}`)
  return parsed.value
}

async function runCheckpoint(options: DbOptions & OutOptions & C2spOptions): Promise<void> {
  const { checkpointToFile } = await import('../../ledger/index.js')
  if (options.format !== 'json' && options.format !== 'c2sp') throw new InvalidInputError(`--format is json or c2sp, not ${options.format}`)
  const store = await openStoreFor(options, true)
  try {
    const keys = await ledgerKeysFor(options, store, 'create')
    // The store keeps the Verigate checkpoint (time, mode) of every tree head it signs; the C2SP
    // note is signed over the same size and root, with the same key.
    const checkpoint = await store.ledger.checkpoint(keys, new Date())
    if (options.format === 'json') {
      const file = checkpointToFile(checkpoint)
      if (options.json) emitJson({ checkpoint: file }, `${JSON.stringify(file, null, 2)}\n`, options.out)
      else emit(`${JSON.stringify(file, null, 2)}\n`, options.out)
      return
    }
    const note = await c2spNoteOf(store, keys, checkpoint, options)
    if (options.json) emitJson({ checkpoint: note }, note, options.out)
    else emit(note, options.out)
  } finally {
    await store.close()
  }
}

async function runProof(options: DbOptions & OutOptions & { entry: string; checkpoint?: string }): Promise<void> {
  const { INCLUSION_PROOF_FORMAT, checkpointToFile } = await import('../../ledger/index.js')
  const seq = Number(options.entry)
  if (!Number.isSafeInteger(seq) || seq < 0) throw new InvalidInputError(`--entry takes an entry number (0, 1, 2, …), not ${options.entry}`)
  const store = await openStoreFor(options, true)
  try {
    const keys = await ledgerKeysFor(options, store, 'use')
    const size = await store.ledger.size()
    if (seq >= size) throw new NotFoundError(`the ledger has ${size} entries (0 to ${size - 1}); there is no entry ${seq}`)
    let checkpoint
    if (options.checkpoint) {
      checkpoint = await readTrustedCheckpoint(options.checkpoint, keys.publicKey, store)
      if (checkpoint.treeSize <= seq) throw new InvalidInputError(`the checkpoint covers entries 0 to ${checkpoint.treeSize - 1}, not entry ${seq}`)
      await assertMatches(store, checkpoint)
    } else {
      const covering = (await store.ledger.checkpoints()).filter((c) => c.treeSize > seq && c.keyId === keys.keyId)
      checkpoint = covering.at(-1) ?? (await store.ledger.checkpoint(keys, new Date()))
    }
    const proof = await store.ledger.inclusionProof(seq, checkpoint.treeSize)
    const encoded = (await store.ledger.encoded(seq)) as Buffer
    const file = {
      format: INCLUSION_PROOF_FORMAT,
      leaf_index: seq,
      tree_size: checkpoint.treeSize,
      entry: encoded.toString('base64'),
      proof: proof.map((p) => p.toString('hex')),
      checkpoint: checkpointToFile(checkpoint),
    }
    if (options.json) emitJson({ proof: file }, `${JSON.stringify(file, null, 2)}\n`, options.out)
    else emit(`${JSON.stringify(file, null, 2)}\n`, options.out)
  } finally {
    await store.close()
  }
}

/** Throws when our ledger's tree of the checkpoint's size has another root: history was rewritten. */
async function assertMatches(store: Store, checkpoint: SignedCheckpoint): Promise<void> {
  const size = await store.ledger.size()
  if (checkpoint.treeSize > size) throw new IntegrityError(`the checkpoint covers ${checkpoint.treeSize} entries but the ledger holds ${size}: entries were removed`)
  const root = (await store.ledger.root(checkpoint.treeSize)).toString('hex')
  if (root !== checkpoint.rootHash) throw new IntegrityError(`the ledger’s first ${checkpoint.treeSize} entries no longer match the checkpoint of ${checkpoint.time}: history was rewritten`)
}

async function runConsistency(options: DbOptions & OutOptions & { from: string }): Promise<void> {
  const { CONSISTENCY_PROOF_FORMAT, checkpointToFile } = await import('../../ledger/index.js')
  const store = await openStoreFor(options, true)
  try {
    const keys = await ledgerKeysFor(options, store, 'use')
    const older = await readTrustedCheckpoint(options.from, keys.publicKey, store)
    await assertMatches(store, older)
    const newer = await store.ledger.checkpoint(keys, new Date())
    const proof = await store.ledger.consistencyProof(older.treeSize, newer.treeSize)
    const file = {
      format: CONSISTENCY_PROOF_FORMAT,
      from_size: older.treeSize,
      from_root: older.rootHash,
      proof: proof.map((p) => p.toString('hex')),
      checkpoint: checkpointToFile(newer),
    }
    if (options.json) emitJson({ proof: file }, `${JSON.stringify(file, null, 2)}\n`, options.out)
    else emit(`${JSON.stringify(file, null, 2)}\n`, options.out)
  } finally {
    await store.close()
  }
}

async function runVerifyProof(options: { proof: string; checkpoint: string; publicKey?: string; verifierKey?: string; json?: boolean }): Promise<void> {
  const { verifyProofFile, parseNoteVerifierKey } = await import('../../ledger/index.js')
  if ((options.publicKey === undefined) === (options.verifierKey === undefined)) throw new InvalidInputError('give the ledger’s key once: --public-key FILE (PEM) or --verifier-key VKEY (C2SP note verifier key)')
  let publicKey: string | NoteVerifier
  if (options.publicKey !== undefined) {
    try {
      publicKey = readFileSync(options.publicKey, 'utf8')
    } catch (cause) {
      throw new NotFoundError(`cannot read the public key ${options.publicKey}: ${(cause as Error).message}`)
    }
  } else {
    const parsed = parseNoteVerifierKey(options.verifierKey as string)
    if ('reason' in parsed) throw new InvalidInputError(parsed.reason)
    publicKey = parsed
  }
  const result = verifyProofFile(readJsonFile(options.proof, 'proof'), readCheckpointFile(options.checkpoint), publicKey)
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result.ok ? { valid: true, ...result.value } : { valid: false, issues: result.issues }, null, 2)}\n`)
    if (!result.ok) process.exitCode = 70
    return
  }
  if (!result.ok) throw new IntegrityError(`the proof does not verify: ${result.issues.map((i) => i.message).join('; ')}`)
  process.stdout.write(`valid ${result.value.kind} proof: ${result.value.summary}\n`)
}

async function runVerify(options: DbOptions & { publicKey?: string; json?: boolean }): Promise<void> {
  let publicKey: KeyObject | string | undefined
  /** Why signatures go unchecked, when they do. */
  let unsigned: string | undefined
  if (options.publicKey) {
    try {
      publicKey = readFileSync(options.publicKey, 'utf8')
    } catch (cause) {
      throw new NotFoundError(`cannot read the public key ${options.publicKey}: ${(cause as Error).message}`)
    }
  } else {
    const { existsSync } = await import('node:fs')
    const { loadLedgerKeys } = await import('../../ledger/index.js')
    const location = keyLocationFor(options)
    if (location && existsSync(location.path)) publicKey = loadLedgerKeys(location.path).publicKey
    else unsigned = location ? `no key file at ${location.path} (${location.how})` : `no --key, --public-key or ${LEDGER_KEY_ENV}`
  }
  const { firstProblemOf, verifyStore } = await import('../../store/index.js')
  const store = await openStoreFor(options, true)
  const started = performance.now()
  let result
  try {
    // The ledger, and the tables derived from it (disclosures, reviews, recalls, …) against it.
    result = await verifyStore(store, publicKey)
  } finally {
    await store.close()
  }
  const seconds = (performance.now() - started) / 1000
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...result, seconds: Number(seconds.toFixed(3)) }, null, 2)}\n`)
    if (!result.ok) process.exitCode = 70
    return
  }
  if (!result.ok) {
    throw new IntegrityError(`the ledger does not verify${firstProblemOf(result) ?? ': unknown problem'}`, {
      issues: [
        ...result.problems.map((p) => ({ code: p.code, message: p.message })),
        ...result.tables.problems.map((p) => ({ code: p.code, message: p.message })),
      ],
    })
  }
  const rows = result.tables.tables.reduce((n, t) => n + t.rows, 0)
  process.stdout.write(
    `ledger verified: ${result.size} entries, ${result.nodesChecked} Merkle nodes and ${result.checkpointsChecked} checkpoint(s) recomputed in ${seconds.toFixed(2)} s\n` +
      `derived tables verified: ${rows} rows in ${result.tables.tables.length} tables, each with its entry and each entry with its row\nroot ${result.rootHash}\n${MODE_LINES[result.mode]}\n` +
      (unsigned === undefined
        ? ''
        : `signatures NOT checked: ${unsigned}; everything else was. Give --public-key FILE (the overseer's copy) or --key FILE to check them.\n`),
  )
}

/** What `ledger verify` says of each mode. */
const MODE_LINES = {
  real: 'mode real: every entry carries the server’s clock, and no time goes back',
  simulation: 'mode SIMULATION: a replay or what-if; its entries and checkpoints record no real disclosure',
} as const
