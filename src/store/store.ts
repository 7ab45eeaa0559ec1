/**
 * The store's interfaces: one `Store` over SQLite and PostgreSQL, grouped by concern
 * (`store.batches.create`, `store.ledger.append`), and the small `StoreBackend` seam the two
 * back ends implement. Back ends differ only through the hooks and capabilities declared here
 * (after Kysely's dialect adapters), never through a test of their name in callers.
 */
import type { KeyObject } from 'node:crypto'
import type { CompiledQuery, Insertable, Kysely, RawBuilder, Transaction } from 'kysely'
import type { Decision, DecisionOutcome, Digest, LedgerEntry, LedgerEntryKind, MatchResult, Pseudonym, RecordedLedgerEntry, RequestRecord, StoreMode } from '../core/index.js'
import type { CheckedEntries, EntryRules, LedgerKeys, LedgerSource, LedgerVerification, SignedCheckpoint } from '../ledger/index.js'
import type { AppendOnlyTable, OneWayChange } from './append-only.js'
import type { Database } from './schema.js'
import type { BatchQueriesFacade, BatchStepsFacade, ReviewsFacade, WithholdingsFacade } from './workflow-facades.js'
import type { AuditsFacade, CertificationsFacade, IncidentsFacade, RecallAcknowledgementsFacade, RecallsFacade } from './audit-facades.js'
import type { OnlineVerificationsFacade } from './online-facades.js'

// ---------------------------------------------------------------------------------------------
// The back-end seam

/** Column types and statements that differ between SQL dialects, for the migrations. */
export interface SchemaDialect {
  /** The column type of 64-bit integers (`integer` is SQLite's rowid type). */
  readonly int64: 'integer' | 'bigint'
  /** The column type of byte strings. */
  readonly bytes: 'blob' | 'bytea'
  /** Statements run once before any append-only trigger is created (a trigger function). */
  readonly appendOnlySetup: readonly RawBuilder<unknown>[]
  /**
   * Statements that make a table refuse UPDATE and DELETE (all but `oneWay`, when given), and the
   * ones that undo that.
   */
  appendOnlyTriggers(table: AppendOnlyTable, oneWay?: OneWayChange): { readonly create: readonly RawBuilder<unknown>[]; readonly drop: readonly RawBuilder<unknown>[] }
}

