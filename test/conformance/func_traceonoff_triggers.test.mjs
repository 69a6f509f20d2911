// func_traceonoff_triggers.tc: fn:traceoff stops recording, !fn:traceoff removes it, fn:traceon restarts, traceoff:3 fires exactly 3 times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset, kernel, traceFunctions } from './support.mjs';

test('func_traceonoff_triggers', () => {
  reset();
  tracefs.write('current_tracer', 'function');
  tracefs.write('set_ftrace_filter', 'schedule:traceoff');
  kernel.workload();
  assert.equal(tracefs.read('tracing_on'), '0\n');
  const frozen = tracefs.read('trace');
  kernel.workload();
  assert.equal(tracefs.read('trace'), frozen, 'nothing recorded while off');

  tracefs.append('set_ftrace_filter', '!schedule:traceoff');
  assert.doesNotMatch(tracefs.read('set_ftrace_filter'), /traceoff/);
  assert.equal(tracefs.read('tracing_on'), '0\n', 'removing the probe does not restart tracing');

  tracefs.append('set_ftrace_filter', 'schedule:traceon');
  kernel.workload();
  assert.equal(tracefs.read('tracing_on'), '1\n');
  assert.ok(traceFunctions(tracefs.read('trace')).length > traceFunctions(frozen).length);
  tracefs.append('set_ftrace_filter', '!schedule:traceon');

  tracefs.append('set_ftrace_filter', 'schedule:traceoff:3');
  assert.match(tracefs.read('set_ftrace_filter'), /^schedule:traceoff:count=3$/m);
  let fired = 0;
  for (let i = 0; i < 5; i++) {
    tracefs.write('tracing_on', '1');
    kernel.schedule();
    if (tracefs.read('tracing_on') === '0\n') fired++;
  }
  assert.equal(fired, 3);
  assert.match(tracefs.read('set_ftrace_filter'), /^schedule:traceoff:count=0$/m);
  tracefs.append('set_ftrace_filter', '!schedule:traceoff:0');
  assert.doesNotMatch(tracefs.read('set_ftrace_filter'), /traceoff/);
  reset();
});
