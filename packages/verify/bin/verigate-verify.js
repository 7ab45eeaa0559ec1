#!/usr/bin/env node
// @ts-check
// verigate-verify: checks a Verigate ledger's checkpoints, proofs, segments and proof bundles with
// the log's verifier key alone (README.md). Exit status 0 when valid, 1 when not, 2 on bad usage.
import { readFileSync } from 'node:fs'
import { Buffer } from 'node:buffer'
import { parseArgs } from 'node:util'
import { SEGMENT_FORMAT, openCheckpoint, parseVerifierKey, verifyBundle, verifyConsistency, verifyInclusion, decodeEntry, verifySegment } from '../src/index.js'

const USAGE = `usage: verigate-verify <command> --verifier-key VKEY [options]

  checkpoint  --checkpoint NOTE                        the checkpoint is signed by the log's key
  inclusion   --checkpoint NOTE --proof PROOF.json     the proof's entry is in the checkpoint's tree
  consistency --checkpoint OLD --newer NEW --proof PROOF.json
                                                       NEW extends OLD (nothing OLD held has left)
  segment     --segment SEGMENT.json [--checkpoint NOTE] the exported entries 0…n-1 make the checkpoint's root
                                                       (default: the checkpoint the segment carries)
  bundle      --bundle BUNDLE.json [--file DOCUMENT]   the bundle's entries are in its checkpoint's tree,
                                                       and DOCUMENT is the one they record

  --verifier-key VKEY   the log's C2SP verifier key (<origin>+<hash>+<key>), or @FILE to read it
  --real                refuse a checkpoint of a SIMULATION ledger
  --json                print the verdict as JSON`

/** @param {string} message @param {number} code @returns {never} */
function exit(message, code) {
  ;(code === 0 ? process.stdout : process.stderr).write(`${message}\n`)
  process.exit(code)
}

let parsed
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      'verifier-key': { type: 'string' },
      checkpoint: { type: 'string' },
      newer: { type: 'string' },
      proof: { type: 'string' },
      segment: { type: 'string' },
      bundle: { type: 'string' },
      file: { type: 'string' },
      real: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
} catch (error) {
  exit(`${/** @type {Error} */ (error).message}\n${USAGE}`, 2)
}
const { values: o, positionals } = parsed
const command = positionals[0]
if (o.help || !command) exit(USAGE, o.help ? 0 : 2)

/** @param {string | undefined} path @param {string} option @returns {Buffer} */
function read(path, option) {
  if (path === undefined) exit(`${command} needs ${option}\n${USAGE}`, 2)
  try {
    return readFileSync(path)
  } catch (error) {
    return exit(`${option} ${path}: ${/** @type {Error} */ (error).message}`, 2)
  }
}

/** @param {string | undefined} path @param {string} option @returns {any} */
function readJson(path, option) {
  const text = read(path, option).toString('utf8')
  try {
    return JSON.parse(text)
  } catch (error) {
    return exit(`${option} ${path} is not JSON: ${/** @type {Error} */ (error).message}`, 2)
  }
}

const vkeyText = o['verifier-key']
if (vkeyText === undefined) exit(`--verifier-key is required: the log's key, obtained from the holder out of band\n${USAGE}`, 2)
const parsedKey = parseVerifierKey(vkeyText.startsWith('@') ? read(vkeyText.slice(1), '--verifier-key').toString('utf8') : vkeyText)
if ('valid' in parsedKey) exit(parsedKey.reason, 2)
const verifier = /** @type {import('../src/index.js').NoteVerifier} */ (parsedKey)

/**
 * Prints the verdict and exits: 0 when valid, 1 when not.
 * @param {{ valid: boolean, reason?: string, summary?: string, [k: string]: unknown }} verdict
 * @returns {never}
 */
function report(verdict) {
  if (o.json) exit(JSON.stringify(verdict, (k, v) => (k === 'entries' || k === 'record' || k === 'disclosures' ? undefined : v), 2), verdict.valid ? 0 : 1)
  return exit(verdict.valid ? `valid: ${verdict.summary}` : `INVALID: ${verdict.reason}`, verdict.valid ? 0 : 1)
}

/** @param {string | undefined} path @param {string} option */
function openedCheckpoint(path, option) {
  const opened = openCheckpoint(read(path, option).toString('utf8'), verifier)
  if (!opened.valid) return report({ valid: false, reason: `${option} ${path}: ${opened.reason}` })
  if (o.real && opened.checkpoint.mode === 'simulation') return report({ valid: false, reason: `${option} ${path} is a SIMULATION ledger's checkpoint (${opened.checkpoint.origin})` })
  return opened.checkpoint
}

/** A checkpoint carried in a file, opened with the log's key. @param {string} note */
function checkpointOf(note) {
  const opened = openCheckpoint(note, verifier)
  if (!opened.valid) return report({ valid: false, reason: `the segment's checkpoint: ${opened.reason}` })
  if (o.real && opened.checkpoint.mode === 'simulation') return report({ valid: false, reason: `the segment's checkpoint is a SIMULATION ledger's (${opened.checkpoint.origin})` })
  return opened.checkpoint
}

