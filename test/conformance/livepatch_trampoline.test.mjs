// prog_tests/livepatch_trampoline.c: with a live patch (IPMODIFY) on
// cmdline_proc_show, fentry and fexit programs each fire exactly once per
// call, whichever was attached first (fentry_first, fexit_first), and fexit
// wraps the patched body. The trampoline and the patch share the function
// through the SHARE_IPMODIFY protocol: ENABLE_SHARE_IPMODIFY_PEER when the
// patch arrives after the trampoline, SELF (EAGAIN, rebuild) when the
// trampoline arrives after the patch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, patch, trampolineOf, tracefs, bpf, enabledLine } from './programs-support.mjs';

function livepatched(m) {
  m.out = 'this has been live patched';
  return 0;
}

function attachProgs(counts, fexitFirst) {
  const fentry = () => attach({ fentry: bpf.cmdline_proc_show, handler: () => { counts.fentry++; } });
  const fexit = () =>
    attach({
      fexit: bpf.cmdline_proc_show,
      handler: (ctx) => {
        counts.fexit++;
        counts.fexitSaw = ctx.arg(0).out;
      },
    });
  if (fexitFirst) {
    const x = fexit();
    // The patch was there first: the fexit trampoline was refused once (SELF: EAGAIN) and rebuilt with ORIG_STACK.
    assert.deepEqual(trampolineOf(bpf.cmdline_proc_show).flags, ['CALL_ORIG', 'SKIP_FRAME', 'ORIG_STACK', 'SHARE_IPMODIFY']);
    return [x, fentry()];
  }
  const e = fentry();
  // An fentry-only trampoline shares the patched function as it is (SELF: 0).
  assert.deepEqual(trampolineOf(bpf.cmdline_proc_show).flags, ['RESTORE_REGS']);
  return [e, fexit()];
}

function check(counts) {
  const m = {};
  assert.equal(bpf.cmdline_proc_show(m), 0);
  assert.equal(m.out, 'this has been live patched', 'the patched body ran');
  assert.equal(counts.fentry, 1, 'fentry fired once');
  assert.equal(counts.fexit, 1, 'fexit fired once');
  assert.equal(counts.fexitSaw, 'this has been live patched', 'fexit ran after the patched body');
  const info = trampolineOf(bpf.cmdline_proc_show);
  assert.deepEqual(info.flags, ['CALL_ORIG', 'SKIP_FRAME', 'ORIG_STACK', 'SHARE_IPMODIFY']);
  assert.match(info.sharedSource, /const body = view\.ip;/);
  assert.equal(enabledLine('cmdline_proc_show'), 'cmdline_proc_show [bpf.mjs] (2) R I D   M \t->ftrace_ops_list_func\n\tdirect-->bpf_trampoline_' + info.ip);
}

for (const fexitFirst of [false, true]) {
  test(`livepatch_trampoline: ${fexitFirst ? 'fexit_first' : 'fentry_first'} — the live patch, then the programs`, () => {
    const klp = patch(bpf.cmdline_proc_show, livepatched);
    assert.match(enabledLine('cmdline_proc_show'), /^cmdline_proc_show \[bpf\.mjs\] \(1\) R I {3}O M \tops: klp:livepatched \(klp_ftrace_handler\)$/);
    const counts = { fentry: 0, fexit: 0 };
    const links = attachProgs(counts, fexitFirst);
    check(counts);
    for (const link of links) link.detach();
    const m = {};
    bpf.cmdline_proc_show(m);
    assert.equal(m.out, 'this has been live patched', 'the patch outlives the programs');
    klp.revert();
    bpf.cmdline_proc_show(m);
    assert.equal(m.out, 'original');
    assert.equal(tracefs.read('enabled_functions'), '');
  });
}

test('livepatch_trampoline: the programs, then the live patch (ENABLE_SHARE_IPMODIFY_PEER rebuilds the trampoline)', () => {
  const counts = { fentry: 0, fexit: 0 };
  const links = [
    attach({ fentry: bpf.cmdline_proc_show, handler: () => { counts.fentry++; } }),
    attach({ fexit: bpf.cmdline_proc_show, handler: (ctx) => { counts.fexit++; counts.fexitSaw = ctx.arg(0).out; } }),
  ];
  assert.deepEqual(trampolineOf(bpf.cmdline_proc_show).flags, ['CALL_ORIG', 'SKIP_FRAME']);
  const klp = patch(bpf.cmdline_proc_show, livepatched);
  check(counts);
  klp.revert();
  // DISABLE_SHARE_IPMODIFY_PEER: the trampoline shrinks back and calls the original body again.
  assert.deepEqual(trampolineOf(bpf.cmdline_proc_show).flags, ['CALL_ORIG', 'SKIP_FRAME']);
  const m = {};
  bpf.cmdline_proc_show(m);
  assert.equal(m.out, 'original');
  assert.deepEqual([counts.fentry, counts.fexit, counts.fexitSaw], [2, 2, 'original']);
  for (const link of links) link.detach();
  assert.equal(tracefs.read('enabled_functions'), '');
});

test('livepatch_trampoline: one live patch per function (EBUSY); fentry alone shares without a rebuild', () => {
  const klp = patch(bpf.cmdline_proc_show, livepatched);
  assert.throws(() => patch(bpf.cmdline_proc_show, () => 1), { code: 'EBUSY' });
  let entries = 0;
  const link = attach({ fentry: bpf.cmdline_proc_show, handler: () => { entries++; } });
  assert.deepEqual(trampolineOf(bpf.cmdline_proc_show).flags, ['RESTORE_REGS'], 'an fentry-only trampoline needs no ORIG_STACK');
  const m = {};
  bpf.cmdline_proc_show(m);
  assert.equal(m.out, 'this has been live patched');
  assert.equal(entries, 1);
  link.detach();
  klp.revert();
});

test('livepatch_trampoline: calls already running finish in the body they entered', async () => {
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  const seen = [];
  const running = bpf.do_nanosleep(gate).then((v) => seen.push(['old body', v]));
  const klp = patch(bpf.do_nanosleep, async function patched_nanosleep() { return 'new'; });
  seen.push(['new call', await bpf.do_nanosleep(gate)]);
  release();
  await running;
  assert.deepEqual(seen, [['new call', 'new'], ['old body', 0]]);
  klp.revert();
  assert.equal(await bpf.do_nanosleep(Promise.resolve()), 0);
});
