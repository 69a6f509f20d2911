// prog_tests/fexit_test.c: fexit programs see the arguments and the return
// value of bpf_fentry_test1..8; the caller gets the same value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, bpf } from './programs-support.mjs';

test('fexit_test: each program sees the arguments and the return value', () => {
  const results = {};
  const p4 = { addr: 7 };
  const p5 = { addr: 12 };
  const p6a = { addr: 17 };
  const p6b = { addr: 20 };
  const st = { a: 2, b: 3 };
  const check = {
    bpf_fentry_test1: (c) => c.arg(0) === 1 && c.ret === 2,
    bpf_fentry_test2: (c) => c.arg(0) === 2 && c.arg(1) === 3 && c.ret === 5,
    bpf_fentry_test3: (c) => c.arg(0) === 4 && c.arg(1) === 5 && c.arg(2) === 6 && c.ret === 15,
    bpf_fentry_test4: (c) => c.arg(0) === p4 && c.arg(1) === 8 && c.arg(2) === 9 && c.arg(3) === 10 && c.ret === 34,
    bpf_fentry_test5: (c) => c.arg(0) === 11 && c.arg(1) === p5 && c.arg(4) === 15 && c.ret === 65,
    bpf_fentry_test6: (c) => c.arg(0) === 16 && c.arg(1) === p6a && c.arg(4) === p6b && c.arg(5) === 21 && c.ret === 111,
    bpf_fentry_test7: (c) => c.arg(2) === 1n && c.arg(6) === st && c.ret === 5,
    bpf_fentry_test8: (c) => c.arg(0) === st && c.ret === 2 && !c.threw,
  };
  const links = Object.entries(check).map(([name, ok]) => {
    results[name] = 0;
    return attach({ fexit: bpf[name], handler: (ctx) => { results[name] = ok(ctx) ? 1 : -1; } });
  });
  assert.equal(bpf.bpf_fentry_test1(1), 2);
  assert.equal(bpf.bpf_fentry_test2(2, 3), 5);
  assert.equal(bpf.bpf_fentry_test3(4, 5, 6), 15);
  assert.equal(bpf.bpf_fentry_test4(p4, 8, 9, 10), 34);
  assert.equal(bpf.bpf_fentry_test5(11, p5, 13, 14, 15), 65);
  assert.equal(bpf.bpf_fentry_test6(16, p6a, 18, 19, p6b, 21), 111);
  assert.equal(bpf.bpf_fentry_test7('c', 1, 1n, null, '', true, st), 5);
  assert.equal(bpf.bpf_fentry_test8(st), 2);
  for (const [name, result] of Object.entries(results)) assert.equal(result, 1, `${name}: fexit saw the arguments and the return value`);
  for (const link of links) link.detach();
});

test('fexit_test: an exception leaving the body is what fexit sees, and it reaches the caller unchanged', () => {
  let seen;
  const link = attach({ fexit: bpf.bpf_fentry_test8, handler: (ctx) => { seen = { threw: ctx.threw, error: ctx.error, ret: ctx.ret }; } });
  assert.throws(() => bpf.bpf_fentry_test8(null), TypeError);
  assert.equal(seen.threw, true);
  assert.ok(seen.error instanceof TypeError);
  assert.equal(seen.ret, undefined);
  link.detach();
});

test('fexit_test: an async function: fexit sees the settled value; the caller gets the original promise', async () => {
  let seen;
  let resolve;
  const wake = new Promise((r) => { resolve = r; });
  const link = attach({ fexit: bpf.do_nanosleep, handler: (ctx) => { seen = { ret: ctx.ret, wake: ctx.arg(0) }; } });
  const p = bpf.do_nanosleep(wake);
  assert.ok(p instanceof Promise);
  assert.equal(seen, undefined, 'not yet: the body is suspended');
  resolve();
  assert.equal(await p, 0);
  assert.deepEqual(seen, { ret: 0, wake });
  link.detach();
});