/** @param {'real' | 'simulation'} mode */
const simulationNote = (mode) => (mode === 'simulation' ? ' (a SIMULATION ledger: its entries record no real disclosure)' : '')

/** @param {unknown} value @returns {Buffer[]} */
function hashes(value) {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !/^[0-9a-f]{64}$/.test(v))) return report({ valid: false, reason: 'proof is not a list of 64-hex-digit hashes' })
  return value.map((v) => Buffer.from(v, 'hex'))
}

switch (command) {
  case 'checkpoint': {
    const c = openedCheckpoint(o.checkpoint, '--checkpoint')
    report({ valid: true, summary: `the checkpoint of ${c.origin} (${c.treeSize} entries, root ${c.rootHash.toString('hex')}) is signed by its key${simulationNote(c.mode)}`, origin: c.origin, treeSize: c.treeSize, rootHash: c.rootHash.toString('hex'), mode: c.mode })
    break
  }
  case 'inclusion': {
    // The proof file `verigate ledger proof` writes: leaf_index, tree_size, entry (base64), proof.
    const c = openedCheckpoint(o.checkpoint, '--checkpoint')
    const p = readJson(o.proof, '--proof')
    if (p.tree_size !== c.treeSize) report({ valid: false, reason: `the proof is for a tree of ${String(p.tree_size)} entries, the checkpoint for ${c.treeSize}` })
    const entry = decodeEntry(Buffer.from(String(p.entry), 'base64'))
    if ('valid' in entry) report({ valid: false, reason: `the entry: ${entry.reason}` })
    else if (entry.seq !== p.leaf_index) report({ valid: false, reason: `the entry says it is number ${entry.seq}, the proof says ${String(p.leaf_index)}` })
    else {
      const check = verifyInclusion(entry.leafHash, entry.seq, c.treeSize, hashes(p.proof), c.rootHash)
      report(check.valid ? { valid: true, summary: `entry ${entry.seq} (${entry.body.kind}) is in the log ${c.origin} of ${c.treeSize} entries${simulationNote(c.mode)}`, leafIndex: entry.seq, kind: entry.body.kind, treeSize: c.treeSize, mode: c.mode } : check)
    }
    break
  }
  case 'consistency': {
    // The proof file `verigate ledger consistency` writes: from_size, from_root, proof.
    const older = openedCheckpoint(o.checkpoint, '--checkpoint')
    const newer = openedCheckpoint(o.newer, '--newer')
    const p = readJson(o.proof, '--proof')
    if (p.from_size !== undefined && (p.from_size !== older.treeSize || p.from_root !== older.rootHash.toString('hex'))) {
      report({ valid: false, reason: `the proof starts from a tree of ${String(p.from_size)} entries, not from the older checkpoint (${older.treeSize})` })
    }
    const check = verifyConsistency(older.treeSize, newer.treeSize, older.rootHash, newer.rootHash, hashes(p.proof))
    report(
      check.valid
        ? { valid: true, summary: `the log ${c2(newer)} extends ${c2(older)}: nothing the older checkpoint held has left it${simulationNote(older.mode)}`, fromSize: older.treeSize, treeSize: newer.treeSize, mode: older.mode }
        : { valid: false, reason: `the newer checkpoint does not extend the older one (the log forked or was rewritten): ${check.reason}` },
    )
    break
  }
  case 'segment': {
    // The checkpoint given, else the one the segment carries: either must open with the log's key.
    const s = readJson(o.segment, '--segment')
    if (s.format !== SEGMENT_FORMAT || !Array.isArray(s.entries)) report({ valid: false, reason: `--segment is not a ${SEGMENT_FORMAT} file` })
    const c = o.checkpoint === undefined ? checkpointOf(String(s.checkpoint)) : openedCheckpoint(o.checkpoint, '--checkpoint')
    const result = verifySegment(s.entries.map((/** @type {unknown} */ e) => Buffer.from(String(e), 'base64')), c)
    report(result.valid ? { valid: true, summary: `the ${c.treeSize} entries make the root of the checkpoint of ${c.origin}, each chained to the one before${simulationNote(c.mode)}`, treeSize: c.treeSize, mode: c.mode } : result)
    break
  }
  case 'bundle': {
    const bundle = readJson(o.bundle, '--bundle')
    const document = o.file === undefined ? undefined : read(o.file, '--file')
    const verdict = verifyBundle(bundle, verifier, { ...(document ? { document } : {}), requireReal: o.real === true })
    report(verdict.valid ? { ...verdict, summary: `${verdict.notes.join('; ')}${simulationNote(verdict.mode)}` } : verdict)
    break
  }
  default:
    exit(`unknown command ${command}\n${USAGE}`, 2)
}

/** @param {{ origin: string, treeSize: number }} c */
function c2(c) {
  return `${c.origin} at ${c.treeSize} entries`
}
