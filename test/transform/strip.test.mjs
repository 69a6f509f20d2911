// Every insertion is recognisable: stripping the patch sites and capture
// fields from an instrumented module gives back the source byte for byte, so
// Function.prototype.toString can show the user's text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transformSource } from '../../dist/transform/index.js';
import { stripSites } from '../../dist/transform/guard.js';
import { INSTRUMENTED_MARK } from '../../dist/transform/prologue.js';

const SOURCE = `'use strict';
function decl(a, b) { 'use strict'; return a + b; }
function defaults(a, b = 1, ...rest) { return a + b + rest.length; }
const anon = function () { return 1; };
const named = function inner({ x, y }, [z]) { return inner; };
const arrow = (a) => a * 2;
const paren = () => ({ a: 1 });
const nextLine = (x) =>
  // a comment
  x + 1;
class Base { constructor(v) { this.v = v; } get len() { return 1; } set len(v) {} static make() { return new Base(1); } #priv() { return 2; } m() { return this.#priv(); } }
class Derived extends Base { constructor() { super(2); } ['comp' + 'uted']() {} }
const obj = { method() { return 1; }, get g() { return 2; }, async *gen() { yield 1; } };
async function af() { await null; }
function* g() { yield* [1, 2]; }
`;

function bodyOf(code) {
  const mark = code.indexOf(INSTRUMENTED_MARK);
  // The CommonJS prologue ends with the call that makes the slots: `…,__fe$R);`.
  const prologueEnd = code.indexOf('__fe$R);', mark) + '__fe$R);'.length;
  const withoutMap = code.slice(0, code.lastIndexOf('\n//# sourceMappingURL='));
  return withoutMap.slice(0, mark) + withoutMap.slice(prologueEnd);
}

test('stripping a CommonJS module restores the source exactly', () => {
  const out = transformSource(SOURCE, { filename: '/p/a.cjs', format: 'cjs', root: '/p' });
  assert.ok(out.sites.length >= 18, `${out.sites.length} sites`);
  assert.notEqual(bodyOf(out.code), SOURCE);
  assert.equal(stripSites(bodyOf(out.code)), SOURCE);
});

// Async functions and generators: every report to the frame, in every form.
const FRAMED = `async function a(x) {
  'use strict'
  let n = x
  await n++
  ;[await x, ...(await [x])].forEach(() => {})
  const { k } = await x, [m] = await [x];
  (await x).toString();
  for (const v of await [x]) break;
  if (x) return
  if (n) return;
  return n++
  (x)
}
async function runsOn() { try { return await 1 } finally { await 2 } }
async function empty() {}
async function noSemicolon() { await 1 }
const concise = async (x) => await x;
const conciseObject = async () => ({ a: await 1, b: [...await []] });
function* g(p) {
  yield
  ;(yield)
  yield
  [p].map(String)
  const y = yield* [p], z = yield yield p;
  (yield p)?.x;
  class K { [yield 'key']() {} }
  return yield* (yield p)
}
async function* ag() { for await (const v of []) yield v; yield await 1; return }
async function unframed() { function h() {} function h() {} await h(); return 1 }
`;

test('stripping async functions and generators restores the source exactly', () => {
  for (const format of ['cjs', 'esm']) {
    const out = transformSource(FRAMED, { filename: `/p/f.${format === 'cjs' ? 'cjs' : 'mjs'}`, format, root: '/p' });
    const mark = out.code.indexOf(INSTRUMENTED_MARK);
    const prologueEnd = format === 'cjs' ? out.code.indexOf('__fe$R);', mark) + '__fe$R);'.length : out.code.indexOf('";', mark) + 2;
    const body = out.code.slice(prologueEnd, out.code.lastIndexOf('\n//# sourceMappingURL='));
    assert.match(body, /__fe\$t\.suspend/);
    assert.match(body, /__fe\$t\.done\(\); \} catch/, 'an async function that cannot run on after a return reports done without a finally');
    assert.match(body, /finally \{ if \(__fe\$t !== null\) __fe\$t\.done\(\); \}/);
    assert.equal(stripSites(body), FRAMED, format);
  }
});

test('only the insertions made with the prefix of the guards in the text are taken out', () => {
  // The source names `__fe$`, so its insertions use `__fe1$`; its own text,
  // shaped like an insertion with the other prefix, stays.
  const source = 'async function f(__fe$v) { return (__fe$v = (1), __fe$t === null ? __fe$v : __fe$t.ret(__fe$v)) }\n';
  const out = transformSource(source, { filename: '/p/c.cjs', format: 'cjs', root: '/p' });
  assert.match(out.code, /__fe1\$t = __fe1\$T\(\)/);
  const body = out.code.slice(out.code.indexOf('__fe1$R);') + '__fe1$R);'.length, out.code.lastIndexOf('\n//# sourceMappingURL='));
  assert.equal(stripSites(body), source);
  assert.equal(stripSites(source), source, 'text without a guard is returned as it is');
});

test('functions print their original text through the toString filter', async () => {
  const { installToStringFilter } = await import('../../dist/register/tostring.js');
  installToStringFilter();
  const sources = [
    'function f(a) { return a; }',
    '(b) => b + 1',
    'class K { m() { return 1; } }',
    'async function af(c) { return await c; }',
    'async (d) => await d',
    'function* g() { yield; yield* [1]; return 2; }',
    'class L { async *m() { yield await 1; } }',
  ];
  const out = transformSource(`module.exports = [${sources.join(', ')}];`, { filename: '/p/b.cjs', format: 'cjs', root: '/p' });
  const mod = { exports: {} };
  new Function('module', 'exports', out.code)(mod, mod.exports);
  assert.deepEqual(mod.exports.map(String), sources);
  assert.equal(Function.prototype.toString.name, 'toString');
  assert.match(Function.prototype.toString.call(Function.prototype.toString), /\[native code\]/);
});
