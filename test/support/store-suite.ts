/**
 * The one conformance suite every store back end runs (after Hono's shared router suite and
 * Trillian's storage `testonly/`): `src/store/sqlite/sqlite-store.test.ts` runs it always,
 * `src/store/postgres/postgres-store.test.ts` when `VERIGATE_TEST_PG_URL` is set. Tampering is done the way
 * an attacker with database access would: drop the append-only triggers, then write SQL.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPairSync } from 'node:crypto'
import { sql } from 'kysely'
import type { Decision, Digest, LedgerEntry, MatchResult, Pseudonym } from '../../src/core/index.js'
import { VerigateError, digest } from '../../src/core/index.js'
import {
  MerkleLevels,
  encodeEntry,
  genesisPrevHashOf,
  hashLeaf,
  keyIdOf,
  loadOrCreateLedgerKeys,
  pseudonymize,
  signCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '../../src/ledger/index.js'
import type { LedgerKeys, LedgerProblemCode } from '../../src/ledger/index.js'
import { migrateToLatest } from '../../src/store/migrations/index.js'
import { APPEND_ONLY_TABLES } from '../../src/store/append-only.js'
import type { Store } from '../../src/store/store.js'
import { rawBackendForTamperTests, rawDatabaseForTamperTests } from '../../src/store/raw-database.js'

/** How a back end's test file opens stores for the suite. */
export interface StoreSuiteHarness {
  /** The back end's name, for test titles. */
  readonly name: string
  /** Opens a fresh, empty, migrated store. */
  open(): Promise<Store>
  /** Removes what the opened stores left (files, schemas), after the suite. */
  cleanup?(): Promise<void>
}

const AT = Date.UTC(2026, 10, 26, 12, 0, 0)
const time = (i: number): string => new Date(AT + i * 1000).toISOString()
const sha = (text: string): Digest => digest(text)

/** One entry of each kind, in turn, about one of a few people. */
function sampleEntry(i: number, subjects: readonly Pseudonym[]): LedgerEntry {
  const subject = subjects[i % subjects.length] as Pseudonym
  const at = time(i)
  switch (i % 8) {
    case 0:
      return {
        kind: 'disclosure',
        at,
        actor: 'system',
        subject,
        payload: {
          batchId: 'batch-1',
          requestId: `r${i}`,
          recipient: 'agency-a',
          fields: ['street_number', 'street_name', 'city', 'state', 'zip'],
          agreementId: 'agreement-1',
          agreementDigest: sha('agreement'),
          orderDigests: [sha('order')],
          evidenceDigest: sha(`evidence ${i}`),
          decisionDigest: sha(`decision ${i}`),
          masterDigest: sha('master'),
          disclosureId: `d${i}`,
        },
      }
    case 1:
      return { kind: 'withholding', at, actor: 'system', subject, payload: { batchId: 'batch-1', requestId: `r${i}`, recipient: 'agency-a', reasons: ['ADDRESS_INCOMPLETE'], decisionDigest: sha(`decision ${i}`) } }
    case 2:
      return { kind: 'review', at, actor: 'reviewer-1', subject, payload: { batchId: 'batch-1', requestId: `r${i}`, reviewer: 'reviewer-1', action: 'approve', note: 'checked the address «by hand»', decisionDigest: sha(`decision ${i}`) } }
    case 3:
      return { kind: 'policy_change', at, actor: 'admin', payload: { agreementId: 'agreement-1', version: `${i}`, digest: sha(`agreement ${i}`), previousDigest: null, effectiveFrom: '2026-01-01' } }
    case 4:
      return { kind: 'order_change', at, actor: 'admin', payload: { orderId: 'order-1', action: 'added', digest: sha('order'), effectiveFrom: '2026-02-26' } }
    case 5:
      return { kind: 'audit', at, actor: 'auditor', payload: { auditId: `audit-${i}`, agreementDigest: sha('agreement'), orderDigests: [], asOf: at, batches: ['batch-1'], examined: 1000, improper: 42, resultDigest: sha('result') } }
    case 6:
      return { kind: 'recall', at, actor: 'admin', payload: { noticeId: `notice-${i}`, auditId: 'audit-5', recipient: 'agency-a', disclosureIds: ['d0', 'd8'], fields: ['street_name'], reason: 'incomplete address', deadline: '2026-12-31' } }
    default:
      return {
        kind: 'disposal_certification',
        at,
        actor: 'agency-a',
        payload: { noticeId: 'notice-6', recipient: 'agency-a', disclosureIds: ['d0', 'd8'], disposedAt: at, method: 'deleted and overwritten', certifiedBy: 'records officer', documentDigest: sha('certificate'), late: false },
      }
  }
}

