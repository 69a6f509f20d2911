// DESIGN invariant 2: a throwing callback is contained, counted and reported
// once; the traced program goes on as if nothing were attached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { kernel } from '../conformance/support.mjs';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const { currentSession } = await import(pathToFileURL(path.join(dist, 'control', 'session.js')).href);
const { Ops } = await import(pathToFileURL(path.join(dist, 'core', 'index.js')).href);

test('a throwing CALL_OPS callback never reaches the traced call', async () => {
  const { ftrace } = currentSession();
  const warnings = [];
  const onWarning = (w) => warnings.push(w);
  process.on('warning', onWarning);
  const ops = new Ops({ name: 'thrower', func: () => { throw new Error('callback failed'); } });
  ftrace.setFilter(ops, 'schedule sched_tick', true);
  ftrace.register(ops);
  let result;
  for (let i = 0; i < 3; i++) result = kernel.workload();
  ftrace.unregister(ops);
  assert.equal(result, kernel.workload(), 'same result traced and untraced');
  assert.equal(ops.errors, 6, 'schedule and sched_tick, three rounds');
  await new Promise((resolve) => setImmediate(resolve));
  process.off('warning', onWarning);
  const ours = warnings.filter((w) => w.code === 'FENTRY_HANDLER_ERROR');
  assert.equal(ours.length, 1, 'reported once');
  assert.match(ours[0].message, /thrower threw at (schedule|sched_tick).*callback failed/s);
});
