// func_stack_tracer.tc: with stack_trace_filter '*lock*' the stack tracer
// measures only at the lock functions, and the entry of the deepest stack is
// one of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset, kernel, available } from './support.mjs';

/** The entries of stack_trace as { depth, size, location }. */
function entries() {
  return tracefs
    .read('stack_trace')
    .split('\n')
    .map((l) => /^ *\d+\) +(\d+) +(\d+) {3}(.*)$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => ({ depth: Number(m[1]), size: Number(m[2]), location: m[3] }));
}

test('func_stack_tracer', () => {
  reset();
  tracefs.write('stack_max_size', '0');
  assert.equal(tracefs.read('stack_trace_filter'), '#### all functions enabled ####\n');
  tracefs.write('stack_trace_filter', '*lock*');
  const locks = available().filter((f) => /lock/.test(f));
  assert.equal(tracefs.read('stack_trace_filter'), locks.map((f) => f + '\n').join(''));
  tracefs.write('stack_tracer_enabled', '1');
  assert.equal(tracefs.read('stack_tracer_enabled'), '1\n');
  assert.match(tracefs.read('enabled_functions'), /^spin_lock \[kernel\.mjs\] \(1\) .*ops: stack_trace \(stack_trace_call\)/m);
  kernel.workload();
  tracefs.write('stack_tracer_enabled', '0');

  const text = tracefs.read('stack_trace');
  const list = entries();
  assert.match(text, new RegExp(`^ {8}Depth {4}Size {3}Location {4}\\(${list.length} entries\\)\\n {8}-{5} {4}-{4} {3}-{8}\\n`));
  assert.match(list[0].location, /lock/, 'the max-stack entry is a lock function');
  // raw_spin_trylock → spin_lock is the deepest lock call of the workload (mutex_trylock → mutex_lock ties, later).
  assert.match(list[0].location, /^spin_lock \(\S*kernel\.mjs:\d+:\d+\)$/);
  assert.match(list[1].location, /^raw_spin_trylock \(\S*kernel\.mjs:\d+:\d+\)$/);
  assert.match(list[2].location, /workload \(\S*kernel\.mjs:\d+:\d+\)$/);
  assert.equal(Number(tracefs.read('stack_max_size')), list[0].depth);
  // Depth adds up: each entry's depth is its size plus the depth of the entry below it.
  list.forEach((e, i) => assert.equal(e.depth, e.size + (list[i + 1]?.depth ?? 0), `entry ${i}`));
  // raw_spin_trylock is traced, so its body runs from fentry's handler: 3 frames (body, handler, entry).
  assert.equal(list[1].size, 3);
  assert.equal(list[0].size, 1);

  // Frozen while disabled.
  kernel.workload();
  assert.equal(tracefs.read('stack_trace'), text);
  tracefs.write('stack_trace_filter', '');
  assert.equal(tracefs.read('stack_trace_filter'), '#### all functions enabled ####\n');
  reset();
});

test('func_stack_tracer: stack_max_size is writable, 0 starts over; the filter takes globs, not commands', () => {
  reset();
  tracefs.write('stack_trace_filter', 'sched_tick');
  tracefs.write('stack_tracer_enabled', '1');
  tracefs.write('stack_max_size', '1000');
  kernel.workload();
  assert.equal(tracefs.read('stack_max_size'), '1000\n', 'nothing deeper than 1000 frames');
  tracefs.write('stack_max_size', '0');
  kernel.workload();
  tracefs.write('stack_tracer_enabled', '0');
  const list = entries();
  assert.match(list[0].location, /^sched_tick /);
  assert.match(list[1].location, /^schedule /);
  assert.match(list[2].location, /^preempt_schedule /);
  assert.equal(tracefs.read('stack_max_size'), `${list[0].depth}\n`);
  assert.throws(() => tracefs.write('stack_trace_filter', 'sched_tick:traceoff'), { code: 'EINVAL' });
  assert.throws(() => tracefs.write('stack_trace_filter', 'no_such_function'), { code: 'EINVAL' });
  assert.throws(() => tracefs.write('stack_max_size', 'deep'), { code: 'EINVAL' });
  tracefs.append('stack_trace_filter', 'spin_lock');
  assert.equal(tracefs.read('stack_trace_filter'), 'sched_tick [kernel.mjs]\nspin_lock [kernel.mjs]\n');
  tracefs.write('stack_trace_filter', '');
  reset();
});

test('func_stack_tracer: disabled with nothing measured, stack_trace says how to enable it', () => {
  reset();
  tracefs.write('stack_max_size', '0');
  assert.equal(
    tracefs.read('stack_trace').split('\n').slice(2).join('\n'),
    "#\n#  Stack tracer disabled\n#\n# To enable the stack tracer, 'echo 1 > stack_tracer_enabled'\n#\n",
  );
});
