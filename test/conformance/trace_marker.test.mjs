// trace_marker.tc: a marker longer than one buffer slot is split, and the pieces concatenate to the original.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset } from './support.mjs';

test('trace_marker: a long marker is split and reassembles exactly', () => {
  reset();
  const text = Array.from({ length: 600 }, (_, i) => `w${i}`).join('-');
  tracefs.write('trace_marker', text);
  const pieces = tracefs
    .read('trace')
    .split('\n')
    .filter((l) => l.includes('tracing_mark_write: '))
    .map((l) => l.slice(l.indexOf('tracing_mark_write: ') + 'tracing_mark_write: '.length));
  assert.ok(pieces.length > 1, `split into ${pieces.length} events`);
  assert.equal(pieces.join(''), text);
});

test('trace_marker: short markers are one event each, in order', () => {
  reset();
  for (const m of ['one', 'two', 'three']) tracefs.write('trace_marker', m);
  const lines = tracefs.read('trace').split('\n').filter((l) => l.includes('tracing_mark_write'));
  assert.deepEqual(lines.map((l) => l.split('tracing_mark_write: ')[1]), ['one', 'two', 'three']);
  assert.match(lines[0], /^ +\S+-\d+ +\[000\] \.\.\.\.\. +\d+\.\d{6}: tracing_mark_write: one$/);
});
