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

test('functions print their original text through the toString filter', async () => {
  const { installToStringFilter } = await import('../../dist/register/tostring.js');
  installToStringFilter();
  const out = transformSource('module.exports = [function f(a) { return a; }, (b) => b + 1, class K { m() { return 1; } }];', { filename: '/p/b.cjs', format: 'cjs', root: '/p' });
  const mod = { exports: {} };
  new Function('module', 'exports', out.code)(mod, mod.exports);
  assert.deepEqual(mod.exports.map(String), ['function f(a) { return a; }', '(b) => b + 1', 'class K { m() { return 1; } }']);
  assert.equal(Function.prototype.toString.name, 'toString');
  assert.match(Function.prototype.toString.call(Function.prototype.toString), /\[native code\]/);
});
