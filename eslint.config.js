// Lint rules: the recommended sets, plus the layer map of docs/architecture.md, read from the one
// table in scripts/layers.mjs: imports only point down, other folders are reached through their
// index.ts only, product code never imports test scaffolding, and raw Kysely stays in the store.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { RAW_KYSELY_MESSAGE, layersPlugin } from './scripts/eslint-layers.mjs'

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
  {
    files: ['src/**/*.ts'],
    plugins: { verigate: layersPlugin },
    rules: { 'verigate/layers': 'error' },
  },
  {
    // Raw Kysely (the package, or a store's `.kysely`) belongs to src/store. Tests keep it: they
    // tamper with the database on purpose (rename a table, update an append-only row) to show
    // that the triggers and `ledger verify` catch what no store method would ever do.
    files: ['src/**/*.ts'],
    ignores: ['src/store/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'kysely', message: RAW_KYSELY_MESSAGE }], patterns: [{ group: ['kysely/*'], message: RAW_KYSELY_MESSAGE }] }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[computed=false][property.name='kysely']", message: RAW_KYSELY_MESSAGE },
        { selector: "MemberExpression[computed=true][property.value='kysely']", message: RAW_KYSELY_MESSAGE },
        { selector: "ObjectPattern > Property[key.name='kysely']", message: RAW_KYSELY_MESSAGE },
      ],
    },
  },
)
