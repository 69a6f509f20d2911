// fgraph-filter.tc: function_graph with set_ftrace_filter 'schedule' shows only schedule() lines, and at least one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset, kernel, graphCalls } from './support.mjs';

test('fgraph-filter: only the filtered function appears', () => {
  reset();
  tracefs.write('set_ftrace_filter', 'schedule');
  tracefs.write('current_tracer', 'function_graph');
  kernel.workload();
  kernel.workload();
  const text = tracefs.read('trace');
  assert.match(text, /^# tracer: function_graph\n#\n# CPU {2}DURATION {18}FUNCTION CALLS\n# \| {5}\| {3}\| {21}\| {3}\| {3}\| {3}\|\n/);
  const calls = graphCalls(text);
  assert.ok(calls.length >= 2, text);
  // schedule() calls sched_tick(), which is not hooked: each call is a leaf.
  assert.ok(calls.every((c) => c === 'schedule();'), text);
  assert.match(text, /^ 0\) [ +!#*@$] \d+\.\d+ us +\| {2}schedule\(\);$/m);
  reset();
});

test('fgraph-filter: set_graph_function shows the function and what it calls, nothing else', () => {
  reset();
  tracefs.write('set_graph_function', 'preempt_schedule');
  assert.match(tracefs.read('set_graph_function'), /^preempt_schedule \[kernel\.mjs\]\n$/);
  tracefs.write('current_tracer', 'function_graph');
  kernel.workload();
  const calls = graphCalls(tracefs.read('trace'));
  assert.deepEqual(calls, ['preempt_schedule() {', '  schedule() {', '    sched_tick();', '  }', '}']);
  tracefs.write('set_graph_function', '');
  assert.equal(tracefs.read('set_graph_function'), '#### all functions enabled ####\n');
  tracefs.write('set_graph_notrace', 'schedule');
  tracefs.write('max_graph_depth', '2');
  tracefs.write('trace', '');
  kernel.workload();
  const rest = graphCalls(tracefs.read('trace'));
  assert.ok(!rest.some((c) => c.includes('schedule()') && !c.includes('preempt')), 'schedule and below hidden');
  assert.ok(!rest.some((c) => c.includes('sched_tick')), 'below schedule hidden');
  assert.ok(rest.every((c) => c.search(/\S/) <= 2), 'max_graph_depth 2: depth 0 and 1 only');
  assert.ok(rest.includes('  preempt_schedule();'), rest.join('\n'));
  assert.throws(() => tracefs.write('set_graph_function', 'no_such_fn'), { code: 'EINVAL' });
  assert.throws(() => tracefs.write('set_graph_function', 'schedule:traceoff'), { code: 'EINVAL' });
  tracefs.write('set_graph_notrace', '');
  tracefs.write('max_graph_depth', '0');
  reset();
});