function sampleDecision(requestId: string, outcome: Decision['outcome']): Decision {
  const ref = { id: 'agreement-1', version: '1', digest: sha('agreement') }
  return {
    requestId,
    outcome,
    verified: outcome === 'disclose',
    fields: outcome === 'disclose' ? ['street_number', 'street_name', 'city', 'state', 'zip'] : [],
    masterId: outcome === 'disclose' ? `m-${requestId}` : null,
    reasons: [{ code: outcome === 'disclose' ? 'MATCH_CONFIRMED' : 'ADDRESS_INCOMPLETE', message: 'because' }],
    answer: { code: outcome === 'disclose' ? 'MATCH' : 'NO_MATCH', message: 'answer' },
    review: outcome === 'review' ? { approvers: 2 } : null,
    useLimits: {
      purpose: 'tax administration',
      legalBasis: '26 U.S.C. 6103(i)(2)',
      caseRef: 'case-1',
      recipient: 'agency-a',
      disposeBy: '2027-01-01',
      disposal: 'destroy',
      noRedisclosure: true,
      notice: 'unverified match',
    },
    basis: { path: 'address', status: 'match', weight: 17.25, requestAddress: 'FULL', addressAgreement: 'full', identified: true },
    agreement: ref,
    discloser: 'holder',
    recipient: 'agency-a',
    requester: 'official-1',
    orders: [],
    evidenceDigest: sha(`evidence ${requestId}`),
    ruleSetVersion: '1',
    asOf: time(0),
    releaseCheck: null,
  }
}

function sampleEvidence(requestId: string): MatchResult {
  return {
    requestId,
    status: 'match',
    request: {
      name: 'FULL',
      address: 'FULL',
      addressReasons: [],
      hasDob: true,
      hasTin: false,
      caseRef: 'case-1',
      hasTaxPeriods: true,
      hasStatute: true,
      hasReasons: true,
      hasOrderDate: true,
    },
    best: { masterId: `m-${requestId}`, weight: 17.25, probability: 0.99999, comparisons: [{ field: 'surname', level: 'exact', weight: 8.5 }] },
    rivals: [],
    masterDigest: sha('master'),
    modelDigest: sha('model'),
  }
}

