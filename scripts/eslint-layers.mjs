// The eslint rule that enforces the layer table of scripts/layers.mjs on every file under src/:
// each relative import (static, dynamic with a literal path, or a re-export) is resolved against
// the importing file, and refused when it
//   - points up, or sideways between folders of one level (except the face starts of the table);
//   - reaches into another folder past its index.ts (a side door such as `../store/facades/x.js`);
//   - reaches test scaffolding (test/) from product code, which would ship it;
//   - leaves the table: a file in, or an import into, a folder under src/ the table does not name.
// Test files (*.test.ts) follow the same rule, except that they may import test/.
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { importRefusal, layerOf } from './layers.mjs'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SRC = join(ROOT, 'src')
const TEST = join(ROOT, 'test')

/** The path of `path` inside `dir` as segments, or null when it is outside. */
function inside(dir, path) {
  const rel = relative(dir, path)
  return rel === '' || rel.startsWith('..') || rel.startsWith(sep) ? null : rel.split(sep)
}

/** @type {import('eslint').Rule.RuleModule} */
const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports only point down the layer table (scripts/layers.mjs), into other folders through their index.ts only' },
    schema: [],
  },
  create(context) {
    const file = context.filename
    const own = inside(SRC, file)
    if (!own || own.length < 2) return {}
    const from = own[0]
    const isTest = file.endsWith('.test.ts')
    const check = (node, source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return
      const spec = source.value
      if (!spec.startsWith('.')) return
      const target = resolve(dirname(file), spec)
      if (!isTest && inside(TEST, target)) {
        context.report({ node: source, message: `'${spec}' is test scaffolding under test/: product code may not import it, or it would ship (docs/architecture.md)` })
        return
      }
      const parts = inside(SRC, target)
      if (!parts || parts[0] === from) return
      const to = parts[0]
      if (!layerOf(to)) {
        context.report({ node: source, message: `src/${to} is not in the layer table: add it to scripts/layers.mjs (and redraw docs/architecture.md)` })
        return
      }
      const refusal = importRefusal(from, to)
      if (refusal) {
        context.report({ node: source, message: `${refusal}; found '${spec}'` })
        return
      }
      if (parts.length !== 2 || parts[1] !== 'index.js') {
        context.report({ node: source, message: `'${spec}' reaches past src/${to}/index.ts: other folders are reached through their index.ts only (import '${relative(dirname(file), join(SRC, to, 'index.js')).split(sep).join('/')}') (docs/architecture.md)` })
      }
    }
    return {
      Program(node) {
        if (!layerOf(from)) context.report({ node, message: `src/${from} is not in the layer table: add it to scripts/layers.mjs (and redraw docs/architecture.md)` })
      },
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    }
  },
}

/** The plugin eslint.config.js registers as `verigate`. */
export const layersPlugin = { rules: { layers: layersRule } }

/** Where raw Kysely is refused: everywhere in src/ but the store, and but tests (see eslint.config.js). */
export const RAW_KYSELY_MESSAGE = 'raw Kysely outside src/store: SQL belongs to the store; add a store method and call it instead (docs/architecture.md)'
