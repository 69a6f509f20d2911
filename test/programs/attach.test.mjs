// The attach API: options checked, targets resolved (function objects of
// every kind, globs, modules loaded later), programs contained, and the
// async and generator models.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { api, funcs, other } from './support.mjs';

const { attach, tracefs } = api;
const noop = () => {};

test('options are checked: unknown keys, no kind or two, no handler', () => {
  assert.throws(() => attach({ fentry: 'add', handler: noop, coookie: 1 }), { code: 'EINVAL', message: /unknown option 'coookie'/ });
  assert.throws(() => attach({ handler: noop }), { code: 'EINVAL', message: /exactly one of fentry, fexit, fmod_ret, freplace \(got none\)/ });
  assert.throws(() => attach({ fentry: 'add', fexit: 'add', handler: noop }), { code: 'EINVAL', message: /got fentry, fexit/ });
  assert.throws(() => attach({ fentry: 'add' }), { code: 'EINVAL', message: /handler must be a function/ });
  assert.throws(() => attach({ fentry: { symbol: 'add', mod: 'x' }, handler: noop }), { code: 'EINVAL', message: /unknown target option 'mod'/ });
  assert.throws(() => attach({ fentry: 42, handler: noop }), { code: 'EINVAL' });
  assert.throws(() => attach({ fentry: 'no_such_function_*', handler: noop }), { code: 'ENOENT', message: /no function matches 'no_such_function_\*'/ });
  assert.throws(() => attach({ fentry: Math.max, handler: noop }), { code: 'ENOENT', message: /max has no patch site/ });
  assert.throws(() => attach({ fentry: funcs.add.bind(null), handler: noop }), { code: 'ENOENT' });
  assert.equal(tracefs.read('enabled_functions'), '');
});

test('fexit where a trampoline cannot see the return is refused with ENOTSUPP; fentry and fmod_ret work there', () => {
  assert.throws(() => attach({ fexit: funcs.arrow, handler: noop }), { code: 'ENOTSUPP', message: /arrow function cannot be re-called/ });
  assert.throws(() => attach({ fexit: funcs.withRest, handler: noop }), { code: 'ENOTSUPP', message: /defaults, rest or patterns/ });
  const links = [attach({ fentry: funcs.arrow, handler: noop }), attach({ fmod_ret: funcs.arrow, handler: (ctx) => (ctx.arg(0) === 0 ? 'zero' : undefined) })];
  assert.equal(funcs.arrow(0), 'zero');
  assert.equal(funcs.arrow(1), 2);
  for (const link of links) link.detach();
  assert.equal(tracefs.read('enabled_functions'), '');
});

test('function objects of every kind find their own site; same-named functions of two modules stay apart', () => {
  const getter = Object.getOwnPropertyDescriptor(funcs.Shape.prototype, 'perimeter').get;
  const cases = [
    [funcs.add, 'add', 'funcs.mjs'],
    [other.add, 'add', 'other.mjs'],
    [funcs.Shape.prototype.area, 'Shape.area', 'funcs.mjs'],
    [funcs.Shape.unit, 'Shape.unit', 'funcs.mjs'],
    [getter, 'Shape.get perimeter', 'funcs.mjs'],
    [funcs.Shape, 'Shape.constructor', 'funcs.mjs'],
    [funcs.slow, 'slow', 'funcs.mjs'],
    [funcs.count, 'count', 'funcs.mjs'],
  ];
  for (const [fn, symbol, module] of cases) {
    const link = attach({ fentry: fn, handler: noop });
    assert.deepEqual(link.functions.map((f) => [f.symbol, f.module]), [[symbol, module]]);
    link.detach();
  }
  const seen = [];
  const a = attach({ fexit: funcs.add, handler: (ctx) => seen.push(['funcs', ctx.ret]) });
  const b = attach({ fexit: other.add, handler: (ctx) => seen.push(['other', ctx.ret]) });
  funcs.add(5, 3);
  other.add(5, 3);
  assert.deepEqual(seen, [['funcs', 8], ['other', 2]]);
  a.detach();
  b.detach();
});

test('a glob with a module glob selects across modules; the link detaches from all', () => {
  const all = attach({ fentry: 'add', handler: noop });
  assert.deepEqual(all.functions.map((f) => f.module).sort(), ['funcs.mjs', 'other.mjs']);
  const one = attach({ fentry: { symbol: 'add', module: 'oth*' }, handler: noop });
  assert.deepEqual(one.functions.map((f) => f.module), ['other.mjs']);
  all.detach();
  all.detach();
  one.detach();
  assert.equal(all.attached, false);
  assert.equal(tracefs.read('enabled_functions'), '');
});

test('follow: a glob attaches to matching functions of modules that load later', async () => {
  const seen = [];
  const link = attach({ fentry: 'late_*', follow: true, handler: (ctx) => seen.push(ctx.arg(0)) });
  assert.deepEqual(link.functions, []);
  const late = await import('./fixtures/late.mjs');
  assert.deepEqual(link.functions.map((f) => f.symbol), ['late_query']);
  assert.equal(late.late_query('select 1'), 'rows for select 1');
  assert.deepEqual(seen, ['select 1']);
  link.detach();
  late.late_query('select 2');
  assert.deepEqual(seen, ['select 1']);
  assert.throws(() => attach({ fentry: funcs.add, follow: true, handler: noop }), { code: 'EINVAL' });
});