/** Runs the store conformance suite against one back end. */
export function runStoreSuite(harness: StoreSuiteHarness): void {
  describe(`store on ${harness.name}`, () => {
    let keys: LedgerKeys
    let keyDir: string
    let subjects: Pseudonym[]
    const opened: Store[] = []

    const open = async (): Promise<Store> => {
      const store = await harness.open()
      opened.push(store)
      return store
    }

    /** A store whose ledger holds `count` sample entries, appended in batches of `batch`. */
    const ledgerOf = async (count: number, batch = 5): Promise<Store> => {
      const store = await open()
      for (let i = 0; i < count; i += batch) {
        await store.ledger.append(Array.from({ length: Math.min(batch, count - i) }, (_, j) => sampleEntry(i + j, subjects)))
      }
      return store
    }

    /** Drops the append-only triggers, as an attacker with database access would. */
    const dropTriggers = async (store: Store): Promise<void> => {
      for (const table of APPEND_ONLY_TABLES) for (const statement of rawBackendForTamperTests(store).schema.appendOnlyTriggers(table).drop) await statement.execute(rawDatabaseForTamperTests(store))
    }

    const encodedOf = async (store: Store, seq: number): Promise<Buffer> => {
      const bytes = await store.ledger.encoded(seq)
      assert.ok(bytes, `entry ${seq} exists`)
      return bytes
    }

    const expectProblem = async (store: Store, code: LedgerProblemCode, seq?: number): Promise<void> => {
      const result = await store.ledger.verify(keys.publicKey)
      assert.equal(result.ok, false, 'verification fails')
      const first = result.problems[0]
      assert.equal(first?.code, code, JSON.stringify(result.problems))
      if (seq !== undefined) assert.equal(first?.seq, seq, first?.message)
    }

    before(() => {
      keyDir = mkdtempSync(join(tmpdir(), 'verigate-'))
      keys = loadOrCreateLedgerKeys(join(keyDir, 'ledger-key')).keys
      subjects = ['123-45-6789', '987-65-4321', '555-12-3456'].map((tin) => pseudonymize(keys.holderSecret, { scheme: 'tin', value: tin }))
    })

    after(async () => {
      try {
        for (const store of opened) await store.close()
      } finally {
        rmSync(keyDir, { recursive: true, force: true })
        await harness.cleanup?.()
      }
    })

    describe('migrations and records', () => {
      it('runs its migrations once: a second run finds nothing to do', async () => {
        const store = await open()
        assert.deepEqual(await migrateToLatest(rawBackendForTamperTests(store)), [])
      })

      it('keeps parties and their credentials, and revokes a credential', async () => {
        const store = await open()
        await store.parties.add({ id: 'agency-a', name: 'Agency A', kind: 'requester', createdAt: time(0) })
        await store.parties.addCredential({ id: 'key-1', partyId: 'agency-a', role: 'requester', keyPrefix: 'vg_abc', keyHash: 'scrypt$…', createdAt: time(1) })
        assert.equal((await store.parties.get('agency-a'))?.name, 'Agency A')
        assert.equal((await store.parties.activeCredentials('vg_abc')).length, 1)
        assert.equal(await store.parties.revokeCredential('key-1', time(2)), true)
        assert.equal(await store.parties.revokeCredential('key-1', time(3)), false)
        assert.deepEqual(await store.parties.activeCredentials('vg_abc'), [])
      })

      it('keeps agreement versions and refuses a second digest for the same version', async () => {
        const store = await open()
        const version = { id: 'agreement-1', version: '1', digest: sha('v1'), document: 'purpose: x\n', effectiveFrom: '2026-01-01', effectiveUntil: null, recordedAt: time(0), ledgerSeq: null }
        await store.agreements.put(version)
        await store.agreements.put(version)
        await store.agreements.put({ ...version, version: '2', digest: sha('v2'), recordedAt: time(1) })
        await assert.rejects(store.agreements.put({ ...version, digest: sha('other') }), (e: unknown) => e instanceof VerigateError && e.code === 'conflict')
        assert.deepEqual(
          (await store.agreements.versions('agreement-1')).map((v) => v.version),
          ['1', '2'],
        )
        assert.equal((await store.agreements.latest())[0]?.version, '2')
        assert.equal((await store.agreements.byDigest(sha('v1')))?.version, '1')
        assert.equal((await store.orders.latest()).length, 0)
      })

      it('creates a batch once and refuses its id again', async () => {
        const store = await open()
        const batch = {
          id: 'batch-1',
          agreementId: 'agreement-1',
          agreementVersion: '1',
          agreementDigest: sha('agreement'),
          requesterPartyId: 'agency-a',
          requestFileDigest: sha('requests'),
          status: 'intake',
          createdAt: time(0),
        }
        await store.batches.create(batch)
        await assert.rejects(store.batches.create(batch), (e: unknown) => e instanceof VerigateError && e.code === 'conflict')
        await store.batches.update('batch-1', { status: 'decided', summary: { requested: 3 }, at: time(5) })
        const got = await store.batches.get('batch-1')
        assert.equal(got?.status, 'decided')
        assert.deepEqual(got?.summary, { requested: 3 })
        assert.equal(got?.updatedAt, time(5))
        assert.equal(await store.batches.get('nope'), undefined)
      })

      it('writes request records, evidence, decisions and disclosures in bulk and reads them back', async () => {
        const store = await open()
        await store.batches.create({ id: 'b', agreementId: 'a', agreementVersion: '1', agreementDigest: sha('a'), requesterPartyId: 'p', requestFileDigest: sha('f'), status: 'intake', createdAt: time(0) })
        const n = 3000
        const ids = Array.from({ length: n }, (_, i) => `r${String(i).padStart(5, '0')}`)
        await store.requests.insertMany(
          ids.map((requestId, i) => ({
            batchId: 'b',
            requestId,
            line: i + 2,
            record: { id: requestId, surname: 'GARCÍA', street_name: "O'Brien St" },
            intakeStatus: i % 10 === 0 ? 'refused' : 'accepted',
            intakeReasons: i % 10 === 0 ? ['address_locality_only'] : [],
          })),
        )
        assert.equal(await store.requests.count('b'), n)
        const page = await store.requests.page('b', 1, 3)
        assert.deepEqual(
          page.map((r) => [r.line, r.requestId, r.record.surname, r.intakeReasons]),
          [
            [2, 'r00000', 'GARCÍA', ['address_locality_only']],
            [3, 'r00001', 'GARCÍA', []],
            [4, 'r00002', 'GARCÍA', []],
          ],
        )
        // One request by id, as the web case page reads it; another batch's id finds nothing.
        const one = await store.requests.get('b', ids[n - 1]!)
        assert.deepEqual([one?.line, one?.requestId, one?.record.street_name, one?.intakeStatus], [n + 1, ids[n - 1], "O'Brien St", (n - 1) % 10 === 0 ? 'refused' : 'accepted'])
        assert.equal(await store.requests.get('other', ids[0]!), undefined)
        await store.evidence.insertMany('b', ids.map(sampleEvidence))
        assert.equal(await store.evidence.count('b'), n)
        const evidence = await store.evidence.get('b', 'r00007')
        assert.deepEqual(evidence?.result, sampleEvidence('r00007'))
        const outcomes: Decision['outcome'][] = ['disclose', 'withhold', 'review']
        await store.decisions.insertMany(
          'b',
          ids.map((id, i) => sampleDecision(id, outcomes[i % 3] as Decision['outcome'])),
        )
        assert.deepEqual(await store.decisions.countByOutcome('b'), { disclose: 1000, withhold: 1000, review: 1000 })
        assert.deepEqual((await store.decisions.get('b', 'r00003'))?.decision, sampleDecision('r00003', 'disclose'))
        assert.deepEqual(
          (await store.decisions.page('b', 'review', 'r00002', 2)).map((d) => d.requestId),
          ['r00005', 'r00008'],
        )
        const subject = subjects[0] as Pseudonym
        await store.disclosures.insertMany([
          { id: 'd1', batchId: 'b', requestId: 'r00000', recipientPartyId: 'agency-a', subject, fields: ['zip'], decisionDigest: sha('x'), disclosedAt: time(1), ledgerSeq: 0 },
          { id: 'd2', batchId: 'b', requestId: 'r00003', recipientPartyId: 'agency-a', subject: subjects[1] as Pseudonym, fields: ['zip'], decisionDigest: sha('y'), disclosedAt: time(2), ledgerSeq: 1 },
        ])
        assert.deepEqual(
          (await store.disclosures.bySubject(subject)).map((d) => [d.id, d.ledgerSeq, d.fields]),
          [['d1', 0, ['zip']]],
        )
        assert.equal((await store.disclosures.byBatch('b')).length, 2)
        assert.equal((await store.disclosures.get('d2'))?.requestId, 'r00003')
      })

      it('rolls back everything a failed transaction wrote, ledger entries included', async () => {
        const store = await open()
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.parties.add({ id: 'p', name: 'P', kind: 'requester', createdAt: time(0) })
            await tx.ledger.append([sampleEntry(0, subjects)])
            throw new Error('stop here')
          }),
          /stop here/,
        )
        assert.equal(await store.parties.get('p'), undefined)
        assert.equal(await store.ledger.size(), 0)
        const written = await store.transaction(async (tx) => {
          await tx.parties.add({ id: 'p', name: 'P', kind: 'requester', createdAt: time(0) })
          return tx.ledger.append([sampleEntry(0, subjects), sampleEntry(1, subjects)])
        })
        assert.deepEqual(
          written.map((e) => e.seq),
          [0, 1],
        )
        assert.equal(await store.ledger.size(), 2)
      })
    })

    describe('ledger', () => {
      it('appends entries of every kind and reads them back as written', async () => {
        const store = await open()
        const entries = Array.from({ length: 16 }, (_, i) => sampleEntry(i, subjects))
        const recorded = await store.ledger.append(entries)
        for (let i = 0; i < entries.length; i++) {
          const got = await store.ledger.get(i)
          const { seq, prevHash, hash, ...entry } = got ?? assert.fail(`entry ${i}`)
          assert.deepEqual(entry, entries[i])
          assert.equal(seq, i)
          assert.equal(hash, recorded[i]?.hash)
          assert.equal(prevHash, i === 0 ? genesisPrevHashOf(store.mode).toString('hex') : recorded[i - 1]?.hash)
          assert.equal(hash, hashLeaf(await encodedOf(store, i)).toString('hex'))
        }
        assert.equal((await store.ledger.list({ kind: 'audit' })).length, 2)
        assert.equal(await store.ledger.get(16), undefined)
      })

      it('refuses an entry it cannot encode without ambiguity, and writes nothing', async () => {
        const store = await ledgerOf(3)
        const bad = { ...sampleEntry(5, subjects), payload: { ...(sampleEntry(5, subjects).payload as object), examined: 0.5 } } as LedgerEntry
        await assert.rejects(store.ledger.append([sampleEntry(3, subjects), bad]), /only safe integers/)
        assert.equal(await store.ledger.size(), 3)
      })

      it('keeps the same Merkle root as a tree built in memory, and makes proofs that verify', async () => {
        const store = await ledgerOf(37, 4)
        const tree = new MerkleLevels()
        for (let i = 0; i < 37; i++) tree.append(hashLeaf(await encodedOf(store, i)))
        for (const size of [0, 1, 2, 5, 8, 16, 31, 37]) assert.equal((await store.ledger.root(size)).toString('hex'), tree.root(size).toString('hex'), `root of ${size}`)
        for (const [seq, size] of [
          [0, 1],
          [3, 8],
          [6, 7],
          [36, 37],
          [20, 33],
        ] as const) {
          const proof = await store.ledger.inclusionProof(seq, size)
          assert.deepEqual(proof, await tree.inclusionProof(seq, size))
          assert.equal(verifyInclusion(tree.node(0, seq), seq, size, proof, tree.root(size)).valid, true)
        }
        for (const [size1, size2] of [
          [1, 37],
          [7, 8],
          [8, 37],
          [13, 29],
          [37, 37],
        ] as const) {
          const proof = await store.ledger.consistencyProof(size1, size2)
          assert.equal(verifyConsistency(size1, size2, tree.root(size1), tree.root(size2), proof).valid, true, `${size1} → ${size2}`)
        }
      })

      it('makes many inclusion proofs at once, each equal to its proof alone, and reads many entries at once', async () => {
        // 260 entries: a run of more than 200 leaves is read by range, the rest by lookup.
        const store = await ledgerOf(260, 50)
        for (const [size, seqs] of [
          [260, Array.from({ length: 260 }, (_, i) => i)],
          [233, [232, 0, 17, 17, 100, 5, 231]],
          [1, [0]],
        ] as const) {
          const proofs = await store.ledger.inclusionProofs(seqs, size)
          assert.equal(proofs.length, seqs.length)
          for (const [i, seq] of seqs.entries()) assert.deepEqual(proofs[i], await store.ledger.inclusionProof(seq, size), `entry ${seq} of ${size}`)
          const bytes = await store.ledger.encodedMany(seqs)
          for (const [i, seq] of seqs.entries()) assert.deepEqual(bytes[i], await encodedOf(store, seq))
        }
        await assert.rejects(store.ledger.inclusionProofs([3, 260], 260), /entry 260 is not in the first 260 entries/)
        await assert.rejects(store.ledger.encodedMany([3, 999]), /no entry 999/)
      })

      it('finds every entry about one person by pseudonym, and none about another', async () => {
        const store = await ledgerOf(24)
        const about = await store.ledger.bySubject(subjects[0] as Pseudonym)
        assert.ok(about.length > 0)
        assert.ok(about.every((e) => e.subject === subjects[0]))
        const again = pseudonymize(keys.holderSecret, { scheme: 'tin', value: '123456789' })
        assert.deepEqual(
          (await store.ledger.bySubject(again)).map((e) => e.seq),
          about.map((e) => e.seq),
        )
        assert.deepEqual(await store.ledger.bySubject(pseudonymize(keys.holderSecret, { scheme: 'tin', value: '000000001' })), [])
      })

      it('signs checkpoints and verifies a clean ledger', async () => {
        const store = await ledgerOf(21)
        const first = await store.ledger.checkpoint(keys, new Date(AT + 60_000))
        await store.ledger.append([sampleEntry(21, subjects)])
        const second = await store.ledger.checkpoint(keys, new Date(AT + 120_000))
        assert.equal(first.treeSize, 21)
        assert.equal(second.treeSize, 22)
        assert.deepEqual((await store.ledger.checkpoints()).map((c) => c.treeSize), [21, 22])
        const result = await store.ledger.verify(keys.publicKey)
        assert.deepEqual(result.problems, [])
        assert.equal(result.ok, true)
        assert.equal(result.size, 22)
        assert.equal(result.checkpointsChecked, 2)
        assert.equal(result.rootHash, second.rootHash)
      })

      it('serializes appends made at the same time', async () => {
        const store = await open()
        await Promise.all(Array.from({ length: 6 }, (_, k) => store.ledger.append(Array.from({ length: 5 }, (_, j) => sampleEntry(k * 5 + j, subjects)))))
        assert.equal(await store.ledger.size(), 30)
        assert.equal((await store.ledger.verify(keys.publicKey)).ok, true)
      })

      it('refuses UPDATE and DELETE on the ledger tables (the database enforces append-only)', async () => {
        const store = await ledgerOf(20)
        await store.ledger.checkpoint(keys, new Date(AT))
        const db = rawDatabaseForTamperTests(store)
        await assert.rejects(db.updateTable('ledger_entries').set({ kind: 'audit' }).where('seq', '=', 1).execute(), /append-only/)
        await assert.rejects(db.deleteFrom('ledger_entries').where('seq', '=', 3).execute(), /append-only/)
        await assert.rejects(db.updateTable('ledger_nodes').set({ hash: Buffer.alloc(32) }).execute(), /append-only/)
        await assert.rejects(db.deleteFrom('ledger_nodes').execute(), /append-only/)
        await assert.rejects(db.updateTable('ledger_checkpoints').set({ tree_size: 3 }).execute(), /append-only/)
        await assert.rejects(db.deleteFrom('ledger_checkpoints').execute(), /append-only/)
        assert.equal(await store.ledger.size(), 20)
        assert.equal((await store.ledger.verify(keys.publicKey)).ok, true)
      })
    })

    describe('tampering, with the triggers dropped', () => {
      it('detects an entry whose bytes were modified', async () => {
        const store = await ledgerOf(12)
        await dropTriggers(store)
        const bytes = Buffer.from(await encodedOf(store, 5))
        // The first letter of the actor, 53 bytes of header and 10 of `{"actor":"` in.
        bytes[63] = (bytes[63] as number) ^ 0x01
        await rawDatabaseForTamperTests(store).updateTable('ledger_entries').set({ encoded: bytes }).where('seq', '=', 5).execute()
        await expectProblem(store, 'entry_hash_mismatch', 5)
      })

      it('detects a modified entry whose stored hash was recomputed too', async () => {
        const store = await ledgerOf(12)
        await dropTriggers(store)
        const bytes = Buffer.from(await encodedOf(store, 5))
        bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0x01
        await rawDatabaseForTamperTests(store).updateTable('ledger_entries').set({ encoded: bytes, hash: hashLeaf(bytes) }).where('seq', '=', 5).execute()
        await expectProblem(store, 'entry_chain_broken', 5)
      })

      it('detects a deleted entry', async () => {
        const store = await ledgerOf(12)
        await dropTriggers(store)
        await rawDatabaseForTamperTests(store).deleteFrom('ledger_entries').where('seq', '=', 7).execute()
        await expectProblem(store, 'entry_missing', 7)
      })

      it('detects deleted last entries through the checkpoint that covered them', async () => {
        const store = await ledgerOf(12)
        await store.ledger.checkpoint(keys, new Date(AT))
        await dropTriggers(store)
        await rawDatabaseForTamperTests(store).deleteFrom('ledger_entries').where('seq', '>=', 10).execute()
        await expectProblem(store, 'checkpoint_beyond_ledger', 10)
      })

      it('detects an entry inserted in the middle', async () => {
        const store = await ledgerOf(12)
        await dropTriggers(store)
        const db = rawDatabaseForTamperTests(store)
        await db
          .updateTable('ledger_entries')
          .set({ seq: sql<number>`seq + 1000` })
          .where('seq', '>=', 4)
          .execute()
        await db
          .updateTable('ledger_entries')
          .set({ seq: sql<number>`seq - 999` })
          .where('seq', '>=', 1000)
          .execute()
        const previous = hashLeaf(await encodedOf(store, 3))
        const forged = encodeEntry(sampleEntry(1, subjects), 4, previous)
        await db.insertInto('ledger_entries').values({ seq: 4, kind: 'withholding', at: time(1), subject: subjects[1] as string, encoded: forged, hash: hashLeaf(forged) }).execute()
        await expectProblem(store, 'entry_out_of_place', 5)
      })

      it('detects two entries swapped', async () => {
        const store = await ledgerOf(12)
        await dropTriggers(store)
        const db = rawDatabaseForTamperTests(store)
        const rows = await db.selectFrom('ledger_entries').selectAll().where('seq', 'in', [2, 9]).orderBy('seq').execute()
        const [a, b] = rows
        assert.ok(a && b)
        const { seq: _a, ...aColumns } = a
        const { seq: _b, ...bColumns } = b
        await db.updateTable('ledger_entries').set(bColumns).where('seq', '=', 2).execute()
        await db.updateTable('ledger_entries').set(aColumns).where('seq', '=', 9).execute()
        await expectProblem(store, 'entry_out_of_place', 2)
      })

      it('detects a rewritten last entry through the checkpoint that does not match', async () => {
        // 7 entries: the last one completes no Merkle node, so a rewrite of it is consistent
        // with every stored hash and node; only the checkpoint taken before can tell.
        const store = await ledgerOf(7)
        await store.ledger.checkpoint(keys, new Date(AT))
        await dropTriggers(store)
        const previous = hashLeaf(await encodedOf(store, 5))
        const forged = encodeEntry({ ...sampleEntry(6, subjects), actor: 'someone else' } as LedgerEntry, 6, previous)
        await rawDatabaseForTamperTests(store).updateTable('ledger_entries').set({ encoded: forged, hash: hashLeaf(forged) }).where('seq', '=', 6).execute()
        await expectProblem(store, 'checkpoint_root_mismatch', 6)
      })

      it('detects a checkpoint whose signature was forged or made with another key', async () => {
        const store = await ledgerOf(9)
        await store.ledger.checkpoint(keys, new Date(AT))
        await dropTriggers(store)
        const row = await rawDatabaseForTamperTests(store).selectFrom('ledger_checkpoints').selectAll().executeTakeFirstOrThrow()
        const signature = Buffer.from(row.signature)
        signature[0] = (signature[0] as number) ^ 0xff
        await rawDatabaseForTamperTests(store).updateTable('ledger_checkpoints').set({ signature }).execute()
        await expectProblem(store, 'checkpoint_signature')

        const other = await ledgerOf(3)
        const { privateKey, publicKey } = generateKeyPairSync('ed25519')
        const impostor = { ...keys, privateKey, publicKey, keyId: keyIdOf(publicKey) }
        const forged = signCheckpoint(impostor, 3, await other.ledger.root(3), new Date(AT))
        await rawDatabaseForTamperTests(other)
          .insertInto('ledger_checkpoints')
          .values({ tree_size: 3, time: forged.time, root_hash: Buffer.from(forged.rootHash, 'hex'), key_id: forged.keyId, signature: Buffer.from(forged.signature, 'base64') })
          .execute()
        await expectProblem(other, 'checkpoint_signature')
      })

      it('detects a missing Merkle node', async () => {
        const store = await ledgerOf(40, 7)
        await dropTriggers(store)
        await rawDatabaseForTamperTests(store).deleteFrom('ledger_nodes').where('level', '=', 4).where('idx', '=', 0).execute()
        await expectProblem(store, 'node_missing', 0)
      })

      it('detects a modified Merkle node', async () => {
        const store = await ledgerOf(40, 7)
        await dropTriggers(store)
        await rawDatabaseForTamperTests(store).updateTable('ledger_nodes').set({ hash: Buffer.alloc(32, 7) }).where('level', '=', 4).where('idx', '=', 1).execute()
        await expectProblem(store, 'node_mismatch', 16)
      })
    })
  })
}
