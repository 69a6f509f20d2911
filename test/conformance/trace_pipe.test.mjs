// trace_pipe.tc: reading trace does not consume; reading trace_pipe does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset } from './support.mjs';

test('trace_pipe: trace never consumes, trace_pipe does', () => {
  reset();
  tracefs.write('trace_marker', 'test entry');
  assert.match(tracefs.read('trace'), /tracing_mark_write: test entry/);
  assert.match(tracefs.read('trace'), /tracing_mark_write: test entry/, 'still there after reading trace');
  assert.match(tracefs.read('trace_pipe'), /tracing_mark_write: test entry/);
  assert.doesNotMatch(tracefs.read('trace'), /test entry/, 'gone after reading trace_pipe');
  assert.equal(tracefs.read('trace_pipe'), '');
});
