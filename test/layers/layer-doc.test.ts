/**
 * docs/architecture.md, scripts/layers.mjs and src/ cannot drift apart: the doc's table is the one
 * the module draws, and the module names every folder under src/ and no other.
 */
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The repository root (this file runs as dist/test/layers/layer-doc.test.js). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** What this test uses of scripts/layers.mjs. */
interface LayersModule {
  readonly LAYERS: readonly { readonly folder: string; readonly level: number; readonly purpose: string }[]
  readonly DOC_TABLE_START: string
  readonly DOC_TABLE_END: string
  layerTableMarkdown(): string
}

let layers: LayersModule

before(async () => {
  layers = (await import(pathToFileURL(join(ROOT, 'scripts/layers.mjs')).href)) as LayersModule
})

describe('layer table (scripts/layers.mjs) and docs/architecture.md', () => {
  it('the doc shows the table the module draws', () => {
    const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8')
    const start = doc.indexOf(layers.DOC_TABLE_START)
    const end = doc.indexOf(layers.DOC_TABLE_END)
    assert.ok(start >= 0 && end > start, 'docs/architecture.md has the layer table markers')
    const shown = doc.slice(start + layers.DOC_TABLE_START.length, end).trim()
    assert.equal(shown, layers.layerTableMarkdown(), 'docs/architecture.md differs from scripts/layers.mjs: run `node scripts/layers-doc.mjs --write`')
  })

  it('the table names every folder under src/, and only those', () => {
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()
    assert.deepEqual(layers.LAYERS.map((l) => l.folder).sort(), folders)
  })

  it('every layer has a level and a one-line purpose', () => {
    for (const layer of layers.LAYERS) {
      assert.ok(Number.isInteger(layer.level) && layer.level >= 0, `${layer.folder}: level ${layer.level}`)
      assert.ok(layer.purpose.length > 0 && !layer.purpose.includes('\n') && !layer.purpose.includes('|'), `${layer.folder}: purpose`)
    }
  })
})
