/**
 * Canonical JSON and digests. A canonical encoding has one byte form per value: object keys
 * sorted by code point, no whitespace, and only finite numbers (integers, or decimals written by
 * JavaScript's shortest round-trip form), so a digest of a document or an index is stable across
 * machines and runs. Close to RFC 8785 (JSON Canonicalization Scheme) for the values we use.
 */
import { createHash } from 'node:crypto'

/** A JSON value that canonical encoding accepts. `undefined` members of objects are dropped. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined }

/**
 * Encodes a value as canonical JSON.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no form for the number ${value}`)
    return JSON.stringify(Object.is(value, -0) ? 0 : value)
  }
  if (Array.isArray(value)) return `[${value.map((v: JsonValue) => canonicalJson(v)).join(',')}]`
  const object = value as { readonly [key: string]: JsonValue | undefined }
  const keys = Object.keys(object)
    .filter((k) => object[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k] as JsonValue)}`).join(',')}}`
}

/** A SHA-256 digest written as `sha256:` and 64 lower-case hex digits. */
export type Digest = `sha256:${string}`

/**
 * The SHA-256 digest of bytes, a string (UTF-8) or a JSON value (its canonical form).
 *
 * @example
 * digest('abc') // 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function digest(input: Uint8Array | string | JsonValue): Digest {
  const hash = createHash('sha256')
  if (input instanceof Uint8Array || typeof input === 'string') hash.update(input)
  else hash.update(canonicalJson(input))
  return `sha256:${hash.digest('hex')}`
}
