// The site table the transformer emits: symbols, kinds, modes, parameters,
// locations and stable ids, as `available_filter_functions` shows them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transformSource } from '../../dist/transform/index.js';

const ROOT = '/project';

function sitesOf(source, filename = '/project/src/a.js', format = 'cjs') {
  return transformSource(source, { filename, format, root: ROOT }).sites.map(([symbol, line, column, kind, mode, params, types]) => ({
    symbol, line, column, kind, mode, params, types,
  }));
}
const symbols = (source, ...rest) => sitesOf(source, ...rest).map((s) => s.symbol);

test('symbols are qualified names inside the file', () => {
  const source = [
    'function fib(n) { return n }',
    'class Vec {',
    '  constructor(x) { this.x = x }',
    '  add(o) { return o }',
    '  get len() { return 1 }',
    '  set len(v) {}',
    '  static of(x) { return new Vec(x) }',
    '  #secret() {}',
    '  onTick = () => {}',
    '  [Symbol.iterator]() {}',
    '}',
    'function outer() { function inner() { return () => 1 } return inner }',
    'const api = { get(a) {}, put: function (b) {}, nested: { deep() {} } }',
    'Vec.prototype.sub = function (o) {}',
    'exports.run = async function () {}',
    'let handler = (e) => e;',
    '[1].map(x => x)',
    'const Anon = class { m() {} }',
    'new (class { m() {} })()',
  ].join('\n');
  assert.deepEqual(symbols(source), [
    'fib',
    'Vec.constructor',
    'Vec.add',
    'Vec.get len',
    'Vec.set len',
    'Vec.of',
    'Vec.#secret',
    'Vec.onTick',
    'Vec.[Symbol.iterator]',
    'outer',
    'outer/inner',
    'outer/inner/<anonymous@12:46>',
    'api.get',
    'api.put',
    'api.nested.deep',
    'Vec.sub',
    'exports.run',
    'handler',
    '<anonymous@17:9>',
    'Anon.m',
    '<class@19:6>.m',
  ]);
});

test('default exports are named default', () => {
  assert.deepEqual(symbols('export default function () {}', '/project/m.mjs', 'esm'), ['default']);
  assert.deepEqual(symbols('export default () => 1', '/project/m.mjs', 'esm'), ['default']);
});

test('kinds and modes', () => {
  const sites = sitesOf([
    'function a() {}',
    'const b = () => 1',
    'async function c() {}',
    'function* d() {}',
    'async function* e() {}',
    'const o = { m() {}, get g() { return 1 }, set s(v) {}, async *ag() {} }',
    'class K extends Object { constructor() { super() } }',
  ].join('\n'));
  assert.deepEqual(sites.map((s) => [s.symbol, s.kind, s.mode]), [
    ['a', 'function', 'sync'],
    ['b', 'arrow', 'sync'],
    ['c', 'function', 'async'],
    ['d', 'function', 'generator'],
    ['e', 'function', 'async-generator'],
    ['o.m', 'method', 'sync'],
    ['o.get g', 'getter', 'sync'],
    ['o.set s', 'setter', 'sync'],
    ['o.ag', 'method', 'async-generator'],
    ['K.constructor', 'constructor', 'sync'],
  ]);
});

test('parameters as written, locations 1-based', () => {
  const [site] = sitesOf('\n  function f(a, { b, c } = {}, [d], ...rest) {}');
  assert.deepEqual(site.params, ['a', '{ b, c } = {}', '[d]', '...rest']);
  assert.equal(site.line, 2);
  assert.equal(site.column, 3);
});

test('TypeScript sites point at the TypeScript source', () => {
  const source = [
    'interface P { x: number }',
    'enum E { A }',
    'export class Point {',
    '  constructor(private readonly x: number, public y: number) {}',
    '  norm(scale: number = 1): number { return this.x * scale }',
    '}',
    'export function make(p: P): Point { return new Point(p.x, 0) }',
  ].join('\n');
  const sites = sitesOf(source, '/project/src/p.ts', 'esm').filter((s) => !s.symbol.startsWith('<anonymous'));
  assert.deepEqual(sites.map((s) => [s.symbol, s.line, s.column]), [
    ['Point.constructor', 4, 3],
    ['Point.norm', 5, 3],
    ['make', 7, 8],
  ]);
  assert.deepEqual(sites.map((s) => s.types), [['number', 'number'], ['number'], ['P']], 'parameter types as written: the BTF');
});

test('TypeScript parameter types: generics, destructuring, rest, arrows; untyped parameters are null', () => {
  const source = [
    'export const pick = <T,>(items: T[], { limit }: { limit: number }, ...rest: string[]): T[] => items;',
    'export function plain(a, b: Map<string, number>) { return a; }',
    'export function untyped(a, b) { return a; }',
  ].join('\n');
  const sites = sitesOf(source, '/project/src/t.ts', 'esm');
  assert.deepEqual(sites.map((s) => [s.symbol, s.types]), [
    ['pick', ['T[]', '{ limit: number }', 'string[]']],
    ['plain', [null, 'Map<string, number>']],
    ['untyped', undefined],
  ]);
});

test('module names: relative to the root, packages by package name', () => {
  const out = transformSource('function f() {}', { filename: '/project/node_modules/@scope/pkg/lib/x.js', format: 'cjs', root: ROOT });
  assert.equal(out.module, '@scope/pkg/lib/x.js');
  const own = transformSource('function f() {}', { filename: '/project/src/deep/y.js', format: 'cjs', root: ROOT });
  assert.equal(own.module, 'src/deep/y.js');
});

test('ids are stable: the same source gives the same ids and slot names', () => {
  const a = transformSource('function f() {}\nfunction g() {}', { filename: '/project/a.js', format: 'cjs', root: ROOT });
  const b = transformSource('function f() {}\nfunction g() {}', { filename: '/project/a.js', format: 'cjs', root: ROOT });
  assert.equal(a.code, b.code);
  const c = transformSource('function f() {}\nfunction g() { }', { filename: '/project/a.js', format: 'cjs', root: ROOT });
  assert.notEqual(c.code.match(/k[0-9a-f]{8}_0/)[0], a.code.match(/k[0-9a-f]{8}_0/)[0], 'another source gets other slot names');
});

test('a module is never instrumented twice', () => {
  const once = transformSource('function f() {}', { filename: '/project/a.js', format: 'cjs', root: ROOT });
  const twice = transformSource(once.code, { filename: '/project/a.js', format: 'cjs', root: ROOT });
  assert.equal(twice.code, once.code);
  assert.deepEqual(twice.sites, []);
});

test('bad input is a TransformError with file, line and column', () => {
  assert.throws(() => transformSource('function (', { filename: '/project/bad.js', format: 'cjs', root: ROOT }), (error) => {
    assert.equal(error.code, 'ERR_FENTRY_TRANSFORM');
    assert.equal(error.file, '/project/bad.js');
    assert.equal(error.line, 1);
    assert.equal(error.column, 10);
    return true;
  });
  assert.throws(() => transformSource('let x: = 1', { filename: '/project/bad.ts', format: 'esm', root: ROOT }), { code: 'ERR_FENTRY_TRANSFORM' });
});
