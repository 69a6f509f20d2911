// basic2.tc: every name in available_tracers can be set as current_tracer, then nop again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs } from './support.mjs';

test('basic2: every available tracer can be made current, then nop', () => {
  const tracers = tracefs.read('available_tracers').trim().split(' ');
  assert.ok(tracers.includes('function') && tracers.includes('nop'), String(tracers));
  for (const tracer of tracers) {
    tracefs.write('current_tracer', tracer);
    assert.equal(tracefs.read('current_tracer'), `${tracer}\n`);
  }
  tracefs.write('current_tracer', 'nop');
  assert.equal(tracefs.read('current_tracer'), 'nop\n');
  assert.equal(tracefs.read('enabled_functions'), '', 'nop leaves no site enabled');
  assert.throws(() => tracefs.write('current_tracer', 'no_such_tracer'), { code: 'EINVAL' });
});
