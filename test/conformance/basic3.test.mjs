// basic3.tc: every clock in trace_clock can be selected and reads back bracketed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs } from './support.mjs';

test('basic3: every clock is selectable and shows bracketed', () => {
  const clocks = tracefs.read('trace_clock').trim().split(' ').map((c) => c.replace(/[[\]]/g, ''));
  assert.ok(clocks.length >= 3, String(clocks));
  // fentry's default is mono (the cheapest monotonic clock here; the kernel's is local).
  assert.match(tracefs.read('trace_clock'), /\[mono\]/);
  for (const clock of clocks) {
    tracefs.write('trace_clock', clock);
    const shown = tracefs.read('trace_clock').trim().split(' ');
    assert.deepEqual(shown.filter((c) => c.startsWith('[')), [`[${clock}]`]);
  }
  tracefs.write('trace_clock', 'mono');
  assert.throws(() => tracefs.write('trace_clock', 'sundial'), { code: 'EINVAL' });
});
