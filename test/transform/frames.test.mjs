// Call frames: a handler of an async function's or generator's site that
// leaves a CallFrame in the runtime's register sees the call suspend, resume,
// return, throw and finish, in that order, with the values unchanged; the
// register is taken by the call it was meant for and never reaches another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transformSource } from '../../dist/transform/index.js';
import { CONTINUE, installRuntime } from '../../dist/runtime/index.js';

const R = installRuntime();
let moduleCount = 0;

/** Instruments `source` as CommonJS and runs it; returns its exports and the runtime indexes of its sites by symbol. */
function load(source) {
  const out = transformSource(source, { filename: `/p/frames${moduleCount++}.cjs`, format: 'cjs', root: '/p', frameGenerators: true });
  const first = R.siteCount;
  const mod = { exports: {} };
  new Function('module', 'exports', out.code)(mod, mod.exports);
  const sites = {};
  for (let i = first; i < R.siteCount; i++) sites[R.site(i).symbol] = i;
  return { exports: mod.exports, sites, out };
}

/**
 * Switches every framed site of a module to a handler that gives each call a
 * recording frame; `events` gets `[symbol#call, event, value]` in order.
 */
function record(sites, events, extra = () => {}) {
  const calls = {};
  for (const [symbol, i] of Object.entries(sites)) {
    if (!R.site(i).framed) continue;
    R.set(i, () => {
      const call = `${symbol}#${(calls[symbol] = (calls[symbol] ?? 0) + 1)}`;
      const log = (...event) => events.push([call, ...event]);
      extra(call);
      R.frame = {
        suspend: (v) => (log('suspend', v), v),
        resume: (v) => (log('resume', v), v),
        ret: (v) => (log('ret', v), v),
        fail: (e) => log('fail', e),
        done: () => log('done'),
      };
      return CONTINUE;
    });
  }
}

const SOURCE = `
const trace = [];
async function awaits(x) {
  const y = await x;
  return y + 1;
}
async function caught(p) {
  try {
    await p;
  } catch (e) {
    trace.push('caught ' + e);
  }
  return 'after catch';
}
async function throws() {
  await 1;
  throw 'thrown';
}
async function fallsOff() {
  await 'a';
}
async function returnsInFinally() {
  try {
    return await 'try';
  } finally {
    trace.push('finally');
  }
}
const concise = async (x) => await x;
function* gen() {
  try {
    yield 1;
    yield 2;
  } finally {
    trace.push('gen finally');
  }
}
function* inner() {
  const got = yield 'i';
  return 'inner got ' + got;
}
function* delegating() {
  const r = yield* inner();
  return r;
}
function* overridden() {
  try {
    yield 1;
  } finally {
    return 'override';
  }
}
function* bare() {
  yield;
  return;
}
async function* agen() {
  const v = await 'p';
  yield v;
}
module.exports = { trace, awaits, caught, throws, fallsOff, returnsInFinally, concise, gen, delegating, overridden, bare, agen };
`;

test('an async function reports each await, its return and its end', async () => {
  const { exports, sites } = load(SOURCE);
  const events = [];
  record(sites, events);
  assert.equal(await exports.awaits(5), 6);
  assert.equal(await exports.concise(3), 3);
  assert.deepEqual(events, [
    ['awaits#1', 'suspend', 5],
    ['awaits#1', 'resume', 5],
    ['awaits#1', 'ret', 6],
    ['awaits#1', 'done'],
    ['concise#1', 'suspend', 3],
    ['concise#1', 'resume', 3],
    ['concise#1', 'ret', 3],
    ['concise#1', 'done'],
  ]);
});

test('a rejected await caught inside the function reports no resume; a throw reports fail before done', async () => {
  const { exports, sites } = load(SOURCE);
  const events = [];
  record(sites, events);
  const rejected = Promise.reject('no');
  assert.equal(await exports.caught(rejected), 'after catch');
  await assert.rejects(exports.throws(), (e) => e === 'thrown');
  assert.equal(await exports.fallsOff(), undefined);
  assert.deepEqual(exports.trace, ['caught no']);
  assert.deepEqual(events, [
    ['caught#1', 'suspend', rejected],
    ['caught#1', 'ret', 'after catch'],
    ['caught#1', 'done'],
    ['throws#1', 'suspend', 1],
    ['throws#1', 'resume', 1],
    ['throws#1', 'fail', 'thrown'],
    ['throws#1', 'done'],
    ['fallsOff#1', 'suspend', 'a'],
    ['fallsOff#1', 'resume', 'a'],
    ['fallsOff#1', 'done'],
  ]);
});