/** What a back end provides: a Kysely instance, its schema dialect, and the hooks for fast or locked work. */
export interface StoreBackend {
  /** `sqlite` or `postgres`: for messages and reports only. */
  readonly name: string
  /** Where the data is, safe to print (no password). */
  readonly location: string
  readonly db: Kysely<Database>
  readonly schema: SchemaDialect
  /** The SQL schema (namespace) the tables live in, where the database has them (PostgreSQL). */
  readonly namespace?: string
  /** Takes the ledger's append lock for the rest of the transaction, so appends are serialized. */
  lockLedger(trx: Transaction<Database>): Promise<void>
  /**
   * Inserts many rows into one table inside a transaction, as fast as the back end allows
   * (reused prepared statements on SQLite, multi-row INSERTs on PostgreSQL).
   */
  insertRows<T extends keyof Database & string>(trx: Transaction<Database>, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void>
  /**
   * Optional, the same as `insertRows` with the rows given as one flat array of values, row after
   * row, each in `columns` order: the ledger's append path, which would otherwise build an object
   * per entry only for the back end to take it apart again.
   */
  insertFlatRows?(trx: Transaction<Database>, table: keyof Database & string, columns: readonly string[], values: readonly unknown[]): Promise<void>
  /**
   * Runs a compiled SELECT outside any transaction and returns its rows as arrays in column
   * order: for long scans (ledger verification reads every entry), where building an object
   * per row in the driver costs more than the query.
   */
  selectArrays(query: CompiledQuery): Promise<readonly (readonly unknown[])[]>
  /**
   * Checks the ledger's `size` entries under `rules` in parallel (worker threads with their own
   * connections), as `LedgerSource.checkedEntries`; undefined where the back end cannot, or the
   * ledger is too small for it to pay.
   */
  checkLedgerEntries?(size: number, rules: EntryRules): AsyncIterable<CheckedEntries> | undefined
  close(): Promise<void>
}

// ---------------------------------------------------------------------------------------------
// Facades, one per concern

/** A party to agreements: the holder, a requesting agency, an overseer. */
export interface Party {
  readonly id: string
  readonly name: string
  readonly kind: 'holder' | 'requester' | 'overseer'
  readonly createdAt: string
}

/** An API credential: the key itself is never stored, only its slow hash. */
export interface PartyCredential {
  readonly id: string
  readonly partyId: string
  readonly role: string
  readonly keyPrefix: string
  readonly keyHash: string
  readonly createdAt: string
  readonly revokedAt: string | null
  /** The person who holds the key: whose acts it records (names compare case-insensitively). */
  readonly person: string
}

/** A credential with the kind of its party, as read to authenticate (the role must fit the kind). */
export interface CredentialOfParty extends PartyCredential {
  /** The kind of the credential's party, as stored (checked against the role at every use). */
  readonly partyKind: string
}

/** Parties and their credentials. */
export interface PartiesFacade {
  add(party: Party): Promise<void>
  get(id: string): Promise<Party | undefined>
  list(): Promise<readonly Party[]>
  /** Adds a credential; without `person`, the credential's id names its holder. */
  addCredential(credential: Omit<PartyCredential, 'revokedAt' | 'person'> & { readonly person?: string }): Promise<void>
  /** The credentials not revoked with this key prefix, with their party's kind. */
  activeCredentials(keyPrefix: string): Promise<readonly CredentialOfParty[]>
  /** One credential by id, revoked or not, with its party's kind (one indexed read: sessions check it on every request). */
  credential(id: string): Promise<CredentialOfParty | undefined>
  /** Every credential of a party, revoked ones included, by id. */
  credentialsOf(partyId: string): Promise<readonly PartyCredential[]>
  /** Every credential not revoked, of every party, by party then id (never the key: only its prefix and hash). */
  activeCredentialList(): Promise<readonly PartyCredential[]>
  /** Marks a credential revoked; false when there is no such active credential. */
  revokeCredential(id: string, at: string): Promise<boolean>
}

/** One version of an agreement or court order document. */
export interface DocumentVersion {
  readonly id: string
  readonly version: string
  readonly digest: Digest
  /** The document text as given. */
  readonly document: string
  readonly effectiveFrom: string
  readonly effectiveUntil: string | null
  readonly recordedAt: string
  readonly ledgerSeq: number | null
}

/** Versions of agreements, or of court orders. */
export interface DocumentVersionsFacade {
  /** Records a version; a version already recorded with another digest is a conflict. */
  put(version: DocumentVersion): Promise<void>
  get(id: string, version: string): Promise<DocumentVersion | undefined>
  byDigest(digest: Digest): Promise<DocumentVersion | undefined>
  /** Every version of one document, oldest first. */
  versions(id: string): Promise<readonly DocumentVersion[]>
  /** The latest version of every document, by id. */
  latest(): Promise<readonly DocumentVersion[]>
}

/** A batch of requests. */
export interface Batch {
  readonly id: string
  readonly agreementId: string
  readonly agreementVersion: string
  readonly agreementDigest: Digest
  readonly requesterPartyId: string
  readonly requestFileDigest: Digest
  readonly status: string
  readonly createdAt: string
  readonly updatedAt: string
  /** A JSON summary, once there is one. */
  readonly summary: unknown
}

/** Batches. */
export interface BatchesFacade {
  /** Creates a batch; throws a `conflict` VerigateError when the id exists. */
  create(batch: Omit<Batch, 'updatedAt' | 'summary'>): Promise<Batch>
  get(id: string): Promise<Batch | undefined>
  list(): Promise<readonly Batch[]>
  /** Sets the status (and the summary, when given). */
  update(id: string, change: { readonly status: string; readonly summary?: unknown; readonly at: string }): Promise<void>
}

/** A request record of a batch with its intake result. */
export interface StoredRequest {
  readonly batchId: string
  readonly requestId: string
  readonly line: number
  readonly record: RequestRecord
  readonly intakeStatus: 'accepted' | 'refused'
  readonly intakeReasons: readonly string[]
}

/** Request records, written in bulk. */
export interface RequestsFacade {
  insertMany(rows: readonly StoredRequest[]): Promise<void>
  count(batchId: string): Promise<number>
  /** One request of a batch by its id (one indexed read), or undefined. */
  get(batchId: string, requestId: string): Promise<StoredRequest | undefined>
  /** A page of a batch's requests by line, after `afterLine`. */
  page(batchId: string, afterLine: number, limit: number): Promise<readonly StoredRequest[]>
}

/** Match evidence, written in bulk. */
export interface EvidenceFacade {
  insertMany(batchId: string, results: readonly MatchResult[]): Promise<void>
  get(batchId: string, requestId: string): Promise<{ readonly result: MatchResult; readonly digest: Digest } | undefined>
  count(batchId: string): Promise<number>
}

/** Decisions, written in bulk, queried by outcome. */
export interface DecisionsFacade {
  insertMany(batchId: string, decisions: readonly Decision[]): Promise<void>
  get(batchId: string, requestId: string): Promise<{ readonly decision: Decision; readonly digest: Digest } | undefined>
  countByOutcome(batchId: string): Promise<Readonly<Record<DecisionOutcome, number>>>
  /** A page of decisions with one outcome, by request id after `afterRequestId`. */
  page(batchId: string, outcome: DecisionOutcome, afterRequestId: string, limit: number): Promise<readonly Decision[]>
}

/** A disclosure as the store keeps it. */
export interface StoredDisclosure {
  readonly id: string
  readonly batchId: string
  readonly requestId: string
  readonly recipientPartyId: string
  readonly subject: Pseudonym
  readonly fields: readonly string[]
  readonly decisionDigest: Digest
  readonly disclosedAt: string
  /** The ledger entry recording it. */
  readonly ledgerSeq: number
}

/** Disclosures. */
export interface DisclosuresFacade {
  insertMany(rows: readonly StoredDisclosure[]): Promise<void>
  get(id: string): Promise<StoredDisclosure | undefined>
  bySubject(subject: Pseudonym): Promise<readonly StoredDisclosure[]>
  byBatch(batchId: string): Promise<readonly StoredDisclosure[]>
}

/** A key that signs (or signed) the ledger, as the store records it (migration 0008). */
export interface LedgerSigningKey {
  /** Hex SHA-256 of the public key's SubjectPublicKeyInfo, as checkpoints name it. */
  readonly keyId: string
  /** The public key (PEM). */
  readonly publicKeyPem: string
  /** A tag of the pseudonym secret that goes with the key (`holderSecretTag`). */
  readonly secretTag: string
  /** The smallest tree size the key signs: 0 for the first key, a rotation entry's seq + 1 after. */
  readonly fromSize: number
  /** The `key_rotation` entry that brought the key in; null for the store's first key. */
  readonly rotationSeq: number | null
  readonly recordedAt: string
}

/** What a key rotation wrote: its ledger entry, and the old key's checkpoint that covers it. */
export interface KeyRotationRecord {
  readonly entry: RecordedLedgerEntry<'key_rotation'>
  readonly checkpoint: SignedCheckpoint
}

/** Reading the ledger: entries, roots, proofs and checkpoints (what overseers' tools need). */
export interface LedgerReader {
  /** The number of entries. */
  size(): Promise<number>
  get(seq: number): Promise<RecordedLedgerEntry | undefined>
  /** An entry's canonical bytes. */
  encoded(seq: number): Promise<Buffer | undefined>
  /** Entries from `from` on, at most `limit`, optionally of one kind. */
  list(options?: { readonly from?: number; readonly limit?: number; readonly kind?: LedgerEntryKind }): Promise<readonly RecordedLedgerEntry[]>
  /**
   * Every entry about one person (by pseudonym), oldest first. It scans the ledger (seconds for
   * a million entries): entries are not indexed by subject, to keep appends fast.
   */
  bySubject(subject: Pseudonym): Promise<readonly RecordedLedgerEntry[]>
  /** The Merkle root of the first `size` entries (default: all). */
  root(size?: number): Promise<Buffer>
  /** The inclusion proof of entry `seq` in the tree of the first `treeSize` entries. */
  inclusionProof(seq: number, treeSize: number): Promise<Buffer[]>
  /** The consistency proof between the trees of the first `size1` and `size2` entries. */
  consistencyProof(size1: number, size2: number): Promise<Buffer[]>
  /** Every stored checkpoint, oldest first. */
  checkpoints(): Promise<readonly SignedCheckpoint[]>
  /** The rows for `verifyLedger`, streamed. */
  source(): LedgerSource
  /**
   * Recomputes every hash, node and checkpoint (see `verifyLedger`); without a public key,
   * everything but the checkpoints' signatures.
   */
  verify(publicKey: KeyObject | string | undefined): Promise<LedgerVerification>
  /** The keys that sign the ledger, oldest first (the last one signs now); none for a new store. */
  signingKeys(): Promise<readonly LedgerSigningKey[]>
}

/** The ledger: one write path (`append`), and checkpoints. */
export interface LedgerFacade extends LedgerReader {
  /**
   * Appends entries in one transaction (or in the caller's): encodes them, chains them, adds
   * them to the Merkle tree, and returns them as recorded. Entries made with the ledger key
   * (pseudonyms of people) pass `keys`: the append is refused, nothing written, unless they are
   * the key the store records for its ledger (a new store records them).
   */
  append(entries: readonly LedgerEntry[], keys?: LedgerKeys): Promise<readonly RecordedLedgerEntry[]>
  /**
   * Signs the current tree head with the ledger key, stores it and returns it; refused unless
   * `keys` are the store's ledger key (a new store records them).
   */
  /**
   * Takes the ledger's append lock for the rest of the caller's transaction (facades bound to a
   * transaction only): a time read after it is not earlier than any entry another writer appends
   * first, so a real ledger's times never go back.
   */
  lock(): Promise<void>
  checkpoint(keys: LedgerKeys, at: Date): Promise<SignedCheckpoint>
  /**
   * Records `keys` as the ledger's key: a no-op when they already are, refused when the store
   * records another key. What a command does when it makes the key of a new store.
   */
  bindKey(keys: LedgerKeys, at: Date): Promise<void>
  /**
   * Replaces the ledger's key `current` by `next` (which must hold the same pseudonym secret): one
   * `key_rotation` entry signed by both keys, the new key recorded from the tree after it, and a
   * checkpoint by the old key covering the rotation, in one transaction.
   */
  rotateKey(current: LedgerKeys, next: LedgerKeys, options: { readonly actor: string; readonly at: Date }): Promise<KeyRotationRecord>
}

/** Everything a transaction can do: the facades, bound to one transaction. */
export interface StoreFacades {
  readonly parties: PartiesFacade
  readonly agreements: DocumentVersionsFacade
  readonly orders: DocumentVersionsFacade
  readonly batches: BatchesFacade
  readonly requests: RequestsFacade
  readonly evidence: EvidenceFacade
  readonly decisions: DecisionsFacade
  readonly disclosures: DisclosuresFacade
  readonly ledger: LedgerFacade
  /** Steps of batches recorded as done (the batch workflow's resume points). */
  readonly batchSteps: BatchStepsFacade
  /** Reviewers' actions on review cases. */
  readonly reviews: ReviewsFacade
  /** Cases withheld after review or at the release-time check. */
  readonly withholdings: WithholdingsFacade
  /** The paged reads of a batch run. */
  readonly batchQueries: BatchQueriesFacade
  /** Retroactive audits with their full results (issue 8). */
  readonly audits: AuditsFacade
  /** Incident records opened by audits. */
  readonly incidents: IncidentsFacade
  /** Recall notices, one per recipient per audit. */
  readonly recalls: RecallsFacade
  /** Recipients' certifications of disposal, one per notice. */
  readonly certifications: CertificationsFacade
  /** Recipients' acknowledgements of recall notices, one per notice (migration 0004). */
  readonly acknowledgements: RecallAcknowledgementsFacade
  /** Online answers that disclosed something about a person, each with its ledger entry (migration 0011). */
  readonly onlineVerifications: OnlineVerificationsFacade
}

/** Which back end a store is on and where, safe to print (no password). */
export interface StoreBackendInfo {
  /** `sqlite` or `postgres`: for messages and reports only. */
  readonly name: string
  readonly location: string
}

/** The store. */
export interface Store extends StoreFacades {
  /** The back end's name and location (its connection stays inside the store). */
  readonly backend: StoreBackendInfo
  /**
   * The store's mode, recorded once when it was created: `real` (every write carries the
   * server's clock) or `simulation` (given times are written as given). A store whose recorded
   * mode and ledger disagree counts as real here, and its ledger refuses appends.
   */
  readonly mode: StoreMode
  /** Runs `work` in one transaction: everything it writes is committed together or not at all. */
  transaction<T>(work: (tx: StoreFacades) => Promise<T>): Promise<T>
  close(): Promise<void>
}
