// func_profile_stat.tc: trace_stat/function0 changes while the profiler is
// enabled and is frozen once it is disabled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset, kernel } from './support.mjs';

const HEADER =
  '  Function                               Hit    Time            Avg             s^2\n' +
  '  --------                               ---    ----            ---             ---\n';

test('func_profile_stat', () => {
  reset();
  tracefs.write('function_profile_enabled', '1');
  kernel.workload();
  assert.deepEqual(tracefs.list('trace_stat'), ['function0'], 'the folder lists this thread\'s file');
  const first = tracefs.read('trace_stat/function0');
  kernel.workload();
  const second = tracefs.read('trace_stat/function0');
  assert.notEqual(second, first, 'the file changes while profiling');
  assert.ok(second.startsWith(HEADER), second);
  // "  %-30.30s  %10lu" then time, average and s^2 as durations.
  const rows = second.slice(HEADER.length).split('\n').filter((l) => l !== '');
  assert.equal(rows.length, 18, 'every function of the workload');
  for (const row of rows) assert.match(row, /^ {2}\S.{29} {2} {0,9}\d+ {4}\d+(\.\d+)? us +\d+(\.\d+)? us +\d+(\.\d+)? us +$/);
  assert.match(second, /^ {2}workload {22} {2} {9}2 {4}/m);
  // Sorted by total time: workload contains every other call.
  assert.match(rows[0], /^ {2}workload /);
  const times = rows.map((r) => Number(/ {4}(\d+(?:\.\d+)?) us/.exec(r)[1]));
  assert.deepEqual([...times].sort((a, b) => b - a), times);

  assert.throws(() => tracefs.read('trace_stat/function7'), { code: 'ENOENT', message: /another thread; this thread's is trace_stat\/function0/ });
  tracefs.write('function_profile_enabled', '0');
  const frozen = tracefs.read('trace_stat/function0');
  kernel.workload();
  assert.equal(tracefs.read('trace_stat/function0'), frozen, 'frozen once disabled');
  reset();
});