test('a throwing program is contained: the call goes on, errors count, one warning, every error on the channel', async () => {
  const published = [];
  const listener = (message) => published.push(message);
  diagnostics.subscribe('fentry:handler-error', listener);
  const warnings = [];
  const onWarning = (w) => { if (w.code === 'FENTRY_HANDLER_ERROR') warnings.push(w); };
  process.on('warning', onWarning);
  const link = attach({ fexit: funcs.add, name: 'bad_prog', handler: () => { throw new Error('program bug'); } });
  assert.equal(funcs.add(1, 2), 3);
  assert.equal(funcs.add(2, 2), 4);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(link.stats.errors, 2);
  assert.equal(published.length, 2);
  assert.equal(published[0].ops, 'bad_prog');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0].message, /program bad_prog threw at add/);
  link.detach();
  diagnostics.unsubscribe('fentry:handler-error', listener);
  process.off('warning', onWarning);
});

test('async: fexit sees the settled value or the rejection; the order of the caller\'s reactions does not change', async () => {
  const seen = [];
  const links = [
    attach({ fexit: funcs.failing, handler: (ctx) => seen.push(['failing', ctx.threw, ctx.error.message]) }),
    attach({ fexit: funcs.returnsPromise, handler: (ctx) => seen.push(['returnsPromise', ctx.ret]) }),
  ];
  await assert.rejects(funcs.failing(1), /failed 1/);
  assert.equal(await funcs.returnsPromise(1), 2);
  assert.deepEqual(seen, [['failing', true, 'failed 1'], ['returnsPromise', 2]]);
  for (const link of links) link.detach();

  // The interleaving of two async calls and plain microtasks, with and without fexit.
  const race = async () => {
    const order = [];
    const a = funcs.returnsPromise(1).then(() => order.push('a'));
    const b = funcs.slow(1).then(() => order.push('b'));
    Promise.resolve().then(() => order.push('tick1')).then(() => order.push('tick2')).then(() => order.push('tick3'));
    await Promise.all([a, b]);
    await null;
    return order.join(',');
  };
  const plain = await race();
  const traced = [attach({ fexit: funcs.returnsPromise, handler: noop }), attach({ fexit: funcs.slow, handler: noop })];
  assert.equal(await race(), plain);
  for (const link of traced) link.detach();
});

test('generators: the entry is the first next(); fexit sees the return value, an early return() or a throw', () => {
  const seen = [];
  const links = [
    attach({ fentry: funcs.count, handler: (ctx) => seen.push(['entry', ctx.arg(0)]) }),
    attach({ fexit: funcs.count, handler: (ctx) => seen.push(['exit', ctx.threw ? `threw ${ctx.error.message}` : ctx.ret]) }),
  ];
  const it = funcs.count(2);
  assert.deepEqual(seen, [], 'calling a generator function runs none of its body');
  assert.deepEqual([...it], [0, 1]);
  assert.deepEqual(seen, [['entry', 2], ['exit', 'end']]);
  seen.length = 0;
  const early = funcs.count(5);
  early.next();
  early.return('stopped');
  assert.deepEqual(seen, [['entry', 5], ['exit', undefined]], 'closed while suspended: done, with no return value');
  seen.length = 0;
  const thrown = funcs.count(5);
  thrown.next();
  assert.throws(() => thrown.throw(new Error('into it')), /into it/);
  assert.deepEqual(seen, [['entry', 5], ['exit', 'threw into it']]);
  for (const link of links) link.detach();
});

test('async generators: fexit when the body is done', async () => {
  let ret;
  const link = attach({ fexit: funcs.ticks, handler: (ctx) => { ret = ctx.ret; } });
  const got = [];
  for await (const v of funcs.ticks(3)) got.push(v);
  assert.deepEqual(got, [0, 1, 2]);
  assert.equal(ret, 'done');
  link.detach();
});

test('fexit on a site that does not hand over its function: the call runs, the fexit misses are counted, one warning', async () => {
  const warnings = [];
  const onWarning = (w) => { if (w.code === 'FENTRY_PROGRAM') warnings.push(w.message); };
  process.on('warning', onWarning);
  let exits = 0;
  let entries = 0;
  const links = [attach({ fexit: funcs.literal.method, handler: () => { exits++; } }), attach({ fentry: funcs.literal.method, handler: () => { entries++; } })];
  assert.equal(funcs.literal.method(2), 6);
  assert.equal(funcs.literal.method(3), 9);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual([entries, exits, links[0].stats.misses], [2, 0, 2]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /fexit programs on literal\.method cannot see its return/);
  for (const link of links) link.detach();
  process.off('warning', onWarning);
});

test('constructors and methods keep this and new.target through an fexit trampoline', () => {
  const seen = [];
  const links = [attach({ fexit: funcs.Shape, handler: (ctx) => seen.push(['new', ctx.ret.side]) }), attach({ fexit: funcs.Shape.prototype.area, handler: (ctx) => seen.push(['area', ctx.self.side, ctx.ret]) })];
  const s = new funcs.Shape(3);
  assert.ok(s instanceof funcs.Shape);
  assert.equal(s.area(), 9);
  assert.deepEqual(seen, [['new', 3], ['area', 3, 9]]);
  for (const link of links) link.detach();
});

test('a recursive function: every level runs its programs once, in order', () => {
  const seen = [];
  const links = [attach({ fentry: funcs.recurse, handler: (ctx) => seen.push(`in ${ctx.arg(0)}`) }), attach({ fexit: funcs.recurse, handler: (ctx) => seen.push(`out ${ctx.arg(0)}=${ctx.ret}`) })];
  assert.equal(funcs.recurse(2), 2);
  assert.deepEqual(seen, ['in 2', 'in 1', 'in 0', 'out 0=0', 'out 1=1', 'out 2=2']);
  for (const link of links) link.detach();
});
