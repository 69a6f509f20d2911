// The stack tracer's depth in frames: exact for known call chains, fentry's
// handler frames folded into the caller's Size, async frames not counted,
// bounded at STACK_TRACE_ENTRIES.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tracefs, reset } from '../conformance/support.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { parseFrames, STACK_TRACE_ENTRIES } = await import(pathToFileURL(path.join(root, 'dist', 'tracers', 'stack-tracer.js')).href);
const fx = await import('./fixtures/nest.mjs');

function entries() {
  return tracefs
    .read('stack_trace')
    .split('\n')
    .map((l) => /^ *\d+\) +(\d+) +(\d+) {3}(.*)$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => ({ depth: Number(m[1]), size: Number(m[2]), location: m[3] }));
}

/** stack_max_size after `run`, measured from zero with `filter`. */
function measure(filter, run) {
  tracefs.write('stack_trace_filter', filter);
  tracefs.write('stack_max_size', '0');
  tracefs.write('stack_tracer_enabled', '1');
  try {
    run();
  } finally {
    tracefs.write('stack_tracer_enabled', '0');
  }
  return Number(tracefs.read('stack_max_size'));
}

test('one more untraced caller is one more frame', () => {
  reset();
  const depths = [0, 1, 5, 20].map((n) => measure('bottom', () => fx.nest(n)));
  assert.deepEqual(depths.map((d) => d - depths[0]), [0, 1, 5, 20]);
  const list = entries();
  assert.match(list[0].location, /^bottom \(/);
  assert.ok(list.slice(1, 22).every((e) => /nest \(/.test(e.location) && e.size === 1), 'untraced callers take one frame each');
  reset();
});

test('a caller traced through fentry takes three frames: its body, the handler, its entry', () => {
  reset();
  const untraced = measure('bottom', () => fx.nest(4));
  const traced = measure('bottom nest', () => fx.nest(4));
  assert.equal(traced - untraced, 5 * 2, 'five nest calls, two more frames each');
  const list = entries();
  assert.equal(list[0].size, 1, 'the traced function itself, at its entry');
  assert.deepEqual(list.slice(1, 6).map((e) => e.size), [3, 3, 3, 3, 3]);
  assert.ok(list.slice(1, 6).every((e) => /nest \(/.test(e.location)));
  assert.ok(!list.some((e) => /site-handler|siteCall|dist\//.test(e.location)), 'fentry frames are not listed');
  list.forEach((e, i) => assert.equal(e.depth, e.size + (list[i + 1]?.depth ?? 0)));
  reset();
});

test('async frames V8 appends after an await are not on the stack and not counted', async () => {
  reset();
  tracefs.write('stack_trace_filter', 'bottom');
  tracefs.write('stack_max_size', '0');
  tracefs.write('stack_tracer_enabled', '1');
  await fx.awaiting();
  tracefs.write('stack_tracer_enabled', '0');
  const list = entries();
  assert.match(list[0].location, /^bottom \(/);
  assert.match(list[1].location, /^resumed \(/);
  assert.ok(!list.some((e) => /awaiting/.test(e.location)), tracefs.read('stack_trace'));
  assert.equal(Number(tracefs.read('stack_max_size')), list[0].depth);
  reset();
});

test(`a stack deeper than ${STACK_TRACE_ENTRIES} frames is measured as that many and says so`, () => {
  reset();
  const depth = measure('bottom', () => fx.nest(STACK_TRACE_ENTRIES + 100));
  assert.equal(depth, STACK_TRACE_ENTRIES);
  assert.match(tracefs.read('stack_trace'), new RegExp(`# the stack was deeper than ${STACK_TRACE_ENTRIES} frames: only the innermost ${STACK_TRACE_ENTRIES} were captured\\n$`));
  assert.equal(entries().length, STACK_TRACE_ENTRIES);
  reset();
});

test('parseFrames: own frames on top cut, inside folded with the entry frame below, async dropped', () => {
  const own = path.join(root, 'dist');
  const lines = [
    `call (${own}/tracers/stack-tracer.js:10:5)`,
    `siteCall (eval at siteHandler (${pathToFileURL(own).href}/backends/js/site-handler.js:93:19), <anonymous>:15:40)`,
    'leaf (/app/a.js:1:20)',
    'mid (/app/a.js:2:30)',
    `siteCall (eval at siteHandler (${pathToFileURL(own).href}/backends/js/site-handler.js:93:19), <anonymous>:15:40)`,
    'mid (/app/a.js:2:10)',
    'top (/app/a.js:3:5)',
    'async main (/app/a.js:9:1)',
  ];
  assert.deepEqual(parseFrames(lines), {
    depth: 5,
    truncated: false,
    entries: [
      { location: 'leaf (/app/a.js:1:20)', depth: 5, size: 1 },
      { location: 'mid (/app/a.js:2:30)', depth: 4, size: 3 },
      { location: 'top (/app/a.js:3:5)', depth: 1, size: 1 },
    ],
  });
});
