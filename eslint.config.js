import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['dist', 'coverage', 'node_modules', 'docs', '.scratch', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The engine is a pure, deterministic model: it runs in Node, in the worker and in tests.
    files: ['src/engine/**/*.ts'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            // Relative imports only: any package or bare path (React, d3, zustand, fast-check, node:*, an
            // alias) is a dependency the worker, Node and the tests would all have to carry and agree on.
            {
              regex: '^(?!\\.{1,2}(/|$))',
              message: 'The engine imports only its own modules, by relative path: no packages, Node built-ins or aliases, so that it runs the same in Node, in the worker and in tests.',
            },
            { group: ['**/ui/**', '**/store/**', '**/worker/**', '**/viz/**'], message: 'The engine must not reach into the UI, the store, the worker or the drawing.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'self', 'postMessage', 'navigator', 'performance', 'Date'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use the seeded PRNG (prng.ts).' }],
    },
  },
)
