/**
 * `verigate ledger export`: the ledger's entries 0 … n−1 as the tree hashes them, with the C2SP
 * checkpoint of those n entries, for an overseer to check with the standalone verifier
 * (`verigate-verify segment`, packages/verify): it recomputes every leaf hash and the root, and
 * follows the hash chain from the ledger's anchor (docs/verifier.md).
 */
import type { Command } from 'commander'
import { InvalidInputError, NotFoundError, writePrivateFile } from '../../core/index.js'
import type { Store } from '../../store/index.js'
import type { DbOptions } from '../db-option.js'
import { addDbOption, addKeyOption, ledgerKeysFor, openStoreFor } from '../db-option.js'

/** The file format of an exported segment (packages/verify `SEGMENT_FORMAT`). */
export const SEGMENT_FORMAT = 'verigate-ledger-segment/1'

/** An exported segment: entries 0 … tree_size−1 and the checkpoint of exactly those. */
export interface LedgerSegmentFile {
  readonly format: typeof SEGMENT_FORMAT
  readonly origin: string
  readonly tree_size: number
  /** The C2SP checkpoint (signed note) of the first `tree_size` entries. */
  readonly checkpoint: string
  /** Base64 of each entry's bytes (src/ledger/ENCODING.md), in order from entry 0. */
  readonly entries: readonly string[]
}

interface ExportOptions extends DbOptions {
  readonly out: string
  readonly to?: string
  readonly originPrefix: string
  readonly json?: boolean
}

/**
 * Registers `ledger export` under `ledger`; `originOf` names the store's C2SP origin (as
 * `ledger checkpoint --format c2sp` does).
 */
export function registerLedgerExportCommand(ledger: Command, originOf: (store: Store, options: { readonly originPrefix: string }) => Promise<string>): void {
  addKeyOption(
    addDbOption(
      ledger
        .command('export')
        .description(
          'Export the ledger’s entries from entry 0 (their bytes, as the Merkle tree hashes them) with the signed C2SP checkpoint of exactly those, for an overseer to recompute the root with the standalone verifier (`verigate-verify segment`). It holds what the entries hold: ids, digests, field names, pseudonyms and reviewers’ notes, never a released value.',
        )
        .requiredOption('--out <file>', 'where to write the segment (JSON, owner-only)')
        .option('--to <n>', 'export entries 0 to n−1, where a kept checkpoint covers exactly n entries (default: the whole ledger, under a checkpoint signed now)')
        .option('--origin-prefix <prefix>', 'the origin prefix the C2SP checkpoint is signed under', 'verigate.local')
        .option('--json', 'print {out, origin, tree_size} as JSON'),
    ),
  ).action(async (options: ExportOptions) => {
    const { signC2spCheckpoint } = await import('../../ledger/index.js')
    const store = await openStoreFor(options, true)
    try {
      const keys = await ledgerKeysFor(options, store, 'use')
      const size = await store.ledger.size()
      const to = options.to === undefined ? size : Number(options.to)
      if (!Number.isSafeInteger(to) || to < 0 || to > size) throw new InvalidInputError(`--to takes a number of entries from 0 to ${size}, not ${options.to}`)
      // A segment short of the ledger needs a checkpoint signed when the ledger had exactly that many entries.
      const checkpoint = to === size ? await store.ledger.checkpoint(keys, new Date()) : (await store.ledger.checkpoints()).find((c) => c.treeSize === to)
      if (!checkpoint) throw new NotFoundError(`the store keeps no checkpoint of exactly ${to} entries: export the whole ledger, or --to the size of a kept checkpoint`)
      const origin = await originOf(store, options)
      const note = signC2spCheckpoint(keys, { origin, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, extensions: [] })
      const entries: string[] = []
      for (let seq = 0; seq < to; seq++) {
        const bytes = await store.ledger.encoded(seq)
        if (!bytes) throw new NotFoundError(`the ledger has no entry ${seq}`)
        entries.push(bytes.toString('base64'))
      }
      const file: LedgerSegmentFile = { format: SEGMENT_FORMAT, origin, tree_size: to, checkpoint: note, entries }
      writePrivateFile(options.out, `${JSON.stringify(file)}\n`)
      if (options.json) process.stdout.write(`${JSON.stringify({ out: options.out, origin, tree_size: to }, null, 2)}\n`)
      else process.stdout.write(`wrote ${options.out}: entries 0 to ${to - 1} of ${origin}, with the checkpoint of those ${to}\n`)
    } finally {
      await store.close()
    }
  })
}
