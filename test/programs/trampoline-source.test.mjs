// The generated trampolines, read back as text: specialised to arity, kind
// and programs; straight-line code; rebuilt on every attach and detach.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, funcs, handlerBody } from './support.mjs';

const { attach, trampolineOf, enableStats } = api;
const noop = () => {};

test('fentry only: the programs run, then the site runs the body; no loop, array, rest or re-call', () => {
  const link = attach({ fentry: funcs.add, handler: noop });
  const info = trampolineOf(funcs.add);
  assert.deepEqual(info.flags, ['RESTORE_REGS']);
  const body = handlerBody(info.source);
  assert.match(body, /^return function bpf_trampoline_\d+\(self, fn, newTarget, a0, a1\) \{/);
  assert.match(body, /const ctx = new Ctx\(func, self, a0, a1\);/);
  assert.match(body, /if \(pe0\.active === 0\) \{\n\s+pe0\.active = 1;\n\s+ctx\.cookie = ce0;\n\s+try \{\n\s+he0\(ctx\);/);
  assert.match(body, /return CONTINUE;\n {2}\};\n\};$/);
  assert.doesNotMatch(body, /reentry|call\.call|\bfor\b|\bwhile\b|\.\.\.|\[/);
  assert.doesNotMatch(body, /now\(\)/, 'no clock read while stats are off');
  link.detach();
});

test('fexit on a sync function: the trampoline re-calls the body through the function object and sees it return', () => {
  const link = attach({ fexit: funcs.add, handler: noop });
  const info = trampolineOf(funcs.add);
  assert.deepEqual(info.flags, ['CALL_ORIG', 'SKIP_FRAME']);
  const body = handlerBody(info.source);
  assert.match(body, /if \(reentry\) \{\n\s+reentry = false;\n\s+return CONTINUE;/);
  assert.match(body, /value = newTarget === undefined \? call\.call\(fn, self, a0, a1\) : construct\(fn, \[a0, a1\], newTarget\);/);
  assert.match(info.source, /function exit\(ctx\) \{\n\s+if \(x0\.linked\) \{/);
  assert.doesNotMatch(body, /\bfor\b|\bwhile\b|\.\.\./);
  link.detach();
});

test('every attach and detach rebuilds the image for the programs there', () => {
  const a = attach({ fentry: funcs.add, handler: noop });
  const first = trampolineOf(funcs.add).source;
  const b = attach({ fentry: funcs.add, handler: noop });
  const c = attach({ fmod_ret: funcs.add, handler: noop });
  const second = trampolineOf(funcs.add).source;
  assert.notEqual(second, first);
  assert.match(second, /const e1 = E\[1\]/);
  assert.match(second, /const m0 = M\[0\]/);
  assert.match(handlerBody(second), /if \(r !== undefined\) \{\n\s+return r;/, 'fmod_ret without fexit: the skip returns at once');
  b.detach();
  c.detach();
  assert.equal(trampolineOf(funcs.add).source, first, 'back to the same code');
  a.detach();
  assert.equal(trampolineOf(funcs.add), undefined);
});

test('async functions and generators: fexit through a frame, the body runs from the site', () => {
  const links = [attach({ fexit: funcs.slow, handler: noop }), attach({ fexit: funcs.count, handler: noop }), attach({ fmod_ret: funcs.count, handler: noop })];
  const asyncBody = handlerBody(trampolineOf(funcs.slow).source);
  assert.match(asyncBody, /give\(new Frame\(ctx, exit, true, null\)\);\n\s+return CONTINUE;/);
  assert.doesNotMatch(asyncBody, /call\.call\(fn|reentry/);
  const genBody = handlerBody(trampolineOf(funcs.count).source);
  assert.match(genBody, /give\(new Frame\(ctx, exit, false, null\)\);/);
  assert.match(genBody, /return finished\(r\);/, 'a generator skipped by fmod_ret is done at once with the value');
  for (const link of links) link.detach();
});

test('arity beyond 8 takes a rest parameter; the context keeps one array', () => {
  const link = attach({ fentry: funcs.many, handler: noop });
  const body = handlerBody(trampolineOf(funcs.many).source);
  assert.match(body, /function bpf_trampoline_\d+\(self, fn, newTarget, \.\.\.args\)/);
  assert.match(body, /new Ctx\(func, self, args\)/);
  let seen;
  const reader = attach({ fentry: funcs.many, handler: (ctx) => { seen = [ctx.argCount, ctx.arg(9), ctx.args.length]; } });
  assert.equal(funcs.many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 55);
  assert.deepEqual(seen, [10, 10, 10]);
  reader.detach();
  link.detach();
});

test('stats: off by default; enabling rebuilds every image with the clock reads, disabling takes them out', () => {
  const link = attach({ fentry: funcs.add, handler: noop });
  funcs.add(1, 2);
  assert.deepEqual(link.stats, { run_cnt: 0, run_time_ns: 0, misses: 0, errors: 0 });
  const stats = enableStats();
  assert.match(handlerBody(trampolineOf(funcs.add).source), /const t = now\(\);[\s\S]*pe0\.run_time_ns \+= \(now\(\) - t\) \* 1e6;\n\s+pe0\.run_cnt\+\+;/);
  for (let i = 0; i < 10; i++) funcs.add(i, 1);
  assert.equal(link.stats.run_cnt, 10);
  assert.ok(link.stats.run_time_ns > 0);
  const second = enableStats();
  stats.disable();
  funcs.add(1, 1);
  assert.equal(link.stats.run_cnt, 11, 'still on while a holder remains');
  second.disable();
  second.disable();
  assert.doesNotMatch(trampolineOf(funcs.add).source, /now\(\)/);
  const frozen = link.stats;
  funcs.add(1, 1);
  assert.deepEqual(link.stats, frozen);
  link.detach();
});

test('shared with a tracer: the ops run first, then the programs (the shared variant reads back too)', () => {
  const link = attach({ fexit: funcs.add, handler: noop });
  const shared = trampolineOf(funcs.add).sharedSource;
  assert.match(shared, /const view = \{ self, args: \[a0, a1\], ip: undefined \};\n\s+const token = enter\(self, view, fn !== undefined\);/);
  assert.match(shared, /if \(token !== 0\) leave\(token, threw \? 1 : 0, value\);/);
  link.detach();
});
