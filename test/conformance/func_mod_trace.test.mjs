// func_mod_trace.tc: name:mod:module filters by module; a filter for a module not loaded yet is cached and applied when it loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset, kernel, traceFunctions } from './support.mjs';

test('func_mod_trace: by module, and cached for a module loaded later', async () => {
  reset();
  tracefs.write('set_ftrace_filter', 'non_exist_func:mod:non_exist_module');
  assert.equal(tracefs.read('set_ftrace_filter'), 'non_exist_func:mod:non_exist_module\n');
  tracefs.write('set_ftrace_filter', '*:mod:late.mjs');
  assert.equal(tracefs.read('set_ftrace_filter'), '*:mod:late.mjs\n', 'cached, nothing loaded matches yet');
  tracefs.write('current_tracer', 'function');
  kernel.workload();
  assert.deepEqual(traceFunctions(tracefs.read('trace')), [], 'a filter of only cached patterns traces nothing');
  const late = await import('./fixtures/late.mjs');
  late.lateStart();
  const filter = tracefs.read('set_ftrace_filter');
  assert.match(filter, /^lateStart \[late\.mjs\]$/m);
  assert.match(filter, /^lateHelper \[late\.mjs\]$/m);
  const traced = traceFunctions(tracefs.read('trace')).map((l) => l.split(' ')[0]);
  assert.deepEqual(traced, ['lateStart', 'lateHelper']);
  tracefs.write('set_ftrace_filter', 'sched*:mod:kernel.mjs');
  assert.deepEqual(tracefs.read('set_ftrace_filter').split('\n').filter((l) => l.includes('[')).sort(), ['sched_tick [kernel.mjs]', 'schedule [kernel.mjs]', 'schedule_idle [kernel.mjs]']);
  reset();
});
