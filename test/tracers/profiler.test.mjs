// The function profiler's counters, exact: a fake clock that only the traced
// functions advance, so every call's time is known in advance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tracefs } from '../conformance/support.mjs';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const { currentSession } = await import(pathToFileURL(path.join(dist, 'control', 'session.js')).href);
const { FunctionProfiler, hrtimeNs } = await import(pathToFileURL(path.join(dist, 'tracers', 'profiler.js')).href);
const { functionStat } = await import(pathToFileURL(path.join(dist, 'formats', 'trace-stat.js')).href);
const { Ops } = await import(pathToFileURL(path.join(dist, 'core', 'index.js')).href);
const fx = await import('./fixtures/profiled.mjs');

const { ftrace, tracefs: fs } = currentSession();

/** A profiler over `filter` with its own options and the fixture's clock. */
function profiler(filter, options = { 'graph-time': true, 'sleep-time': true }) {
  const ops = new Ops({ name: 'profiler-test', func: () => {} });
  ftrace.setFilter(ops, filter, true);
  const p = new FunctionProfiler({ fgraph: fs.fgraph, ops, options, clock: () => fx.clock.now });
  p.enable();
  return p;
}

/** The record of `symbol` as { hits, time, timeSquared }. */
function stat(p, symbol) {
  const r = p.records().find((x) => ftrace.backend.name(x.ip).symbol === symbol);
  return r === undefined ? undefined : { hits: r.hits, time: r.time, timeSquared: r.timeSquared };
}

test('hits are exact, time is the sum of the call times and timeSquared the sum of their squares', () => {
  const p = profiler('leaf');
  for (const ns of [2000, 4000, 6000]) fx.leaf(ns);
  p.disable();
  assert.deepEqual(stat(p, 'leaf'), { hits: 3, time: 12000, timeSquared: 2000 ** 2 + 4000 ** 2 + 6000 ** 2 });
  // 2, 4 and 6 µs: mean 4 µs, s² = ((2−4)² + 0 + (6−4)²) / (3 − 1) = 4 µs².
  assert.equal(
    functionStat([{ symbol: 'leaf', ...stat(p, 'leaf') }]).split('\n')[2],
    '  leaf                                     3    12.000 us       4.000 us        4.000 us    ',
  );
});

test('trace_stat: s^2 = (n·Σx² − (Σx)²) / (n(n−1)) in µs², avg = time / hits, kernel columns', () => {
  const text = functionStat([
    { symbol: 'leaf', hits: 3, time: 12000, timeSquared: 56e6 },
    { symbol: 'a_function_name_longer_than_thirty_chars', hits: 1, time: 1_234_567_891, timeSquared: 1_234_567_891 ** 2 },
    { symbol: 'never_returned', hits: 5, time: 0, timeSquared: 0 },
  ]);
  // (3·56e6 − 12000²) / (3·2) = 4e6 ns² = 4 µs²; one hit has no variance.
  assert.equal(
    text,
    '  Function                               Hit    Time            Avg             s^2\n' +
      '  --------                               ---    ----            ---             ---\n' +
      '  a_function_name_longer_than_th           1    1234567 us      1234567 us      0.000 us    \n' +
      '  leaf                                     3    12.000 us       4.000 us        4.000 us    \n' +
      '  never_returned                           5    0.000 us        0.000 us        0.000 us    \n',
  );
});

test('graph-time: on, a function includes its callees; off, their time is subtracted', () => {
  const on = profiler('parent leaf');
  fx.parent(30_000, 12_000);
  fx.parent(10_000, 1_000);
  on.disable();
  assert.deepEqual(stat(on, 'parent'), { hits: 2, time: 53_000, timeSquared: 42_000 ** 2 + 11_000 ** 2 });
  assert.deepEqual(stat(on, 'leaf'), { hits: 2, time: 13_000, timeSquared: 12_000 ** 2 + 1_000 ** 2 });

  const off = profiler('parent leaf', { 'graph-time': false, 'sleep-time': true });
  fx.parent(30_000, 12_000);
  fx.parent(10_000, 1_000);
  off.disable();
  assert.deepEqual(stat(off, 'parent'), { hits: 2, time: 40_000, timeSquared: 30_000 ** 2 + 10_000 ** 2 });
  assert.deepEqual(stat(off, 'leaf'), { hits: 2, time: 13_000, timeSquared: 12_000 ** 2 + 1_000 ** 2 }, 'a leaf keeps its own time');
});

test('graph-time off: a callee outside the filter is the caller\'s own time', () => {
  const p = profiler('parent', { 'graph-time': false, 'sleep-time': true });
  fx.parent(30_000, 12_000);
  p.disable();
  assert.deepEqual(stat(p, 'parent'), { hits: 1, time: 42_000, timeSquared: 42_000 ** 2 });
  assert.equal(stat(p, 'leaf'), undefined);
});

