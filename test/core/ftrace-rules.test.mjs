// The core's rules beyond accounting: errors with the kernel's codes, failed
// registrations that leave no trace, a backend failure that kills tracing
// (every site NOP, the program goes on), and enabled_functions' format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ftrace, Ops, OPS_FL, REC_FL, enabledFunctions, touchedFunctions } from '../../dist/core/index.js';
import { FakeBackend, site } from './support.mjs';

const names = () => [site('schedule'), site('mutex_lock', 'lib/lock.js'), site('mutex_unlock', 'lib/lock.js'), site('Vec.get len'), site('<anonymous@12:5>')];
const noop = function trace_cb() {};

test('enabled_functions: count, flag columns and what the site calls', () => {
  const backend = new FakeBackend(names());
  const ftrace = new Ftrace(backend);
  const a = new Ops({ name: 'function', func: noop });
  ftrace.setFilter(a, 'schedule mutex_*', true);
  ftrace.register(a);
  const b = new Ops({ name: 'probe', func: noop, flags: OPS_FL.SAVE_REGS });
  ftrace.setFilter(b, 'mutex_lock', true);
  ftrace.register(b);
  assert.equal(
    enabledFunctions(ftrace),
    'schedule [app.js] (1)       O   \tops: function (trace_cb)\n' +
      'mutex_lock [lib/lock.js] (2) R         \t->ftrace_ops_list_func\n' +
      'mutex_unlock [lib/lock.js] (1)       O   \tops: function (trace_cb)\n',
  );
  ftrace.unregister(b);
  ftrace.unregister(a);
  assert.equal(enabledFunctions(ftrace), '');
  assert.equal(touchedFunctions(ftrace).split('\n').filter(Boolean).length, 3, 'TOUCHED is never cleared');
});

test('filter syntax: quotes keep spaces; symbols with colons are not commands', () => {
  const ftrace = new Ftrace(new FakeBackend(names()));
  const ops = new Ops({ name: 'x', func: noop });
  ftrace.setFilter(ops, '"Vec.get len" <anonymous@12:5>', true);
  assert.deepEqual([...ops.filter.ips].sort(), [3, 4]);
  ftrace.setFilter(ops, '!"Vec.get len"', false);
  assert.deepEqual([...ops.filter.ips], [4]);
});

test('EINVAL for a token that matches nothing, and nothing changes', () => {
  const ftrace = new Ftrace(new FakeBackend(names()));
  const ops = new Ops({ name: 'x', func: noop });
  ftrace.setFilter(ops, 'schedule', true);
  ftrace.register(ops);
  assert.throws(() => ftrace.setFilter(ops, 'mutex_lock nothing_here', false), (e) => e.code === 'EINVAL' && e.value === 'nothing_here');
  assert.deepEqual([...ops.filter.ips], [0]);
  assert.equal(ftrace.record(1).count, 0);
  assert.throws(() => ftrace.setFilterIps(ops, [99], false, false), { code: 'EINVAL' });
  assert.throws(() => ftrace.setFilterIps(ops, [2], true, false), { code: 'ENOENT' });
  assert.throws(() => ftrace.register(ops), { code: 'EBUSY' });
});

test('one IPMODIFY ops per function: the second registration fails with EBUSY and leaves no trace', () => {
  const backend = new FakeBackend(names());
  const ftrace = new Ftrace(backend);
  const first = new Ops({ name: 'patch1', func: noop, flags: OPS_FL.IPMODIFY | OPS_FL.SAVE_REGS });
  ftrace.setFilter(first, 'schedule', true);
  ftrace.register(first);
  const before = backend.log.length;
  const second = new Ops({ name: 'patch2', func: noop, flags: OPS_FL.IPMODIFY | OPS_FL.SAVE_REGS });
  ftrace.setFilter(second, 'schedule mutex_lock', true);
  assert.throws(() => ftrace.register(second), { code: 'EBUSY' });
  assert.equal(ftrace.ops.includes(second), false);
  assert.equal(second.flags & OPS_FL.ENABLED, 0);
  assert.equal(ftrace.record(1).count, 0, 'mutex_lock untouched');
  assert.equal(backend.log.length, before, 'no site was patched');
  const all = new Ops({ name: 'patch3', func: noop, flags: OPS_FL.IPMODIFY });
  assert.throws(() => ftrace.register(all), { code: 'EINVAL' }, 'IPMODIFY cannot trace all');
});

test('a backend failure kills tracing: every site NOP, ENODEV afterwards, one report with the phase and states', () => {
  const backend = new FakeBackend(names());
  const ftrace = new Ftrace(backend);
  const reports = [];
  ftrace.onBug((r) => reports.push(r));
  const a = new Ops({ name: 'a', func: noop });
  ftrace.register(a);
  backend.failOn = (ip) => ip === 2;
  const b = new Ops({ name: 'b', func: noop });
  assert.throws(() => ftrace.register(b), (e) => e.code === 'ENODEV' && /mutex_unlock/.test(e.message));
  assert.equal(reports.length, 1);
  assert.match(reports[0].phase, /^register: patch$/);
  assert.equal(reports[0].symbol, 'mutex_unlock');
  assert.match(reports[0].expected, /site calls the list dispatcher/);
  backend.failOn = undefined;
  assert.ok(backend.calls.every((c, ip) => c === null || ip === 2), 'every patchable site is back to NOP');
  assert.throws(() => ftrace.register(new Ops({ name: 'c', func: noop })), { code: 'ENODEV' });
  assert.ok(ftrace.disabled);
});

test('the list dispatcher never re-enters itself; RECURSION ops count their misses', () => {
  const backend = new FakeBackend(names());
  const ftrace = new Ftrace(backend);
  let inner = 0;
  const r = new Ops({
    name: 'r',
    flags: OPS_FL.RECURSION,
    func: (ip) => {
      inner++;
      ftrace.listFunc(ip, -1, undefined, false);
    },
  });
  ftrace.register(r);
  ftrace.listFunc(0, -1, undefined, false);
  assert.equal(inner, 1);
  assert.equal(ftrace.listRecursion, 1);
  assert.ok(ftrace.record(0).flags & REC_FL.ENABLED);
});

test('a throwing callback is contained and counted; the ops after it still run', () => {
  const ftrace = new Ftrace(new FakeBackend(names()));
  const seen = [];
  ftrace.onCallbackError = (ops, ip, error) => seen.push([ops.name, ip, error.message]);
  const bad = new Ops({ name: 'bad', func: () => { throw new Error('boom'); } });
  let good = 0;
  const ok = new Ops({ name: 'good', func: () => { good++; } });
  ftrace.register(ok);
  ftrace.register(bad);
  ftrace.listFunc(0, -1, undefined, false);
  assert.equal(good, 1);
  assert.equal(bad.errors, 1);
  assert.deepEqual(seen, [['bad', 0, 'boom']]);
});
