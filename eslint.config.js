// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NETWORK_AND_FS = [
  { group: ['@actions/*', '@octokit/*', 'probot', 'pg', 'pg-boss', 'kysely', '@electric-sql/*', 'ai', '@ai-sdk/*'], message: 'The classifier is pure: no GitHub, network, store or model client.' },
  { group: ['node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'os', 'stream'], message: 'The classifier is pure: no I/O.' },
  { group: ['**/report/**', '**/action/**', '**/cli/**', '**/app/**', '**/store/**'], message: 'The classifier imports nothing above it.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.punchlist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', TextDecoder: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/classify/**/*.ts', 'src/decision/**/*.ts', 'src/reports/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: NETWORK_AND_FS }] },
  },
  {
    files: ['src/report/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/action/**', '**/cli/**', '**/app/**'], message: 'Reporters import the core, never an entry.' }] }],
    },
  },
  {
    files: ['app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@actions/core'], message: 'The App never uses the Action toolkit.' },
        { group: ['**/src/action/**', '**/src/cli/**'], message: 'The App imports the core and the store, never an entry.' },
      ] }],
    },
  },
);
