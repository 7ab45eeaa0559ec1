// Lint rules: the recommended sets, plus the layer rule of ARCHITECTURE.md (imports only point
// down, and other folders are reached through their index.ts only).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/** Layers from the bottom up; a layer may import only layers below it. */
const LAYERS = [
  ['core'],
  ['standardize'],
  ['intake'],
  ['link', 'policy', 'ledger', 'report'],
  ['store'],
  ['workflow'],
  ['cli', 'api', 'web'],
]

/** Which faces may import which other faces. */
const FACE_STARTS = { cli: ['api', 'web'], api: ['web'] }

/** Folders a layer may not import from: every layer above it and its own siblings. */
function forbiddenFor(level) {
  const above = LAYERS.slice(level + 1).flat()
  return above
}

const layerConfigs = LAYERS.flatMap((group, level) =>
  group.map((name) => {
    // Faces may start one another in one direction only: `verigate serve` (cli) starts the HTTP
    // API, and the API serves the web pages.
    const siblings = group.filter((g) => g !== name && !(FACE_STARTS[name] ?? []).includes(g))
    const banned = [...forbiddenFor(level), ...siblings]
    return {
      files: [`src/${name}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: banned.map((b) => ({
              group: [`**/${b}/*`, `**/${b}`, `!**/${name}/**`],
              message: `src/${name} may not import src/${b}: imports only point down (ARCHITECTURE.md).`,
            })),
          },
        ],
      },
    }
  }),
)

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bin/', 'coverage/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...layerConfigs,
)