test('an exception leaving the function is a return: hit and time counted', () => {
  const p = profiler('thrower');
  assert.throws(() => fx.thrower(5_000), /thrown after 5000 ns/);
  assert.throws(() => fx.thrower(7_000));
  p.disable();
  assert.deepEqual(stat(p, 'thrower'), { hits: 2, time: 12_000, timeSquared: 5_000 ** 2 + 7_000 ** 2 });
});

test('sleep-time: on, an async call counts the time it was suspended; off, only the time it ran', async () => {
  const on = profiler('sleeper');
  await fx.sleeper(10_000, 100_000, 20_000);
  on.disable();
  assert.deepEqual(stat(on, 'sleeper'), { hits: 1, time: 130_000, timeSquared: 130_000 ** 2 });

  const off = profiler('sleeper', { 'graph-time': true, 'sleep-time': false });
  await fx.sleeper(10_000, 100_000, 20_000);
  await fx.sleeper(1_000, 50_000, 2_000);
  off.disable();
  assert.deepEqual(stat(off, 'sleeper'), { hits: 2, time: 33_000, timeSquared: 30_000 ** 2 + 3_000 ** 2 });
});

test('async callees: each segment is charged to the call running under it', async () => {
  // outer runs 5 µs, calls sleeper (runs 10 µs, suspends), awaits it; sleeper
  // sleeps 100 µs, runs 20 µs more and returns; outer resumes and runs 7 µs.
  const run = () => fx.outer(5_000, [10_000, 100_000, 20_000], 7_000);
  const expect = {
    'graph-time sleep-time': { outer: 142_000, sleeper: 130_000 },
    // outer's segments: 5 + 10 (sleeper's first segment, inside it) and 7; sleeper's later 20 ran while outer slept.
    'graph-time nosleep-time': { outer: 22_000, sleeper: 30_000 },
    'nograph-time sleep-time': { outer: 132_000, sleeper: 130_000 },
    'nograph-time nosleep-time': { outer: 12_000, sleeper: 30_000 },
  };
  for (const [name, times] of Object.entries(expect)) {
    const [graph, sleep] = name.split(' ');
    const p = profiler('outer sleeper', { 'graph-time': graph === 'graph-time', 'sleep-time': sleep === 'sleep-time' });
    await run();
    p.disable();
    assert.deepEqual(stat(p, 'outer'), { hits: 1, time: times.outer, timeSquared: times.outer ** 2 }, `${name}: outer`);
    assert.deepEqual(stat(p, 'sleeper'), { hits: 1, time: times.sleeper, timeSquared: times.sleeper ** 2 }, `${name}: sleeper`);
  }
});

test('a generator is timed from its first run to its end; with sleep-time off, only while it runs', () => {
  for (const sleep of [true, false]) {
    const p = profiler('counter', { 'graph-time': true, 'sleep-time': sleep });
    const it = fx.counter(1_000, 3);
    it.next();
    fx.clock.now += 50_000; // between resumptions: the generator is suspended
    for (const _ of it) fx.clock.now += 50_000;
    p.disable();
    const expected = sleep ? 3 * 1_000 + 3 * 50_000 : 3_000;
    assert.deepEqual(stat(p, 'counter'), { hits: 1, time: expected, timeSquared: expected ** 2 }, `sleep-time ${sleep}`);
  }
});

test('a site that cannot report its return counts hits and adds no time', () => {
  const p = profiler('arrow');
  fx.arrow(1_000);
  fx.arrow(2_000);
  p.disable();
  assert.deepEqual(stat(p, 'arrow'), { hits: 2, time: 0, timeSquared: 0 });
});

test('disabling while an async call is suspended drops it untimed; enabling again starts from zero', async () => {
  const p = profiler('sleeper leaf');
  fx.leaf(1_000);
  const pending = fx.sleeper(10_000, 100_000, 20_000);
  p.disable();
  await pending;
  assert.deepEqual(stat(p, 'sleeper'), { hits: 1, time: 0, timeSquared: 0 });
  assert.deepEqual(stat(p, 'leaf'), { hits: 1, time: 1_000, timeSquared: 1_000 ** 2 });
  p.enable();
  fx.leaf(3_000);
  p.disable();
  assert.equal(stat(p, 'sleeper'), undefined, 'counters were reset');
  assert.deepEqual(stat(p, 'leaf'), { hits: 1, time: 3_000, timeSquared: 3_000 ** 2 });
});

test('the real clock: integer nanoseconds, monotonic', () => {
  const a = hrtimeNs();
  const b = hrtimeNs();
  assert.ok(Number.isInteger(a) && b >= a);
  // Nothing was left registered by the tests above.
  assert.equal(fs.fgraph.clients.length, 0);
  assert.equal(tracefs.read('function_profile_enabled'), '0\n');
});
