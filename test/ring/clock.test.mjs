// The trace clocks: names and order as trace_clock lists them, units, and one
// time base across threads. Needs `npx tsc -p .` first (imports dist/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { CLOCKS, DEFAULT_CLOCK, clockById, formatTraceClock, getClock } from '../../dist/ring/index.js';

const clockUrl = new URL('../../dist/ring/clock.js', import.meta.url).href;
const monoUs = () => Number(process.hrtime.bigint()) / 1000;

test('trace_clock lists the clocks in the kernel order with the current one bracketed', () => {
  assert.equal(DEFAULT_CLOCK, 'local');
  assert.equal(formatTraceClock('local'), '[local] global counter uptime perf mono');
  assert.equal(formatTraceClock('counter'), 'local global [counter] uptime perf mono');
  assert.deepEqual(CLOCKS.map((c) => c.id), [0, 1, 2, 3, 4, 5]);
  for (const c of CLOCKS) assert.equal(clockById(c.id), getClock(c.name));
  assert.throws(() => getClock('x86-tsc'), { code: 'EINVAL', message: /unknown clock "x86-tsc"/ });
  assert.throws(() => clockById(6), { code: 'EINVAL' });
});

test('counter is a sequence without a clock read; uptime and counter are raw counts', () => {
  const counter = getClock('counter');
  const a = counter.now();
  assert.deepEqual([counter.now(), counter.now()], [a + 1, a + 2]);
  assert.deepEqual(CLOCKS.filter((c) => !c.inUs).map((c) => c.name), ['counter', 'uptime']);
  assert.ok(Number.isInteger(getClock('uptime').now()));
});

test('the time clocks are monotonic and on the CLOCK_MONOTONIC base; mono reads bigint nanoseconds', () => {
  assert.deepEqual(CLOCKS.filter((c) => c.ns).map((c) => c.name), ['mono']);
  assert.equal(typeof getClock('mono').now(), 'bigint');
  for (const name of ['local', 'global', 'perf', 'mono']) {
    const clock = getClock(name);
    const read = clock.ns ? () => Number(clock.now()) / 1000 : clock.now;
    let prev = read();
    for (let i = 0; i < 10_000; i++) {
      const t = read();
      assert.ok(t >= prev, `${name} went back: ${prev} -> ${t}`);
      prev = t;
    }
    // Agreement with hrtime read right after: well within a millisecond
    // (the offset is calibrated to ~0.1 µs; the margin is for a preempted thread).
    const t = read();
    const m = monoUs();
    assert.ok(m - t >= -1 && m - t < 50_000, `${name} is ${m - t} µs off CLOCK_MONOTONIC`);
  }
  const ticks = getClock('uptime').now();
  assert.ok(Math.abs(ticks - monoUs() / 10_000) <= 2, 'uptime counts 10 ms ticks since boot');
});

test('a worker\'s local clock is on the same base as this thread\'s', async () => {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData).then(({ getClock }) => {
      const local = getClock('local').now();
      const mono = Number(process.hrtime.bigint()) / 1000;
      parentPort.postMessage({ local, mono });
    });
  `;
  const { local, mono } = await new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: clockUrl });
    w.once('message', (m) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
  // The worker's performance.timeOrigin differs from ours; its local clock
  // must not, or events of two threads would not merge by timestamp.
  assert.ok(mono - local >= -1 && mono - local < 50_000, `worker local is ${mono - local} µs off`);
  const here = getClock('local').now();
  assert.ok(here >= local, 'a later read here is not before the worker\'s earlier read');
});
