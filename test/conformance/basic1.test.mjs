// basic1.tc: the control plane has README, trace, tracing_on and trace_pipe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs } from './support.mjs';

test('basic1: README, trace, tracing_on and trace_pipe exist and read', () => {
  const files = tracefs.list();
  for (const file of ['README', 'trace', 'tracing_on', 'trace_pipe']) assert.ok(files.includes(file), `${file} in ${files}`);
  assert.match(tracefs.read('README'), /tracing mini-HOWTO/);
  assert.match(tracefs.read('trace'), /^# tracer: nop\n/);
  assert.equal(tracefs.read('tracing_on'), '1\n');
  assert.equal(typeof tracefs.read('trace_pipe'), 'string');
  assert.throws(() => tracefs.read('no_such_file'), { code: 'ENOENT' });
});
