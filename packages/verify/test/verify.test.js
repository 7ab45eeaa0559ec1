// @ts-check
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import {
  BUNDLE_FORMAT, EMPTY_ROOT, SEGMENT_FORMAT, decodeEntry, hashLeaf, openCheckpoint, openNote, parseCheckpointText, parseVerifierKey,
  responseRows, rootOfLeaves, verifyBundle, verifyConsistency, verifyInclusion, verifySegment,
} from '../src/index.js'
import { inclusionPath, ledgerOf, logKey } from './fixtures.js'

// The Certificate Transparency / Trillian vectors (google/trillian merkle/testonly/constants.go,
// merkle/logverifier/log_verifier_test.go), as the main tree's src/ledger/merkle.test.ts holds them.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'))
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
]
const INCLUSION_VECTORS = [
  { index: 0, size: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { index: 5, size: 8, proof: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  { index: 1, size: 5, proof: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
]
const CONSISTENCY_VECTORS = [
  { size1: 1, size2: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { size1: 6, size2: 8, proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { size1: 2, size2: 5, proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
]

// The published vector of golang.org/x/mod/sumdb/note (its package documentation and note_test.go).
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`

const hex = (/** @type {Uint8Array} */ b) => Buffer.from(b).toString('hex')
const fromHex = (/** @type {readonly string[]} */ l) => l.map((h) => Buffer.from(h, 'hex'))
const reason = (/** @type {{ valid: boolean, reason?: string }} */ c) => (c.valid ? 'valid' : String(c.reason))
/** @param {string} vkey */
function verifierOf(vkey) {
  const v = parseVerifierKey(vkey)
  if ('valid' in v) throw new Error(v.reason)
  return v
}

describe('RFC 6962 hashing and proofs (CT vectors)', () => {
  it('computes the roots of the trees of the first 0…8 leaves', () => {
    assert.equal(hex(EMPTY_ROOT), ROOTS[0])
    for (let n = 1; n <= LEAVES.length; n++) assert.equal(hex(rootOfLeaves(LEAVES.slice(0, n).map((l) => hashLeaf(l)))), ROOTS[n], `root of ${n}`)
  })

  it('accepts the published inclusion proofs, and refuses them altered', () => {
    for (const v of INCLUSION_VECTORS) {
      const leaf = hashLeaf(/** @type {Buffer} */ (LEAVES[v.index]))
      const root = Buffer.from(/** @type {string} */ (ROOTS[v.size]), 'hex')
      assert.deepEqual(verifyInclusion(leaf, v.index, v.size, fromHex(v.proof), root), { valid: true }, `${v.index} in ${v.size}`)
      assert.match(reason(verifyInclusion(leaf, v.index, v.size, fromHex(v.proof).slice(1), root)), /shorter|another root/)
      assert.match(reason(verifyInclusion(leaf, v.index, v.size, [...fromHex(v.proof), Buffer.alloc(32)], root)), /longer/)
      assert.match(reason(verifyInclusion(hashLeaf(Buffer.from('x')), v.index, v.size, fromHex(v.proof), root)), /another root/)
      if (v.size > v.index + 1) assert.match(reason(verifyInclusion(leaf, v.index + 1, v.size, fromHex(v.proof), root)), /another root/)
    }
    assert.match(reason(verifyInclusion(hashLeaf(Buffer.alloc(0)), 8, 8, [], EMPTY_ROOT)), /not below the tree size/)
  })

  it('accepts the published consistency proofs, and refuses them altered or reversed', () => {
    for (const v of CONSISTENCY_VECTORS) {
      const r1 = Buffer.from(/** @type {string} */ (ROOTS[v.size1]), 'hex')
      const r2 = Buffer.from(/** @type {string} */ (ROOTS[v.size2]), 'hex')
      assert.deepEqual(verifyConsistency(v.size1, v.size2, r1, r2, fromHex(v.proof)), { valid: true }, `${v.size1} → ${v.size2}`)
      assert.match(reason(verifyConsistency(v.size1, v.size2, r2, r1, fromHex(v.proof))), /older root|newer root/)
      assert.match(reason(verifyConsistency(v.size2, v.size1, r2, r1, fromHex(v.proof))), /smaller/)
      const flipped = fromHex(v.proof)
      const first = /** @type {Buffer} */ (flipped[0])
      first[0] = (first[0] ?? 0) ^ 1
      assert.equal(verifyConsistency(v.size1, v.size2, r1, r2, flipped).valid, false)
    }
  })

  it('agrees with RFC 6962 PATH for every leaf of trees of 1…33 leaves', () => {
    const { leaves } = ledgerOf(Array.from({ length: 33 }, (_, i) => ({ kind: 'review', payload: { i } })))
    for (let n = 1; n <= leaves.length; n++) {
      const root = rootOfLeaves(leaves.slice(0, n))
      for (let m = 0; m < n; m++) assert.deepEqual(verifyInclusion(/** @type {Buffer} */ (leaves[m]), m, n, inclusionPath(m, leaves.slice(0, n)), root), { valid: true }, `${m} in ${n}`)
    }
  })
})

describe('C2SP signed notes and checkpoints', () => {
  it('opens Go’s published note with Go’s verifier key, and refuses it altered', () => {
    const v = verifierOf(GO_VKEY)
    assert.equal(v.keyHash, 0xc74f20a3)
    const opened = openNote(GO_NOTE, [v])
    assert.equal(opened.valid && opened.text, GO_TEXT)
    assert.match(reason(openNote(GO_NOTE.replace('cryptography', 'cryptographY'), [v])), /PeterNeumann \(c74f20a3\) does not verify/)
    assert.match(reason(/** @type {any} */ (parseVerifierKey(GO_VKEY.replace('c74f20a3', 'c74f20a4')))), /not the hash of the name and key/)
  })

  it('reads the tlog-checkpoint specification’s example body', () => {
    const c = parseCheckpointText('example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n')
    assert.ok(!('valid' in c))
    assert.equal(c.treeSize, 20852163)
    assert.equal(c.mode, 'real')
    assert.match(reason(/** @type {any} */ (parseCheckpointText('o\n01\nAAAA\n'))), /leading zeros/)
  })

  it('opens a checkpoint only with the key named by its origin; a simulation’s never with a real log’s key', () => {
    const log = logKey()
    const note = log.checkpoint(3, Buffer.alloc(32, 7))
    const opened = openCheckpoint(note, verifierOf(log.vkey))
    assert.ok(opened.valid)
    assert.equal(opened.checkpoint.treeSize, 3)
    assert.match(reason(openCheckpoint(note.replace('\n3\n', '\n4\n'), verifierOf(log.vkey))), /does not verify/)
    assert.match(reason(openCheckpoint(note, verifierOf(logKey().vkey))), /no trusted key signed the note/)
    // Signed by the same key but under a simulation's origin: the origin is not the key's name.
    const simulation = log.checkpoint(3, Buffer.alloc(32, 7), 'records.example.gov/verigate-simulation/0011223344556677')
    assert.match(reason(openCheckpoint(simulation, verifierOf(log.vkey))), /is of the log records\.example\.gov\/verigate-simulation/)
    const sim = logKey('records.example.gov/verigate-simulation/0011223344556677')
    const simOpened = openCheckpoint(sim.checkpoint(1, Buffer.alloc(32)), verifierOf(sim.vkey))
    assert.equal(simOpened.valid && simOpened.checkpoint.mode, 'simulation')
  })
})

describe('segments and entries', () => {
  const bodies = Array.from({ length: 11 }, (_, i) => ({ kind: 'review', payload: { batchId: 'b1', i } }))

  it('recomputes the root of a whole segment and refuses a changed, dropped or reordered entry', () => {
    const log = logKey()
    const { entries, leaves } = ledgerOf(bodies)
    const opened = openCheckpoint(log.checkpoint(entries.length, rootOfLeaves(leaves)), verifierOf(log.vkey))
    assert.ok(opened.valid)
    assert.equal(verifySegment(entries, opened.checkpoint).valid, true)
    const changed = entries.map((e) => Buffer.from(e))
    const fourth = /** @type {Buffer} */ (changed[4])
    fourth[60] = (fourth[60] ?? 0) ^ 1
    assert.match(reason(verifySegment(changed, opened.checkpoint)), /entry 4: the body is not UTF-8 JSON|entry 5 does not chain/)
    assert.match(reason(verifySegment(entries.slice(0, -1), opened.checkpoint)), /holds 10 entries, the checkpoint covers 11/)
    const swapped = [entries[1], entries[0], ...entries.slice(2)].map((e) => /** @type {Buffer} */ (e))
    assert.match(reason(verifySegment(swapped, opened.checkpoint)), /entry 0 says it is number 1/)
    assert.equal(SEGMENT_FORMAT, 'verigate-ledger-segment/1')
  })

  it('refuses a real ledger’s entries under a simulation’s checkpoint (another anchor)', () => {
    const sim = logKey('records.example.gov/verigate-simulation/0011223344556677')
    const { entries, leaves } = ledgerOf(bodies, 'real')
    const opened = openCheckpoint(sim.checkpoint(entries.length, rootOfLeaves(leaves)), verifierOf(sim.vkey))
    assert.ok(opened.valid)
    assert.match(reason(verifySegment(entries, opened.checkpoint)), /entry 0 does not chain to the simulation ledger's anchor/)
  })

  it('decodes the entry of ENCODING.md’s example, hash cc6947f2…', () => {
    const body = '{"actor":"reviewer-1","kind":"review","payload":{"action":"approve","batchId":"b1","decisionDigest":"sha256:00","requestId":"r1","reviewer":"reviewer-1"}}'
    const bytes = Buffer.concat([Buffer.from('01' + '00'.repeat(8) + '00'.repeat(32) + '000001a217ba1200' + '0000009a', 'hex'), Buffer.from(body)])
    const entry = decodeEntry(bytes)
    assert.ok(!('valid' in entry))
    assert.equal(hex(entry.leafHash), 'cc6947f2b0b1548b807f5ae73c87b7e4ae0065b5266927e4c81f06c3918d99c4')
    assert.equal(entry.body.kind, 'review')
    assert.match(reason(/** @type {any} */ (decodeEntry(bytes.subarray(0, 60)))), /body length says 154/)
  })
})

describe('proof bundles', () => {
  const csv = 'request_id,answer,given_name,dispose_by,use_limited_to\nr1,DISCLOSED,Ann,2027-01-01,case 1\nr2,NOT_VERIFIED,,,\n"\'=r3",DISCLOSED,"Bo, Jr",2027-01-01,case 1\n'
  const document = Buffer.from(csv)
  const digest = `sha256:${createHash('sha256').update(document).digest('hex')}`

  function make() {
    const log = logKey()
    const disclosure = (/** @type {string} */ id, /** @type {string} */ requestId) => ({ kind: 'disclosure', payload: { batchId: 'b1', recipient: 'p1', requestId, disclosureId: id } })
    const { entries, leaves } = ledgerOf([
      { kind: 'review', payload: {} },
      disclosure('d1', 'r1'),
      { kind: 'withholding', payload: { batchId: 'b1' } },
      disclosure('d3', '=r3'),
      disclosure('dx', 'rx'),
      { kind: 'response_file', payload: { batchId: 'b1', recipient: 'p1', digest, disclosureIds: ['d1', 'd3'] } },
      { kind: 'review', payload: {} },
    ])
    const size = entries.length
    const item = (/** @type {number} */ i) => ({ leaf_index: i, entry: /** @type {Buffer} */ (entries[i]).toString('base64'), proof: inclusionPath(i, leaves).map(hex) })
    const bundle = { format: BUNDLE_FORMAT, document: 'response_file', checkpoint: log.checkpoint(size, rootOfLeaves(leaves)), record: item(5), disclosures: [item(1), item(3)] }
    return { log, bundle, item, verifier: verifierOf(log.vkey) }
  }

  it('accepts a bundle with its file: every entry in the log, the digest and the DISCLOSED rows match', () => {
    const { bundle, verifier } = make()
    const verdict = verifyBundle(bundle, verifier, { document })
    assert.ok(verdict.valid, reason(/** @type {any} */ (verdict)))
    assert.equal(verdict.disclosures.length, 2)
    assert.match(verdict.notes.join('; '), /its 2 DISCLOSED rows are exactly those disclosures/)
  })

  it('refuses a changed line, a dropped line, a dropped or swapped proof, a foreign disclosure and another key', () => {
    const { bundle, verifier, item } = make()
    assert.match(reason(verifyBundle(bundle, verifier, { document: Buffer.from(csv.replace('Ann', 'Anne')) })), /the document was changed/)
    assert.match(reason(verifyBundle(bundle, verifier, { document: Buffer.from(csv.replace('r2,NOT_VERIFIED,,,\n', '')) })), /the document was changed/)
    assert.match(reason(verifyBundle({ ...bundle, disclosures: [item(1)] }, verifier, { document })), /proves 1 of the 2 disclosures .* no proof of d3/)
    assert.match(reason(verifyBundle({ ...bundle, disclosures: [item(1), item(4)] }, verifier)), /no proof of d3/)
    assert.match(reason(verifyBundle({ ...bundle, disclosures: [item(1), item(3), item(4)] }, verifier)), /does not name/)
    const swapped = { ...item(3), proof: item(1).proof }
    assert.match(reason(verifyBundle({ ...bundle, disclosures: [item(1), swapped] }, verifier)), /disclosure 1 \(entry 3\) is not in the log/)
    assert.match(reason(verifyBundle({ ...bundle, record: item(1) }, verifier)), /is a disclosure entry, the bundle says response_file/)
    assert.match(reason(verifyBundle(bundle, verifierOf(logKey().vkey))), /the checkpoint/)
  })

  it('reads quoted cells and the formula guard of a response file', () => {
    const rows = responseRows(csv)
    assert.ok(Array.isArray(rows))
    assert.deepEqual(rows.map((r) => r.requestId), ['r1', 'r2', "'=r3"])
  })
})

describe('recall and disposal bundles', () => {
  it('binds a recall notice by its entry’s seq and hash, and a certificate by its digest', () => {
    const log = logKey()
    const certificate = Buffer.from('noticeId: rn-1\nmethod: shredding\n')
    const certDigest = `sha256:${createHash('sha256').update(certificate).digest('hex')}`
    const { entries, leaves } = ledgerOf([
      { kind: 'disclosure', payload: { disclosureId: 'd1' } },
      { kind: 'recall', payload: { noticeId: 'rn-1', disclosureIds: ['d1'] } },
      { kind: 'disposal_certification', payload: { noticeId: 'rn-1', documentDigest: certDigest } },
    ])
    const item = (/** @type {number} */ i) => ({ leaf_index: i, entry: /** @type {Buffer} */ (entries[i]).toString('base64'), proof: inclusionPath(i, leaves).map(hex) })
    const checkpoint = log.checkpoint(entries.length, rootOfLeaves(leaves))
    const verifier = verifierOf(log.vkey)
    const recall = { format: BUNDLE_FORMAT, document: 'recall', checkpoint, record: item(1), disclosures: [] }
    const notice = (/** @type {number} */ seq, /** @type {string} */ id) => Buffer.from(JSON.stringify({ notice: { noticeId: id }, ledger: { seq, hash: hex(/** @type {Buffer} */ (leaves[seq])) } }))
    assert.ok(verifyBundle(recall, verifier, { document: notice(1, 'rn-1') }).valid)
    assert.match(reason(verifyBundle(recall, verifier, { document: notice(0, 'rn-1') })), /names ledger entry 0/)
    assert.match(reason(verifyBundle(recall, verifier, { document: notice(1, 'rn-2') })), /the recall notice is rn-2/)
    const disposal = { format: BUNDLE_FORMAT, document: 'disposal_certification', checkpoint, record: item(2), disclosures: [] }
    assert.ok(verifyBundle(disposal, verifier, { document: certificate }).valid)
    assert.match(reason(verifyBundle(disposal, verifier, { document: Buffer.from('noticeId: rn-1\nmethod: none\n') })), /the document was changed/)
    assert.match(reason(verifyBundle({ ...disposal, disclosures: [item(0)] }, verifier)), /carries no disclosure entries/)
  })
})
