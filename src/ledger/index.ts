/**
 * @module ledger
 * The tamper-evident disclosure ledger as an engine: the canonical entry encoding, RFC 6962
 * hashing, the hash chain, the incremental Merkle tree, signed checkpoints, inclusion and
 * consistency proofs, pseudonyms, and whole-ledger verification. Storage lives in `store/`;
 * `verify.ts` stands alone so an overseer can check proofs with no database.
 */
export * from './verify.js'
export * from './encoding.js'
export * from './merkle.js'
export * from './pseudonym.js'
export * from './ledger-keys.js'
export * from './checkpoint.js'
export * from './key-rotation.js'
export * from './verify-ledger.js'
export * from './cosignature.js'
