// Corpus driver: ESLint (an unbundled CommonJS code base of several hundred
// modules, unlike the three single-file bundles) lints and autofixes the
// sources of markdown-it and of the other corpus drivers with an inline flat
// config, and prints every message, the fixed output's digest and the rules'
// metadata. Paths are printed relative to the folder linted.
import crypto from 'node:crypto';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { ESLint } from 'eslint';
import js from '@eslint/js';

const require = createRequire(import.meta.url);
const targets = [
  [path.dirname(require.resolve('markdown-it/package.json')), ['lib/**/*.mjs'], 'module'],
  [path.dirname(fileURLToPath(import.meta.url)), ['*.mjs'], 'module'],
];

const rules = {
  'prefer-const': 'error',
  'no-var': 'error',
  eqeqeq: ['error', 'smart'],
  curly: ['error', 'all'],
  'object-shorthand': 'error',
  'prefer-template': 'error',
  'prefer-arrow-callback': 'error',
  'no-else-return': 'error',
  'dot-notation': 'error',
  'arrow-body-style': ['error', 'as-needed'],
  'no-useless-concat': 'error',
  'operator-assignment': 'error',
  'prefer-destructuring': 'warn',
  'no-param-reassign': 'warn',
  'no-plusplus': 'warn',
  complexity: ['warn', 10],
  'max-depth': ['warn', 3],
  'max-params': ['warn', 3],
  'id-length': ['warn', { min: 2, exceptions: ['i', 'j', 'k', 'n', 'x', 'y'] }],
  'no-magic-numbers': ['warn', { ignore: [-1, 0, 1, 2] }],
  'sort-keys': 'warn',
  'func-style': ['warn', 'declaration', { allowArrowFunctions: true }],
};

for (const [cwd, patterns, sourceType] of targets) {
  const eslint = new ESLint({
    cwd,
    fix: true,
    overrideConfigFile: true,
    overrideConfig: [
      js.configs.recommended,
      { languageOptions: { sourceType, ecmaVersion: 'latest', globals: { console: 'readonly', process: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly' } }, rules },
    ],
  });
  const results = await eslint.lintFiles(patterns);
  results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  console.log(`==> ${path.basename(cwd)}: ${results.length} files`);
  for (const result of results) {
    const name = path.relative(cwd, result.filePath).split(path.sep).join('/');
    const fixed = result.output === undefined ? 'unchanged' : crypto.createHash('sha256').update(result.output).digest('hex');
    console.log(`--> ${name}: ${result.errorCount} errors, ${result.warningCount} warnings, fixed ${fixed}`);
    for (const m of result.messages) console.log(`${m.line}:${m.column} ${m.severity === 2 ? 'error' : 'warn'} ${m.ruleId} ${m.message}`);
  }
  const meta = eslint.getRulesMetaForResults(results);
  for (const id of Object.keys(meta).sort()) console.log(`rule ${id}: ${meta[id].type} ${meta[id].docs?.description ?? ''}`);
  const formatter = await eslint.loadFormatter('stylish');
  const text = await formatter.format(results.map((r) => ({ ...r, filePath: path.relative(cwd, r.filePath) })));
  console.log(stripVTControlCharacters(text));
}
