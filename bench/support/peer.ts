/**
 * The peer, Splink 4.0.16 on DuckDB, as bench/peer.ts runs it: its harness in
 * `../shared/peers/splink` beside the repository (run_febrl4.py, env.sh; its README says how to
 * set it up) and the unpacked sources that harness needs in the folder named by PEER_SRC. Nothing
 * of Splink lives in this repository.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Absolute path of `../shared/peers/splink` (compiled to dist/bench/support/, four folders below it). */
export const PEER_DIR = fileURLToPath(new URL('../../../../shared/peers/splink/', import.meta.url))

/** Where the peer is: its harness folder and the folder of its unpacked sources. */
export interface Peer {
  /** The harness folder (run_febrl4.py, env.sh). */
  readonly dir: string
  /** PEER_SRC: splink-4.0.16, sqlglot-29.0.1, rapidfuzz-3.14.5 and libduckdb, as env.sh expects. */
  readonly src: string
}

/** What env.sh puts on the path, relative to PEER_SRC: each must be there for the peer to run. */
const SOURCES = ['splink-4.0.16/splink', 'sqlglot-29.0.1/sqlglot', 'rapidfuzz-3.14.5/src/rapidfuzz', 'duckdb-npm/package/libduckdb.so'] as const

/**
 * The peer, or why it cannot run here (the harness or a source missing), in words a reader of the
 * benchmark's output can act on.
 */
export function findPeer(env: NodeJS.ProcessEnv = process.env): Peer | { readonly missing: string } {
  for (const file of ['run_febrl4.py', 'env.sh']) {
    if (!existsSync(join(PEER_DIR, file))) return { missing: `../shared/peers/splink/${file} is not present beside the repository` }
  }
  const src = env.PEER_SRC
  if (!src) return { missing: 'PEER_SRC is not set (the folder that ../shared/peers/splink/setup_sources.sh fills: see the README there)' }
  for (const part of SOURCES) {
    if (!existsSync(join(src, part))) return { missing: `PEER_SRC has no ${part} (run ../shared/peers/splink/setup_sources.sh into it)` }
  }
  if (!existsSync('/usr/bin/python3')) return { missing: "/usr/bin/python3 is absent (the peer runs on Debian's Python with python3-pandas, python3-numpy, python3-jinja2, python3-jsonschema)" }
  return { dir: PEER_DIR, src }
}

/** GNU time, which reports a child's peak resident memory (`-v`); undefined where it is absent. */
export const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

/** The peak resident memory in MiB that `time -v` reported on stderr, or undefined. */
export function peakRssFromTime(stderr: string): number | undefined {
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)
  return m ? Number(m[1]) / 1024 : undefined
}
