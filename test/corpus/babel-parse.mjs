// Corpus driver: @babel/parser parses large real inputs (the TypeScript
// compiler's own lib/typescript.js as a script, lib.dom.d.ts with the
// typescript plugin) and a set of broken snippets with error recovery, and
// prints a digest of each AST: node type counts, comment and token counts, and
// a sha256 over the tree without location fields (fed to the hash node by node:
// JSON.stringify of typescript.js's tree would pass V8's string length limit).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from '@babel/parser';

const require = createRequire(import.meta.url);
// Offsets and positions; `extra` stays (raw literals, parentheses) but for its own offsets.
const LOCATION = new Set(['start', 'end', 'loc', 'range', 'parenStart', 'trailingComma']);

/** Feeds the tree to `hash` in a fixed order without location fields, counting node types. */
function digest(root) {
  const hash = crypto.createHash('sha256');
  const types = new Map();
  const stack = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') {
      hash.update(`${typeof value}:${String(value)};`);
      continue;
    }
    if (Array.isArray(value)) {
      hash.update(`[${value.length};`);
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      continue;
    }
    if (typeof value.type === 'string') types.set(value.type, (types.get(value.type) ?? 0) + 1);
    const keys = Object.keys(value).filter((k) => !LOCATION.has(k)).sort();
    hash.update(`{${keys.join(',')};`);
    for (let i = keys.length - 1; i >= 0; i--) stack.push(value[keys[i]]);
  }
  return { sha256: hash.digest('hex'), types };
}

function report(name, ast) {
  const { sha256, types } = digest(ast.program);
  console.log(`==> ${name}`);
  console.log(`sha256 ${sha256}`);
  console.log(`comments ${ast.comments.length} tokens ${ast.tokens?.length ?? '-'} errors ${ast.errors?.length ?? 0}`);
  for (const error of ast.errors ?? []) console.log(`error ${error.code} ${error.reasonCode} ${error.loc.line}:${error.loc.column} ${error.message}`);
  const sorted = [...types].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  for (const [type, count] of sorted) console.log(`${type} ${count}`);
}

const inputs = [
  ['typescript/lib/typescript.js', { sourceType: 'script' }],
  ['typescript/lib/lib.dom.d.ts', { sourceType: 'module', plugins: [['typescript', { dts: true }]], tokens: true }],
];
for (const [id, options] of inputs) {
  const code = fs.readFileSync(require.resolve(id), 'utf8');
  report(`${id} (${code.length} chars)`, parse(code, options));
}

const broken = [
  ['let let = 1;', {}],
  ['function f(a, a) { "use strict"; }', {}],
  ['class A { constructor() { super(); } }', {}],
  ['const x = { a: 1, a: 2, __proto__: 1, __proto__: 2 };', {}],
  ['for (let x of y, z) {}', {}],
  ['async () => { await: 1 }', { sourceType: 'module' }],
  ['let x: number = <string>y as const;', { plugins: ['typescript'] }],
  ['<div>{/* c */}<a b="c" {...d} /></div>', { plugins: ['jsx'] }],
  ['@dec class A { @dec #p = 1; accessor q = 2 }', { plugins: [['decorators', { version: '2023-11' }], 'decoratorAutoAccessors'] }],
  ['x = 1 +;', {}],
];
for (const [code, options] of broken) {
  try {
    report(JSON.stringify(code), parse(code, { errorRecovery: true, ...options }));
  } catch (error) {
    console.log(`==> ${JSON.stringify(code)}`);
    console.log(`thrown ${error.code} ${error.reasonCode} ${error.loc?.line}:${error.loc?.column} ${error.message}`);
  }
}
