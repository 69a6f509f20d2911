// prog_tests/get_func_args_test.c: a program reads the argument count, each
// argument and (fexit, fmod_ret) the return value; a read out of range fails
// cleanly with EINVAL and the traced call goes on. An fmod_ret value is the
// return value the caller and fexit see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, bpf } from './programs-support.mjs';

function readAll(ctx) {
  const out = { count: ctx.argCount, args: [...ctx.args], byIndex: [] };
  for (let i = 0; i < ctx.argCount; i++) out.byIndex.push(ctx.arg(i));
  for (const bad of [ctx.argCount, -1, 1.5, 99]) {
    try {
      ctx.arg(bad);
      out.outOfRange = 'no error';
    } catch (error) {
      out.outOfRange ??= error.code;
    }
  }
  try {
    void ctx.args[ctx.argCount];
  } catch (error) {
    out.viewOutOfRange = error.code;
  }
  return out;
}

test('get_func_args: count, each argument and the return value; out of range is EINVAL', () => {
  const seen = {};
  const links = [
    attach({ fentry: bpf.bpf_fentry_test1, handler: (ctx) => { seen.fentry = readAll(ctx); } }),
    attach({ fexit: bpf.bpf_fentry_test2, handler: (ctx) => { seen.fexit = { ...readAll(ctx), ret: ctx.ret }; } }),
    attach({ fmod_ret: bpf.bpf_modify_return_test, handler: (ctx) => { seen.fmod_ret = { ...readAll(ctx), ret: ctx.ret }; } }),
    attach({ fexit: bpf.bpf_modify_return_test, handler: (ctx) => { seen.fexit_mod = { count: ctx.argCount, ret: ctx.ret }; } }),
  ];
  assert.equal(bpf.bpf_fentry_test1(1), 2);
  assert.equal(bpf.bpf_fentry_test2(2, 3), 5);
  const box = { value: 2 };
  assert.equal(bpf.bpf_modify_return_test(1, box), 4);
  assert.deepEqual(seen.fentry, { count: 1, args: [1], byIndex: [1], outOfRange: 'EINVAL', viewOutOfRange: 'EINVAL' });
  assert.deepEqual(seen.fexit, { count: 2, args: [2, 3], byIndex: [2, 3], outOfRange: 'EINVAL', viewOutOfRange: 'EINVAL', ret: 5 });
  assert.deepEqual(seen.fmod_ret, { count: 2, args: [1, box], byIndex: [1, box], outOfRange: 'EINVAL', viewOutOfRange: 'EINVAL', ret: undefined });
  assert.deepEqual(seen.fexit_mod, { count: 2, ret: 4 });
  for (const link of links) link.detach();
});

test('get_func_args: fmod_ret returning 1234 is the return value of the caller and of fexit', () => {
  let fexitRet;
  const links = [attach({ fmod_ret: bpf.bpf_modify_return_test2, handler: () => 1234 }), attach({ fexit: bpf.bpf_modify_return_test2, handler: (ctx) => { fexitRet = ctx.ret; } })];
  const box = { value: 2 };
  assert.equal(bpf.bpf_modify_return_test2(1, box, 3, 4, { addr: 5 }, 6, 7), 1234);
  assert.equal(fexitRet, 1234);
  assert.equal(box.value, 2, 'the body did not run');
  for (const link of links) link.detach();
});

test('get_func_args: an uncaught out-of-range read is contained: counted, and the call goes on', () => {
  const link = attach({ fentry: bpf.bpf_fentry_test1, handler: (ctx) => ctx.arg(1) });
  assert.equal(bpf.bpf_fentry_test1(1), 2);
  assert.equal(bpf.bpf_fentry_test1(2), 3);
  assert.equal(link.stats.errors, 2);
  link.detach();
});
