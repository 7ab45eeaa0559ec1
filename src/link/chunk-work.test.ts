import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { nicknameGroups } from '../standardize/index.js'
import { buildMasterIndex } from './index/index.js'
import { chunkWorkOf, chunkWorkSpecOf } from './chunk-work.js'
import type { ChunkWorkPlugin } from './chunk-work.js'
import { createLinker } from './pipeline.js'

describe('chunk-work plug-ins', () => {
  const linker = createLinker({ index: buildMasterIndex([]), nicknameGroups })

  it('runs the createChunkWork of the module a plug-in names, with its data and each chunk\'s extra', async () => {
    const plugin: ChunkWorkPlugin<{ readonly tag: string }, number, string> = {
      name: 'echo',
      module: `data:text/javascript,${encodeURIComponent('export function createChunkWork(linker, data) { return (records, extra) => data.tag + ":" + records.length + ":" + extra }')}`,
    }
    const work = await chunkWorkOf<string>(linker, chunkWorkSpecOf({ plugin, data: { tag: 'x' } }), false)
    assert.equal(await work([], 7), 'x:0:7')
  })

  it('refuses a plug-in whose module exports no createChunkWork, naming the plug-in', async () => {
    const plugin: ChunkWorkPlugin<null, unknown, unknown> = { name: 'broken', module: `data:text/javascript,${encodeURIComponent('export const nothing = 1')}` }
    await assert.rejects(chunkWorkOf(linker, chunkWorkSpecOf({ plugin, data: null }), false), /chunk-work plug-in broken .* exports no createChunkWork/)
  })
})
