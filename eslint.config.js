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
            { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'The engine must not depend on React.' },
            { group: ['d3', 'd3-*'], message: 'The engine must not depend on d3.' },
            { group: ['zustand', 'zustand/*'], message: 'The engine must not depend on the store.' },
            { group: ['node:*', 'fs', 'path', 'crypto'], message: 'The engine runs in the browser: no Node APIs.' },
            { group: ['@/*', 'src/*', '**/ui/**', '**/store/**', '**/worker/**', '**/viz/**'], message: 'The engine imports only its own modules, by relative path.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'self', 'postMessage', 'navigator', 'performance', 'Date'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use the seeded PRNG (prng.ts).' }],
    },
  },
)
