// func-filter-pid.tc: with a thread filter (set_ftrace_pid by thread), only that thread's lines appear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset, kernel, traceFunctions } from './support.mjs';

test('func-filter-pid: only the chosen thread is traced', () => {
  reset();
  assert.equal(tracefs.read('set_ftrace_pid'), 'no pid\n');
  tracefs.write('set_ftrace_filter', 'schedule');
  tracefs.write('current_tracer', 'function');
  tracefs.write('set_ftrace_pid', '7');
  assert.equal(tracefs.read('set_ftrace_pid'), '7\n');
  kernel.workload();
  assert.deepEqual(traceFunctions(tracefs.read('trace')), [], 'the main thread (0) is not in the set');
  tracefs.write('set_ftrace_pid', '0');
  kernel.workload();
  const lines = tracefs.read('trace').split('\n').filter((l) => l.includes(': schedule'));
  assert.ok(lines.length >= 1);
  assert.ok(lines.every((l) => l.includes('[000]')), lines.join('\n'));
  assert.throws(() => tracefs.write('set_ftrace_pid', 'main'), { code: 'EINVAL' });
  reset();
});

test('func-filter-pid: the same in an instance', () => {
  tracefs.mkdir('instances/pid');
  tracefs.write('instances/pid/set_ftrace_filter', 'schedule');
  tracefs.write('instances/pid/set_ftrace_pid', '3');
  tracefs.write('instances/pid/current_tracer', 'function');
  kernel.workload();
  assert.deepEqual(traceFunctions(tracefs.read('instances/pid/trace')), []);
  tracefs.write('instances/pid/set_ftrace_pid', '0');
  kernel.workload();
  assert.ok(traceFunctions(tracefs.read('instances/pid/trace')).length >= 1);
  tracefs.rmdir('instances/pid');
});
