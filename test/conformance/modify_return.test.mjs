// prog_tests/modify_return.c: fentry → fmod_ret (sees no return value yet)
// → body → fexit. An fmod_ret returning a value skips the body (no side
// effect) and the later fmod_ret programs, and the caller and fexit see its
// value; returning undefined lets the body's side effect and result stand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, bpf } from './programs-support.mjs';

const EINVAL = -22;

function run(fn, args, inputRetval, expectedRet) {
  let sequence = 0;
  const result = { fentry: false, fmod_ret: false, second_fmod_ret: 'not run', fexit: false };
  const links = [
    attach({ fentry: fn, handler: () => { sequence++; result.fentry = sequence === 1; } }),
    // Attached first, so it runs after the one below (the newest runs first, as in the kernel).
    attach({ fmod_ret: fn, handler: () => { result.second_fmod_ret = 'ran'; return undefined; } }),
    attach({
      fmod_ret: fn,
      handler: (ctx) => {
        sequence++;
        // The first fmod_ret program sees no return value (the kernel's 0).
        result.fmod_ret = sequence === 2 && ctx.ret === undefined;
        return inputRetval;
      },
    }),
    attach({ fexit: fn, handler: (ctx) => { sequence++; result.fexit = sequence === 3 && ctx.ret === (inputRetval ?? expectedRet); } }),
  ];
  const box = args[1];
  const ret = fn(...args);
  for (const link of links) link.detach();
  return { ...result, ret, sideEffect: box.value - 2 };
}

test('modify_return: fmod_ret returning undefined: the body runs, its side effect and result stand', () => {
  const r = run(bpf.bpf_modify_return_test, [1, { value: 2 }], undefined, 4);
  assert.deepEqual(r, { fentry: true, fmod_ret: true, second_fmod_ret: 'ran', fexit: true, ret: 4, sideEffect: 1 });
  const r2 = run(bpf.bpf_modify_return_test2, [1, { value: 2 }, 3, 4, { addr: 5 }, 6, 7], undefined, 29);
  assert.deepEqual(r2, { fentry: true, fmod_ret: true, second_fmod_ret: 'ran', fexit: true, ret: 29, sideEffect: 1 });
});

test('modify_return: fmod_ret returning -EINVAL skips the body and the later fmod_ret; caller and fexit see -EINVAL', () => {
  const r = run(bpf.bpf_modify_return_test, [1, { value: 2 }], EINVAL, 4);
  assert.deepEqual(r, { fentry: true, fmod_ret: true, second_fmod_ret: 'not run', fexit: true, ret: EINVAL, sideEffect: 0 });
  const r2 = run(bpf.bpf_modify_return_test2, [1, { value: 2 }, 3, 4, { addr: 5 }, 6, 7], EINVAL, 29);
  assert.deepEqual(r2, { fentry: true, fmod_ret: true, second_fmod_ret: 'not run', fexit: true, ret: EINVAL, sideEffect: 0 });
});

test('modify_return: on an async function the caller gets a promise of the fmod_ret value, and the body does not run', async () => {
  let bodyRan = false;
  const wake = { then(resolve) { bodyRan = true; resolve(); } };
  const link = attach({ fmod_ret: bpf.do_nanosleep, handler: () => EINVAL });
  const p = bpf.do_nanosleep(wake);
  assert.ok(p instanceof Promise);
  assert.equal(await p, EINVAL);
  assert.equal(bodyRan, false);
  link.detach();
});