test('an async function that runs on after its return reports done after its finally', async () => {
  const { exports, sites } = load(SOURCE);
  const events = [];
  record(sites, events, () => events.push(['trace', exports.trace.length]));
  assert.equal(await exports.returnsInFinally(), 'try');
  assert.deepEqual(exports.trace, ['finally']);
  assert.deepEqual(events, [
    ['trace', 0],
    ['returnsInFinally#1', 'suspend', 'try'],
    ['returnsInFinally#1', 'resume', 'try'],
    ['returnsInFinally#1', 'ret', 'try'],
    ['returnsInFinally#1', 'done'],
  ]);
});

test('interleaved calls of one async function each report to their own frame', async () => {
  const { exports, sites } = load(SOURCE);
  const events = [];
  record(sites, events);
  const [a, b] = await Promise.all([exports.awaits(1), exports.awaits(10)]);
  assert.deepEqual([a, b], [2, 11]);
  assert.deepEqual(events, [
    ['awaits#1', 'suspend', 1],
    ['awaits#2', 'suspend', 10],
    ['awaits#1', 'resume', 1],
    ['awaits#1', 'ret', 2],
    ['awaits#1', 'done'],
    ['awaits#2', 'resume', 10],
    ['awaits#2', 'ret', 11],
    ['awaits#2', 'done'],
  ]);
});

test('a generator closed with return() while suspended reports done exactly once, after its finally', () => {
  const { exports, sites } = load(SOURCE);
  const events = [];
  record(sites, events);
  const g = exports.gen();
  assert.deepEqual(events, [], 'the body (and its site) runs at the first next()');
  assert.deepEqual(g.next(), { value: 1, done: false });
  exports.trace.length = 0;
  assert.deepEqual(g.return('closed'), { value: 'closed', done: true });
  assert.deepEqual(g.next(), { value: undefined, done: true });
  assert.deepEqual(exports.trace, ['gen finally']);
  assert.deepEqual(events, [
    ['gen#1', 'suspend', 1],
    ['gen#1', 'done'],
  ]);
});

test('a generator reports throw() as fail, a full run as suspend/resume pairs, a return in finally as ret', () => {
  const { exports, sites } = load(SOURCE);
  const events = [];
  record(sites, events);
  const g = exports.gen();
  g.next();
  assert.throws(() => g.throw('injected'), (e) => e === 'injected');
  assert.deepEqual([...exports.gen()], [1, 2]);
  const o = exports.overridden();
  o.next();
  assert.deepEqual(o.return('ignored'), { value: 'override', done: true });
  const b = exports.bare();
  assert.deepEqual([b.next(), b.next('sent')], [{ value: undefined, done: false }, { value: undefined, done: true }]);
  assert.deepEqual(events, [
    ['gen#1', 'suspend', 1],
    ['gen#1', 'fail', 'injected'],
    ['gen#1', 'done'],
    ['gen#2', 'suspend', 1],
    ['gen#2', 'resume', undefined],
    ['gen#2', 'suspend', 2],
    ['gen#2', 'resume', undefined],
    ['gen#2', 'done'],
    ['overridden#1', 'suspend', 1],
    ['overridden#1', 'ret', 'override'],
    ['overridden#1', 'done'],
    ['bare#1', 'suspend', undefined],
    ['bare#1', 'resume', 'sent'],
    ['bare#1', 'ret', undefined],
    ['bare#1', 'done'],
  ]);
});

test('yield* reports its suspension before its operand runs, and the delegate\'s return value as the resumption', () => {
  const { exports, sites } = load(SOURCE);
  const events = [];
  record(sites, events);
  const d = exports.delegating();
  assert.deepEqual(d.next(), { value: 'i', done: false });
  assert.deepEqual(d.next('x'), { value: 'inner got x', done: true });
  assert.deepEqual(events, [
    ['delegating#1', 'suspend', undefined],
    ['inner#1', 'suspend', 'i'],
    ['inner#1', 'resume', 'x'],
    ['inner#1', 'ret', 'inner got x'],
    ['inner#1', 'done'],
    ['delegating#1', 'resume', 'inner got x'],
    ['delegating#1', 'ret', 'inner got x'],
    ['delegating#1', 'done'],
  ]);
});

test('an await or yield whose value V8 names in error messages reports no resume: the next report implies it', async () => {
  const { exports, sites } = load(`
async function member(o) { return (await o).name; }
async function destructures(o) { const { name } = await o; return name; }
function* iterates() { for (const v of yield 'list?') return v; }
module.exports = { member, destructures, iterates };
`);
  const events = [];
  record(sites, events);
  assert.equal(await exports.member({ name: 'm' }), 'm');
  assert.equal(await exports.destructures({ name: 'd' }), 'd');
  const it = exports.iterates();
  it.next();
  assert.deepEqual(it.next(['first']), { value: 'first', done: true });
  assert.deepEqual(events.map((e) => e.slice(0, 2).join(' ')), [
    'member#1 suspend',
    'member#1 ret',
    'member#1 done',
    'destructures#1 suspend',
    'destructures#1 ret',
    'destructures#1 done',
    'iterates#1 suspend',
    'iterates#1 ret',
    'iterates#1 done',
  ]);
});

