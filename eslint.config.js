// Lint, and the layering of DESIGN.md as import rules: data flows
// transform → runtime → core → backends → tracers/programs → ring → consumers,
// and no layer imports one that sits above it or beside it without reason.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

const above = (...names) => names.flatMap((n) => [`../${n}/*`, `../../${n}/*`, `./${n}/*`]);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bench/node_modules/', 'test/**/fixtures/', 'test/transform/cases/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', globalThis: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  layer(['src/runtime/**'], ['*', '!./*'], 'the runtime is the ABI of transformed code: it imports nothing'),
  layer(
    ['src/core/**'],
    ['node:*', ...above('runtime', 'backends', 'transform', 'register', 'cli', 'tracers', 'programs', 'control', 'ring')],
    'the core knows no JavaScript functions and does no I/O: it talks to a backend interface',
  ),
  layer(
    ['src/transform/**'],
    above('core', 'backends', 'tracers', 'programs', 'control', 'ring', 'register', 'cli'),
    'the transformer sits below everything but the runtime ABI',
  ),
  layer(['src/formats/**'], above('register', 'cli', 'control'), 'formats are pure functions of data'),
  layer(
    ['src/backends/**', 'src/tracers/**', 'src/programs/**', 'src/ring/**', 'src/control/**', 'src/register/**', 'src/transform/**', 'src/formats/**', 'src/index.ts'],
    above('cli'),
    'only bin/ uses the CLI',
  ),
  {
    files: ['test/**/*.mjs', 'bench/**/*.mjs', 'scripts/**/*.mjs', 'examples/**/*.mjs', 'bin/*.js', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', Buffer: 'readonly', performance: 'readonly', globalThis: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', queueMicrotask: 'readonly', structuredClone: 'readonly', AbortController: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly' } },
    rules: { '@typescript-eslint/no-unused-vars': 'off', 'no-unused-vars': 'off', '@typescript-eslint/no-require-imports': 'off', 'no-empty': 'off' },
  },
);
