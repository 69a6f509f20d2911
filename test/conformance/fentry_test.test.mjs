// prog_tests/fentry_test.c: fentry programs on bpf_fentry_test1..8 see the
// exact argument values, for 1 to 7 arguments of mixed types, and the
// functions' results do not change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, bpf } from './programs-support.mjs';

test('fentry_test: each program sees the exact arguments; the functions work as before', () => {
  const results = {};
  const links = [];
  const p4 = { addr: 7 };
  const p5 = { addr: 12 };
  const p6a = { addr: 17 };
  const p6b = { addr: 20 };
  const st = { a: 2, b: 3 };
  const ptr = { node: 1 };
  const check = {
    bpf_fentry_test1: (c) => c.arg(0) === 1,
    bpf_fentry_test2: (c) => c.arg(0) === 2 && c.arg(1) === 3,
    bpf_fentry_test3: (c) => c.arg(0) === 4 && c.arg(1) === 5 && c.arg(2) === 6,
    bpf_fentry_test4: (c) => c.arg(0) === p4 && c.arg(1) === 8 && c.arg(2) === 9 && c.arg(3) === 10,
    bpf_fentry_test5: (c) => c.arg(0) === 11 && c.arg(1) === p5 && c.arg(2) === 13 && c.arg(3) === 14 && c.arg(4) === 15,
    bpf_fentry_test6: (c) => c.arg(0) === 16 && c.arg(1) === p6a && c.arg(2) === 18 && c.arg(3) === 19 && c.arg(4) === p6b && c.arg(5) === 21,
    bpf_fentry_test7: (c) => c.arg(0) === 'x' && c.arg(1) === -2 && c.arg(2) === 2n ** 63n && c.arg(3) === ptr && c.arg(4) === 'comm' && c.arg(5) === true && c.arg(6) === st,
    bpf_fentry_test8: (c) => c.arg(0) === st,
  };
  for (const [name, ok] of Object.entries(check)) {
    results[name] = 0;
    links.push([name, attach({ fentry: bpf[name], handler: (ctx) => { results[name] = ok(ctx) ? 1 : -1; } })]);
  }
  assert.equal(bpf.bpf_fentry_test1(1), 2);
  assert.equal(bpf.bpf_fentry_test2(2, 3), 5);
  assert.equal(bpf.bpf_fentry_test3(4, 5, 6), 15);
  assert.equal(bpf.bpf_fentry_test4(p4, 8, 9, 10), 34);
  assert.equal(bpf.bpf_fentry_test5(11, p5, 13, 14, 15), 65);
  assert.equal(bpf.bpf_fentry_test6(16, p6a, 18, 19, p6b, 21), 111);
  assert.equal(bpf.bpf_fentry_test7('x', -2, 2n ** 63n, ptr, 'comm', true, st), 5);
  assert.equal(bpf.bpf_fentry_test8(st), 2);
  for (const [name, result] of Object.entries(results)) assert.equal(result, 1, `${name}: the program saw the exact arguments`);
  for (const [name, link] of links) {
    assert.deepEqual(link.functions.map((f) => f.symbol), [name], 'a function object target selects exactly its own site');
    link.detach();
  }
  // Detached: the programs do not run, the functions still work.
  for (const name of Object.keys(results)) results[name] = 0;
  assert.equal(bpf.bpf_fentry_test1(1), 2);
  assert.equal(results.bpf_fentry_test1, 0);
});

test('fentry_test: the arguments are read-only for the program', () => {
  const box = { value: 1 };
  let refused;
  const link = attach({
    fentry: bpf.bpf_fentry_test2,
    handler(ctx) {
      try {
        ctx.args[0] = 100;
      } catch (error) {
        refused = error.code;
      }
    },
  });
  assert.equal(bpf.bpf_fentry_test2(box.value, 3), 4, 'the call sees its own argument');
  assert.equal(refused, 'EINVAL');
  link.detach();
});
