// func_profiler.tc: the function tracer and the profiler run together; filter
// changes while profiling work; after the profiler is disabled the function
// tracer still traces only the filtered functions; clearing the filter traces
// the others again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset, kernel, traceFunctions } from './support.mjs';

/** trace_stat/function0 as a map from function to hits. */
function hits() {
  const out = new Map();
  for (const line of tracefs.read('trace_stat/function0').split('\n').slice(2)) {
    const m = /^ {2}(\S+) +(\d+) {4}/.exec(line);
    if (m !== null) out.set(m[1], Number(m[2]));
  }
  return out;
}

const traced = () => traceFunctions(tracefs.read('trace')).map((l) => l.split(' ')[0]);

test('func_profiler', () => {
  reset();
  tracefs.write('current_tracer', 'function');
  tracefs.write('function_profile_enabled', '1');
  assert.equal(tracefs.read('function_profile_enabled'), '1\n');
  kernel.workload();
  assert.ok(traced().includes('workload'), 'the function tracer traces');
  assert.equal(hits().get('workload'), 1, 'the profiler profiles');
  assert.equal(hits().get('spin_lock'), 1);

  // Now filter on just *schedule: both follow the filter.
  tracefs.write('set_ftrace_filter', '*schedule');
  tracefs.write('trace', '');
  kernel.workload();
  const profiled = hits();
  assert.equal(profiled.get('preempt_schedule'), 2);
  assert.equal(profiled.get('schedule'), 2);
  assert.equal(profiled.get('schedule_idle'), 1, '*schedule matches names ending in schedule');
  assert.equal(profiled.get('workload'), 1, 'no longer profiled');
  assert.equal(profiled.get('spin_lock'), 1, 'no longer profiled');
  assert.deepEqual([...new Set(traced())].sort(), ['preempt_schedule', 'schedule']);

  // Now disable the profiler: the function tracer keeps its filter.
  tracefs.write('function_profile_enabled', '0');
  assert.equal(tracefs.read('function_profile_enabled'), '0\n');
  tracefs.write('trace', '');
  kernel.workload();
  const only = traced();
  assert.ok(only.length > 0);
  assert.ok(only.every((f) => /schedule/.test(f)), `only *schedule is traced: ${only.join(' ')}`);
  assert.deepEqual(hits(), profiled, 'the profiler is off');

  // Now clear the filter: the others are traced again.
  tracefs.write('set_ftrace_filter', '');
  tracefs.write('trace', '');
  kernel.workload();
  assert.ok(traced().some((f) => !/schedule/.test(f)), 'more than *schedule is traced');
  reset();
});

test('func_profiler: set_ftrace_notrace and a filter written before enabling apply too', () => {
  reset();
  tracefs.write('set_ftrace_filter', '*lock*');
  tracefs.write('set_ftrace_notrace', '*unlock*');
  tracefs.write('function_profile_enabled', '1');
  kernel.workload();
  tracefs.write('function_profile_enabled', '0');
  assert.deepEqual([...hits().keys()].sort(), ['mutex_lock', 'mutex_trylock', 'raw_spin_trylock', 'rcu_read_lock', 'spin_lock']);
  reset();
});

test('func_profiler: enabling again starts from zero; writing 1 while enabled does not', () => {
  reset();
  tracefs.write('set_ftrace_filter', 'schedule');
  tracefs.write('function_profile_enabled', '1');
  kernel.workload();
  tracefs.write('function_profile_enabled', '1');
  kernel.workload();
  assert.equal(hits().get('schedule'), 2);
  tracefs.write('function_profile_enabled', '0');
  tracefs.write('function_profile_enabled', '1');
  assert.deepEqual(hits(), new Map(), 'reset on enable');
  kernel.workload();
  assert.equal(hits().get('schedule'), 1);
  tracefs.write('function_profile_enabled', '0');
  assert.throws(() => tracefs.write('function_profile_enabled', 'yes'), { code: 'EINVAL' });
  assert.throws(() => tracefs.read('instances/none/function_profile_enabled'), { code: 'ENOENT' });
  reset();
});
