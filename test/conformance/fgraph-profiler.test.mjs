// fgraph-profiler.tc: enabling the profiler while function_graph is the
// current tracer works; both see the filtered calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset, kernel, graphCalls } from './support.mjs';

test('fgraph-profiler: the profiler beside function_graph', () => {
  reset();
  tracefs.write('set_ftrace_filter', 'preempt_schedule schedule');
  tracefs.write('current_tracer', 'function_graph');
  tracefs.write('function_profile_enabled', '1');
  assert.match(tracefs.read('enabled_functions'), /^schedule \[kernel\.mjs\] \(1\).*subops: \{ent:\S+ ret:\S+\} \{ent:profile_graph_entry ret:profile_graph_return\}/m);
  kernel.workload();
  kernel.workload();
  tracefs.write('function_profile_enabled', '0');
  assert.deepEqual(graphCalls(tracefs.read('trace')).filter((c) => !c.startsWith('=')), ['preempt_schedule() {', '  schedule();', '}', 'preempt_schedule() {', '  schedule();', '}']);
  const stat = tracefs.read('trace_stat/function0');
  assert.match(stat, /^ {2}preempt_schedule {14} {2} {9}2 {4}/m);
  assert.match(stat, /^ {2}schedule {22} {2} {9}2 {4}/m);
  kernel.workload();
  assert.equal(graphCalls(tracefs.read('trace')).filter((c) => c === 'preempt_schedule() {').length, 3, 'function_graph goes on alone');
  reset();
  assert.doesNotMatch(tracefs.read('enabled_functions'), /schedule/);
});
