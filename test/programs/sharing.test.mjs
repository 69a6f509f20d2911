// Programs and live patches on sites that tracers share: the list dispatcher
// runs the ops, then the trampoline runs the programs — fexit and fmod_ret's
// skip included — and function_graph still gets the call's return.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, funcs } from './support.mjs';

const { attach, patch, tracefs } = api;

function reset() {
  tracefs.write('current_tracer', 'nop');
  tracefs.write('set_ftrace_filter', '');
  tracefs.write('trace', '');
}

const lines = () => tracefs.read('trace').split('\n').filter((l) => l !== '' && !l.startsWith('#'));

test('function tracer + fexit + fmod_ret on one function: the tracer sees every call, fmod_ret still skips the body', () => {
  reset();
  tracefs.write('set_ftrace_filter', 'thrower');
  tracefs.write('current_tracer', 'function');
  const seen = [];
  const links = [
    attach({ fmod_ret: funcs.thrower, handler: (ctx) => (ctx.arg(0) === 'skip' ? -1 : undefined) }),
    attach({ fexit: funcs.thrower, handler: (ctx) => seen.push(ctx.threw ? 'threw' : ctx.ret) }),
  ];
  assert.match(tracefs.read('enabled_functions'), /^thrower \[funcs\.mjs\] \(2\) R {3}D {3}M \t->ftrace_ops_list_func\n\tdirect-->bpf_trampoline_\d+$/m);
  assert.equal(funcs.thrower(0), 1);
  assert.equal(funcs.thrower('skip'), -1);
  assert.throws(() => funcs.thrower(1), RangeError);
  assert.deepEqual(seen, [1, -1, 'threw']);
  assert.equal(lines().filter((l) => / thrower\b/.test(l)).length, 3, 'one function-tracer line per call');
  for (const link of links) link.detach();
  reset();
});

test('function_graph + fexit: the graph gets the return, fexit the value', () => {
  reset();
  tracefs.write('set_ftrace_filter', 'recurse');
  tracefs.write('trace_options', 'funcgraph-retval');
  tracefs.write('current_tracer', 'function_graph');
  const seen = [];
  const link = attach({ fexit: funcs.recurse, handler: (ctx) => seen.push(ctx.ret) });
  assert.equal(funcs.recurse(1), 1);
  assert.deepEqual(seen, [0, 1]);
  const calls = lines().map((l) => l.slice(l.lastIndexOf('|  ') + 3));
  assert.deepEqual(calls.map((c) => c.trim().replace(/ \/\*.*\*\/$/, '')), ['recurse() {', 'recurse();', '}']);
  assert.match(calls[1], /recurse\(\); \/\* = 0x0 \*\//);
  link.detach();
  tracefs.write('trace_options', 'nofuncgraph-retval');
  reset();
});

test('function_graph + fexit on an async function: both frames see the call suspend and end', async () => {
  reset();
  tracefs.write('set_ftrace_filter', 'slow');
  tracefs.write('current_tracer', 'function_graph');
  let ret;
  const link = attach({ fexit: funcs.slow, handler: (ctx) => { ret = ctx.ret; } });
  assert.equal(await funcs.slow(4), 8);
  assert.equal(ret, 8);
  const calls = lines().map((l) => l.slice(l.lastIndexOf('|  ') + 3));
  assert.equal(calls.length, 2);
  assert.equal(calls[0], 'slow(); /* suspended */');
  assert.match(calls[1], /^slow\(\); \/\* resumed, done after [\d.]+ us \*\/$/);
  link.detach();
  reset();
});

test('a live patch with a tracer and no trampoline: the list dispatcher runs the patched body', () => {
  reset();
  const klp = patch(funcs.add, function add_v2(a, b) { return a * b; });
  tracefs.write('set_ftrace_filter', 'add:mod:funcs.mjs');
  for (const tracer of ['function', 'function_graph']) {
    tracefs.write('current_tracer', tracer);
    assert.match(tracefs.read('enabled_functions'), /^add \[funcs\.mjs\] \(2\) R I {5}M \t->ftrace_ops_list_func/m);
    tracefs.write('trace', '');
    assert.equal(funcs.add(3, 4), 12);
    assert.equal(lines().length, 1, `${tracer} saw the call once`);
  }
  klp.revert();
  assert.equal(funcs.add(3, 4), 7);
  reset();
});

test('a patched async function and a patched generator keep fexit on their new bodies', async () => {
  const seen = [];
  const links = [attach({ fexit: funcs.slow, handler: (ctx) => seen.push(['slow', ctx.ret]) }), attach({ fexit: funcs.count, handler: (ctx) => seen.push(['count', ctx.ret]) })];
  const k1 = patch(funcs.slow, async (x) => x * 100);
  const k2 = patch(funcs.count, function* count_v2(n) { yield n; return 'patched'; });
  assert.equal(await funcs.slow(2), 200);
  assert.deepEqual([...funcs.count(7)], [7]);
  assert.deepEqual(seen, [['slow', 200], ['count', 'patched']]);
  k1.revert();
  k2.revert();
  for (const link of links) link.detach();
  assert.equal(tracefs.read('enabled_functions'), '');
});
