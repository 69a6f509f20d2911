// fgraph-retval.tc: funcgraph-retval prints the return value; error codes in decimal unless funcgraph-retval-hex.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset, kernel, graphCalls } from './support.mjs';

test('fgraph-retval: =-5 in decimal, fffffffb in hex', () => {
  reset();
  tracefs.write('set_ftrace_filter', 'proc_reg_write sys_open');
  tracefs.write('current_tracer', 'function_graph');
  tracefs.write('options/funcgraph-retval', '1');
  kernel.workload();
  let calls = graphCalls(tracefs.read('trace'));
  assert.deepEqual(calls, ['sys_open(); /* = 0x3 */', 'proc_reg_write(); /* = -5 */']);
  tracefs.write('options/funcgraph-retval-hex', '1');
  tracefs.write('trace', '');
  kernel.workload();
  calls = graphCalls(tracefs.read('trace'));
  assert.ok(calls.some((c) => c.includes('fffffffb')), calls.join('\n'));
  assert.equal(calls[1], 'proc_reg_write(); /* = 0xfffffffffffffffb */');
  tracefs.write('options/funcgraph-retval', '0');
  tracefs.write('options/funcgraph-retval-hex', '0');
  tracefs.write('trace', '');
  kernel.workload();
  assert.deepEqual(graphCalls(tracefs.read('trace')), ['sys_open();', 'proc_reg_write();']);
  reset();
});
