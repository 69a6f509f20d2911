// test.d/direct/ftrace-direct.tc: a custom direct trampoline (the
// ftrace-direct sample, `my_direct_func`) and a tracer on the same
// function work in all four orderings of {tracer on, direct attach} then
// {tracer off, direct detach}, for every tracer; enabled_functions shows
// the count, the flags and `direct-->` right at each step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerDirect, attach, tracefs, reset, bpf, enabledLine, CONTINUE } from './programs-support.mjs';

let woken = 0;
function my_direct_func(_self, _fn, _newTarget, task) {
  woken++;
  tracefs.write('trace_marker', `my_direct_func: waking up ${task.comm}`);
  return CONTINUE;
}

let everModified = false;
/** The expected enabled_functions entry of wake_up_process for what is attached. */
function expected(tracer, direct) {
  if (!tracer && !direct) return undefined;
  const m = everModified ? ' M ' : '   ';
  if (tracer && !direct) {
    const tail = tracer === 'function' ? '\tops: global_ops (functionTrace)' : '\tops: graph_ops (ftrace_graph_func)\tsubops: {ent:trace_graph_entry ret:trace_graph_return}';
    return `wake_up_process [bpf.mjs] (1)       O${m}${tail}`;
  }
  if (!tracer) return `wake_up_process [bpf.mjs] (1) R   D  ${m}\ttramp: direct:my_direct_func (call_direct_funcs)\n\tdirect-->my_direct_func`;
  const subops = tracer === 'function_graph' ? '\tsubops: {ent:trace_graph_entry ret:trace_graph_return}' : '';
  return `wake_up_process [bpf.mjs] (2) R   D  ${m}\t->ftrace_ops_list_func${subops}\n\tdirect-->my_direct_func`;
}

function call(tracer, direct) {
  tracefs.write('trace', '');
  const before = woken;
  const task = { comm: 'kworker' };
  assert.equal(bpf.wake_up_process(task), 1);
  assert.equal(task.woken, 1, 'the body ran once');
  assert.equal(woken - before, direct ? 1 : 0, 'the direct trampoline ran once when attached');
  const trace = tracefs.read('trace');
  assert.equal(trace.includes('my_direct_func: waking up kworker'), direct);
  const traced = tracer === 'function' ? / wake_up_process\b/ : / wake_up_process\(\);/;
  if (tracer) assert.match(trace, traced, `${tracer} saw the call`);
}

for (const tracer of ['function', 'function_graph']) {
  for (const [first, second] of [['tracer', 'direct'], ['direct', 'tracer']]) {
    for (const [off1, off2] of [['tracer', 'direct'], ['direct', 'tracer']]) {
      test(`ftrace-direct: ${tracer}: ${first} on, ${second} on, ${off1} off, ${off2} off`, () => {
        reset();
        const state = { tracer: false, direct: false };
        let handle;
        const step = (what, on) => {
          if (what === 'tracer') tracefs.write('current_tracer', on ? tracer : 'nop');
          else if (on) {
            handle = registerDirect(bpf.wake_up_process, my_direct_func);
            everModified = true;
          } else handle.unregister();
          state[what] = on;
          assert.equal(enabledLine('wake_up_process'), expected(state.tracer && tracer, state.direct), `after ${what} ${on ? 'on' : 'off'}`);
          call(state.tracer && tracer, state.direct);
        };
        step(first, true);
        step(second, true);
        step(off1, false);
        step(off2, false);
        assert.equal(tracefs.read('enabled_functions'), '');
      });
    }
  }
}

test('ftrace-direct: one direct trampoline per function (EBUSY), programs included; modify switches the trampoline in place', () => {
  reset();
  const handle = registerDirect(bpf.wake_up_process, my_direct_func);
  assert.throws(() => registerDirect(bpf.wake_up_process, () => CONTINUE), { code: 'EBUSY' });
  assert.throws(() => attach({ fentry: bpf.wake_up_process, handler: () => {} }), { code: 'EBUSY' }, 'a BPF trampoline is a direct trampoline too');
  const seen = [];
  for (const tracer of ['nop', 'function']) {
    tracefs.write('current_tracer', tracer);
    handle.modify(function my_tramp2(_self, _fn, _nt, task) {
      seen.push(task.comm);
      return CONTINUE;
    });
    assert.match(enabledLine('wake_up_process'), /\n\tdirect-->my_tramp2$/);
    bpf.wake_up_process({ comm: tracer });
    handle.modify(my_direct_func);
    assert.match(enabledLine('wake_up_process'), /\n\tdirect-->my_direct_func$/);
  }
  assert.deepEqual(seen, ['nop', 'function']);
  // A direct trampoline may return in place of the body.
  handle.modify(() => 'skipped');
  assert.equal(bpf.wake_up_process({}), 'skipped');
  handle.unregister();
  handle.unregister();
  reset();
  assert.equal(tracefs.read('enabled_functions'), '');
});
