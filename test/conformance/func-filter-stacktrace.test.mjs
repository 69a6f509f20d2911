// func-filter-stacktrace.tc: fn:stacktrace lists as fn:stacktrace:unlimited and a <stack trace> entry appears in trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset, kernel } from './support.mjs';

test('func-filter-stacktrace: a stacktrace probe records the stack', () => {
  reset();
  tracefs.write('set_ftrace_filter', '_do_fork:stacktrace');
  assert.equal(tracefs.read('set_ftrace_filter'), '#### all functions enabled ####\n_do_fork:stacktrace:unlimited\n');
  kernel.workload();
  const trace = tracefs.read('trace');
  assert.match(trace, /<stack trace>\n => (Module\.)?workload \(.*kernel\.mjs:\d+:\d+\)\n/);
  reset();
  assert.doesNotMatch(tracefs.read('set_ftrace_filter'), /stacktrace/);
});

test('func_stack_trace: the option adds a <stack trace> after every traced function', () => {
  reset();
  tracefs.write('set_ftrace_filter', '_do_fork wake_up_process');
  tracefs.write('trace_options', 'func_stack_trace');
  tracefs.write('current_tracer', 'function');
  kernel.workload();
  tracefs.write('trace_options', 'nofunc_stack_trace');
  const trace = tracefs.read('trace');
  assert.match(trace, /: _do_fork <-\S+|: _do_fork\n/);
  assert.match(trace, /: wake_up_process <-_do_fork\n.*<stack trace>\n => _do_fork \(/);
  reset();
});
