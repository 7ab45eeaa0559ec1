// Draws the layer table of docs/architecture.md from scripts/layers.mjs.
//   node scripts/layers-doc.mjs          checks: exit 1 when the doc's table differs from the module
//   node scripts/layers-doc.mjs --write  redraws the table between the doc's markers
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { DOC_TABLE_END, DOC_TABLE_START, layerTableMarkdown } from './layers.mjs'

const DOC = fileURLToPath(new URL('../docs/architecture.md', import.meta.url))

/** The doc's text with its table redrawn; throws when the markers are missing. */
export function redrawn(text) {
  const start = text.indexOf(DOC_TABLE_START)
  const end = text.indexOf(DOC_TABLE_END)
  if (start < 0 || end < start) throw new Error(`docs/architecture.md: the layer table's markers are missing (${DOC_TABLE_START} … ${DOC_TABLE_END})`)
  return `${text.slice(0, start + DOC_TABLE_START.length)}\n${layerTableMarkdown()}\n${text.slice(end)}`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = readFileSync(DOC, 'utf8')
  const drawn = redrawn(text)
  if (process.argv.includes('--write')) {
    if (drawn !== text) writeFileSync(DOC, drawn)
    console.log(drawn === text ? 'docs/architecture.md: the layer table is current' : 'docs/architecture.md: the layer table is redrawn')
  } else if (drawn !== text) {
    console.error('docs/architecture.md: the layer table differs from scripts/layers.mjs; run `node scripts/layers-doc.mjs --write`')
    process.exit(1)
  }
}
