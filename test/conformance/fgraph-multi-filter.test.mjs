// fgraph-multi-filter.tc: two graph instances with filter + notrace sets never enable
// notraced functions, and enabled_functions counts return exactly to their earlier
// values after each instance is turned off and on again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset, kernel, enabledCounts } from './support.mjs';

test('fgraph-multi-filter: exact enabled_functions accounting', () => {
  reset();
  assert.equal(tracefs.read('enabled_functions'), '');
  const setups = { a: ['*sched*', '*tick*'], b: ['*lock*', '*try*'] };
  for (const [name, [filter, notrace]] of Object.entries(setups)) {
    tracefs.mkdir(`instances/${name}`);
    tracefs.write(`instances/${name}/set_ftrace_filter`, filter);
    tracefs.write(`instances/${name}/set_ftrace_notrace`, notrace);
  }
  tracefs.write('instances/a/current_tracer', 'function_graph');
  const onlyA = enabledCounts();
  tracefs.write('instances/b/current_tracer', 'function_graph');
  const both = enabledCounts();
  const names = [...both.keys()].map((k) => k.split(' ')[0]);
  // Traced by a filter and not notraced by the same instance; nothing else.
  assert.deepEqual(names.sort(), ['mutex_lock', 'mutex_unlock', 'preempt_schedule', 'rcu_read_lock', 'schedule', 'schedule_idle', 'spin_lock', 'spin_unlock'].sort());
  assert.ok(!names.includes('sched_tick') && !names.includes('raw_spin_trylock') && !names.includes('mutex_trylock'));
  // One manager ops: every site counts once, with both clients listed where both trace it.
  assert.ok([...both.values()].every((c) => c === 1));
  assert.match(tracefs.read('enabled_functions'), /^schedule \[kernel\.mjs\] \(1\) {7}O {3}\tops: graph_ops \(ftrace_graph_func\)\tsubops: \{ent:trace_graph_entry ret:trace_graph_return\}$/m);
  kernel.workload();
  for (let round = 0; round < 3; round++) {
    tracefs.write('instances/a/current_tracer', 'nop');
    const onlyB = enabledCounts();
    assert.ok([...onlyB.keys()].every((k) => /lock/.test(k)), [...onlyB.keys()].join(','));
    tracefs.write('instances/a/current_tracer', 'function_graph');
    assert.deepEqual(enabledCounts(), both);
    tracefs.write('instances/b/current_tracer', 'nop');
    assert.deepEqual(enabledCounts(), onlyA);
    tracefs.write('instances/b/current_tracer', 'function_graph');
    assert.deepEqual(enabledCounts(), both);
  }
  // A function tracer beside them on the top instance counts as a second ops.
  tracefs.write('set_ftrace_filter', 'schedule');
  tracefs.write('current_tracer', 'function');
  assert.equal(enabledCounts().get('schedule [kernel.mjs]'), 2);
  tracefs.write('current_tracer', 'nop');
  assert.deepEqual(enabledCounts(), both);
  for (const name of Object.keys(setups)) {
    tracefs.write(`instances/${name}/current_tracer`, 'nop');
    tracefs.rmdir(`instances/${name}`);
  }
  assert.equal(tracefs.read('enabled_functions'), '');
  reset();
});
