// Flat ESLint config: typescript-eslint's recommended rules over the whole project.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.scratch/', 'test-artifacts/', 'public/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Pages' own scripts (the chat page, the agent desk): plain browser scripts, no build step.
    files: ['web/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'fetch',
          'sessionStorage',
          'localStorage',
          'navigator',
          'TextDecoder',
          'setTimeout',
          'setInterval',
          'clearInterval',
          'console',
          'location',
          'URLSearchParams',
          'Element',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['dialogs/**/*.ts'],
    rules: {
      // The machine stays pure: no I/O, no framework, nothing from the shell.
      'no-restricted-imports': [
        'error',
        { patterns: ['botbuilder*', 'restify', 'natural*', 'node:*', 'fs', 'ioredis', 'better-sqlite3', '../src/*'] },
      ],
    },
  },
);
