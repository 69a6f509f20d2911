// test.d/direct/kprobe-direct.tc: a kprobe on wake_up_process (an ops that
// asks for the arguments: SAVE_REGS) and a direct trampoline on the same
// function, in all four orderings of {kprobe on, direct attach} then
// {kprobe off, direct detach}; then again with a second direct trampoline
// (ftrace-direct-too) on another function the whole time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registerDirect, tracefs, bpf, enabledLine, CONTINUE } from './programs-support.mjs';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const { currentSession } = await import(pathToFileURL(path.join(dist, 'control', 'session.js')).href);
const { Ops, OPS_FL } = await import(pathToFileURL(path.join(dist, 'core', 'index.js')).href);
const { ftrace } = currentSession();

const probed = [];
/** `p:kprobes/wake wake_up_process task=%di`: a SAVE_REGS ops reading the first argument. */
const kprobe = new Ops({
  name: 'kprobe',
  flags: OPS_FL.SAVE_REGS,
  func: function kprobe_ftrace_handler(_ip, _parent, _ops, regs) {
    probed.push(regs.args[0].comm);
  },
});
ftrace.setFilter(kprobe, 'wake_up_process:mod:bpf.mjs', true);

let directHits = 0;
function my_direct_func() {
  directHits++;
  return CONTINUE;
}
let tooHits = 0;
function my_direct_func_too() {
  tooHits++;
  return CONTINUE;
}

/** MODIFIED is sticky: set once a direct trampoline was ever on the function. */
let everModified = false;
function expected(probe, direct) {
  if (!probe && !direct) return undefined;
  if (probe && !direct) return `wake_up_process [bpf.mjs] (1) R     O${everModified ? ' M ' : '   '}\tops: kprobe (kprobe_ftrace_handler)`;
  if (!probe) return 'wake_up_process [bpf.mjs] (1) R   D   M \ttramp: direct:my_direct_func (call_direct_funcs)\n\tdirect-->my_direct_func';
  return 'wake_up_process [bpf.mjs] (2) R   D   M \t->ftrace_ops_list_func\n\tdirect-->my_direct_func';
}

function orderings(label, withToo) {
  for (const [first, second] of [['kprobe', 'direct'], ['direct', 'kprobe']]) {
    for (const [off1, off2] of [['kprobe', 'direct'], ['direct', 'kprobe']]) {
      test(`kprobe-direct${label}: ${first} on, ${second} on, ${off1} off, ${off2} off`, () => {
        const too = withToo ? registerDirect(bpf.handle_mm_fault, my_direct_func_too) : undefined;
        const state = { kprobe: false, direct: false };
        let handle;
        const step = (what, on) => {
          if (what === 'kprobe') {
            if (on) ftrace.register(kprobe);
            else ftrace.unregister(kprobe);
          } else if (on) {
            handle = registerDirect(bpf.wake_up_process, my_direct_func);
            everModified = true;
          } else handle.unregister();
          state[what] = on;
          assert.equal(enabledLine('wake_up_process'), expected(state.kprobe, state.direct), `after ${what} ${on ? 'on' : 'off'}`);
          const before = { probed: probed.length, direct: directHits, too: tooHits };
          const task = { comm: `${what}-${on}` };
          bpf.wake_up_process(task);
          assert.equal(task.woken, 1);
          assert.equal(probed.length - before.probed, state.kprobe ? 1 : 0, 'the kprobe fired iff on');
          if (state.kprobe) assert.equal(probed.at(-1), task.comm, 'with the argument');
          assert.equal(directHits - before.direct, state.direct ? 1 : 0, 'the direct trampoline ran iff attached');
          if (withToo) {
            assert.equal(bpf.handle_mm_fault({}, 0x1234), 0x234);
            assert.equal(tooHits - before.too, 1, 'the other direct trampoline keeps running');
            assert.match(enabledLine('handle_mm_fault'), /^handle_mm_fault \[bpf\.mjs\] \(1\) R {3}D {3}M \ttramp: direct:my_direct_func_too \(call_direct_funcs\)\n\tdirect-->my_direct_func_too$/);
          }
        };
        step(first, true);
        step(second, true);
        step(off1, false);
        step(off2, false);
        too?.unregister();
        assert.equal(tracefs.read('enabled_functions'), '');
      });
    }
  }
}

orderings('', false);
orderings(' with ftrace-direct-too', true);
