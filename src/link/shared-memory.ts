/**
 * Typed arrays on SharedArrayBuffers: the master index is built from them so that worker
 * threads read one copy without copying it.
 */

/** A typed-array constructor that can wrap a shared buffer. */
export type SharedArrayKind<T> = { new (buffer: SharedArrayBuffer, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number }

/**
 * Allocates a zero-filled typed array of `length` elements on a SharedArrayBuffer.
 *
 * @example
 * const codes = sharedArray(Int32Array, 1000)
 */
export function sharedArray<T>(kind: SharedArrayKind<T>, length: number): T {
  return new kind(new SharedArrayBuffer(length * kind.BYTES_PER_ELEMENT), 0, length)
}

/** Copies a typed array into a shared one of the same kind and length. */
export function toShared<T extends Uint8Array | Uint16Array | Int32Array | Uint32Array>(kind: SharedArrayKind<T>, source: T, length = source.length): T {
  const target = sharedArray(kind, length)
  ;(target as Uint8Array).set((source as Uint8Array).subarray(0, length))
  return target
}