test('an async generator reports its awaits and its yields', async () => {
  const { exports, sites } = load(SOURCE);
  const events = [];
  record(sites, events);
  const seen = [];
  for await (const v of exports.agen()) seen.push(v);
  assert.deepEqual(seen, ['p']);
  assert.deepEqual(events, [
    ['agen#1', 'suspend', 'p'],
    ['agen#1', 'resume', 'p'],
    ['agen#1', 'suspend', 'p'],
    ['agen#1', 'resume', undefined],
    ['agen#1', 'done'],
  ]);
});

test('the register is taken by the call it was left for, whatever the handler returned', async () => {
  const { exports, sites } = load(`
async function f(x) { return x; }
function* g() { yield 1; }
module.exports = { f, g };
`);
  const frame = { suspend: (v) => v, resume: (v) => v, ret: (v) => v, fail() {}, done() {} };
  R.set(sites.f, () => {
    R.frame = frame;
    return Promise.resolve('replaced');
  });
  assert.equal(await exports.f(1), 'replaced');
  assert.equal(R.frame, null, 'a handler that returned something else still has its frame taken');
  R.set(sites.g, () => {
    R.frame = frame;
    return R.C;
  });
  assert.deepEqual([...exports.g()], [1]);
  assert.equal(R.frame, null);
});

test('a body that cannot move into a block unchanged is left unframed, and says so in the site table', async () => {
  const source = `
async function evaluates() { function h() { return 'h'; } await null; return eval('h()'); }
async function duplicate() { await null; return f(); function f() { return 1; } function f() { return 2; } }
function* varAgain() { var f = 1; yield f; function f() {} }
async function annexB() { { function f() { return 'block'; } } await null; return f(); function f() { return 'top'; } }
async function framed() { await null; return g(); function g() { return 'g'; } }
module.exports = { evaluates, duplicate, varAgain, annexB, framed };
`;
  const { exports, sites, out } = load(source);
  const bySymbol = Object.fromEntries(Object.entries(sites).filter(([, i]) => R.site(i).mode !== 'sync').map(([symbol, i]) => [symbol, R.site(i).framed]));
  assert.deepEqual(bySymbol, { evaluates: false, duplicate: false, varAgain: false, annexB: false, framed: true });
  assert.deepEqual(
    out.unframed.map((i) => out.sites[i][0]),
    ['evaluates', 'duplicate', 'varAgain', 'annexB'],
  );
  const events = [];
  for (const i of Object.values(sites)) {
    if (R.site(i).mode === 'sync') continue;
    R.set(i, () => {
      R.frame = { suspend: (v) => (events.push('suspend'), v), resume: (v) => v, ret: (v) => v, fail() {}, done() {} };
      return R.C;
    });
  }
  assert.equal(await exports.evaluates(), 'h');
  assert.equal(await exports.duplicate(), 2);
  assert.deepEqual([...exports.varAgain()], [1]);
  assert.equal(await exports.annexB(), 'block');
  assert.equal(R.frame, null, 'an unframed site still takes the frame, so it reaches no other call');
  assert.deepEqual(events, []);
  assert.equal(await exports.framed(), 'g');
  assert.deepEqual(events, ['suspend']);
});

test('a module without async functions or generators is built as before: no take function', () => {
  const { out } = load('function f(a) { return a; }\nmodule.exports = { f };');
  assert.doesNotMatch(out.code, /__fe\$T/);
  assert.doesNotMatch(out.code, /unframed/);
  const esm = transformSource('export async function f() { await 1; }', { filename: '/p/m.mjs', format: 'esm', root: '/p' });
  assert.match(esm.code, /import\{C as __fe\$C,T as __fe\$T\}from"data:text\/javascript,/);
});

test('sync generators are framed only when asked (frameGenerators): by default their body is as before frames', () => {
  const source = 'function* g() { yield 1; }\nasync function* ag() { yield 1; }\nasync function a() { await 1; }\n';
  const plain = transformSource(source, { filename: '/p/default.cjs', format: 'cjs', root: '/p' });
  assert.deepEqual(plain.unframed, [0], 'the sync generator only');
  const generator = /function\* g\(\) \{.*\}$/m.exec(plain.code)?.[0] ?? '';
  assert.match(generator, /yield 1; \}$/);
  assert.doesNotMatch(generator, /try \{|__fe\$t\b/, 'no try and no frame variable in the generator');
  const framed = transformSource(source, { filename: '/p/framed.cjs', format: 'cjs', root: '/p', frameGenerators: true });
  assert.deepEqual(framed.unframed, []);
});
