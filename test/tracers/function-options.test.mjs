// The function tracer's options and buffer behaviour: print-parent, sym-offset,
// func-no-repeats, overwrite with lost events counted and shown, instances.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset, kernel, traceFunctions } from '../conformance/support.mjs';

const lines = () => tracefs.read('trace').split('\n').filter((l) => /^ +\S+-\d+ +\[\d{3}\]/.test(l));

test('parents come from the caller stack: schedule <-preempt_schedule', () => {
  reset();
  tracefs.write('current_tracer', 'function');
  kernel.workload();
  const traced = traceFunctions(tracefs.read('trace'));
  assert.ok(traced.includes('schedule <-preempt_schedule'), traced.join('\n'));
  assert.ok(traced.includes('sched_tick <-schedule'));
  assert.ok(traced.includes('preempt_schedule <-workload'));
  reset();
});

test('print-parent off drops the parent; sym-offset prints symbol [file:line]', () => {
  reset();
  tracefs.write('set_ftrace_filter', 'sched_tick');
  tracefs.write('current_tracer', 'function');
  tracefs.write('trace_options', 'noprint-parent');
  kernel.workload();
  assert.deepEqual(traceFunctions(tracefs.read('trace')), ['sched_tick']);
  assert.match(tracefs.read('trace_options'), /^noprint-parent$/m);
  tracefs.write('trace_options', 'print-parent');
  tracefs.write('options/sym-offset', '1');
  tracefs.write('trace', '');
  kernel.workload();
  assert.deepEqual(traceFunctions(tracefs.read('trace')), ['sched_tick [kernel.mjs:4]']);
  tracefs.write('options/sym-offset', '0');
  reset();
});

test('func-no-repeats collapses a run of the same call into one line with the count', () => {
  reset();
  tracefs.write('set_ftrace_filter', 'spin_unlock schedule_idle');
  tracefs.write('trace_options', 'func-no-repeats');
  tracefs.write('current_tracer', 'function');
  for (let i = 0; i < 5; i++) kernel.spin_unlock();
  kernel.schedule_idle();
  kernel.spin_unlock();
  kernel.spin_unlock();
  kernel.schedule_idle();
  tracefs.write('trace_options', 'nofunc-no-repeats');
  const traced = traceFunctions(tracefs.read('trace')).map((l) => l.replace(/delta: \d+ us/, 'delta: N us'));
  assert.deepEqual(traced, [
    'spin_unlock',
    'spin_unlock (repeats: 4, delta: N us)',
    'schedule_idle',
    'spin_unlock',
    'spin_unlock (repeats: 1, delta: N us)',
    'schedule_idle',
  ]);
  reset();
});

test('overwrite: a full buffer loses its oldest events, counted in the header and in trace_pipe', () => {
  reset();
  tracefs.write('buffer_size_kb', '4');
  tracefs.write('current_tracer', 'function');
  for (let i = 0; i < 50; i++) kernel.workload();
  tracefs.write('current_tracer', 'nop');
  const header = /entries-in-buffer\/entries-written: (\d+)\/(\d+)/.exec(tracefs.read('trace'));
  const entries = Number(header[1]);
  const written = Number(header[2]);
  assert.ok(entries > 0 && entries < written, `${entries}/${written}`);
  assert.equal(lines().length, entries);
  assert.match(tracefs.read('trace_pipe'), /^CPU:0 \[LOST \d+ EVENTS\]\n/);
  tracefs.write('buffer_size_kb', '1408');
  reset();
});

test('nooverwrite: a full buffer drops new events instead', () => {
  reset();
  tracefs.write('buffer_size_kb', '4');
  tracefs.write('trace_options', 'nooverwrite');
  tracefs.write('trace_marker', 'first');
  tracefs.write('current_tracer', 'function');
  for (let i = 0; i < 50; i++) kernel.workload();
  tracefs.write('current_tracer', 'nop');
  assert.match(tracefs.read('trace'), /tracing_mark_write: first/, 'the oldest event is kept');
  tracefs.write('trace_options', 'overwrite');
  tracefs.write('buffer_size_kb', '1408');
  reset();
});

test('every trace clock timestamps events; counter prints raw', () => {
  for (const clock of ['local', 'counter', 'mono']) {
    reset();
    tracefs.write('trace_clock', clock);
    tracefs.write('trace_marker', `on ${clock}`);
    const line = tracefs.read('trace').split('\n').find((l) => l.includes(`on ${clock}`));
    assert.match(line, clock === 'counter' ? / +\d+: tracing_mark_write/ : / +\d+\.\d{6}: tracing_mark_write/);
  }
  assert.match(tracefs.read('trace_clock'), /\[mono\]/, 'back on the default');
});

test('an instance has its own tracer, filter and buffer', () => {
  reset();
  tracefs.mkdir('instances/locks');
  tracefs.write('instances/locks/set_ftrace_filter', '*lock*');
  tracefs.write('instances/locks/current_tracer', 'function');
  tracefs.write('set_ftrace_filter', 'schedule');
  tracefs.write('current_tracer', 'function');
  kernel.workload();
  const top = traceFunctions(tracefs.read('trace')).map((l) => l.split(' ')[0]);
  const locks = traceFunctions(tracefs.read('instances/locks/trace')).map((l) => l.split(' ')[0]);
  assert.deepEqual([...new Set(top)], ['schedule']);
  assert.ok(locks.length > 0 && locks.every((s) => s.includes('lock')), locks.join(','));
  assert.match(tracefs.read('enabled_functions'), /^schedule \[kernel\.mjs\] \(1\)/m);
  tracefs.rmdir('instances/locks');
  assert.throws(() => tracefs.read('instances/locks/trace'), { code: 'ENOENT' });
  reset();
  assert.equal(tracefs.read('enabled_functions'), '');
});
