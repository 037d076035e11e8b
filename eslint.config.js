// The arrows of the house (app → data → core, server → core) are enforced here,
// so that a wrong import fails `npm test` instead of a code review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'http', 'https', 'net', 'url', 'child_process',
  'stream', 'util', 'zlib', 'worker_threads', 'process', 'buffer', 'events',
];

// Dexie and every package built on it (dexie-react-hooks, dexie-cloud-…): only src/data may hold them.
const dexieImports = ['dexie', 'dexie/*', 'dexie-*', 'dexie-*/*'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'dev-dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['src/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: dexieImports, message: 'Dexie stays in src/data; use the functions src/data/index.ts exports.' }],
      }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['../app/*', '../data/*', '../server/*', '../../app/*', '../../data/*', '../../server/*', '**/app/**', '**/data/**', '**/server/**'], message: 'src/core imports nothing of ours outside src/core.' },
          { group: ['react', 'react-*', 'react/*', ...dexieImports, 'fastify', '@fastify/*', 'kysely', 'pg', 'better-sqlite3', 'i18next', ...nodeBuiltins], message: 'src/core is pure TypeScript: no React, Dexie, server, or Node APIs.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'indexedDB', 'process', 'Buffer', 'require', '__dirname', 'fetch'],
    },
  },
  {
    files: ['src/data/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/app/**', '**/server/**'], message: 'src/data may import only src/core.' },
          { group: ['react', 'react-*', 'react/*', ...nodeBuiltins], message: 'src/data is browser storage: no React, no Node APIs.' },
        ],
      }],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/server/**'], message: 'The app never imports the server.' },
          { group: [...dexieImports, 'fake-indexeddb', ...nodeBuiltins], message: 'Dexie stays in src/data; the app uses src/data.' },
          // The app reads and writes through the functions of src/data/index.ts, never its tables:
          // neither a module inside src/data nor the database type that would let it query them.
          // data/boot.ts is the second entry point: the start's read before Dexie is loaded (issue #15).
          { group: ['**/data/*', '!**/data/index', '!**/data/boot'], message: 'The app imports src/data through src/data/index.ts only (data/boot.ts at the start, before Dexie).' },
          { group: ['**/data', '**/data/index'], importNames: ['LotseDatabase'], message: 'The app calls functions of src/data; it does not query the database itself.' },
        ],
      }],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/app/**', '**/data/**'], message: 'The server never imports app or data.' },
          { group: ['react', 'react-*', 'react/*', ...dexieImports], message: 'No React or Dexie on the server.' },
        ],
      }],
    },
  },
);
