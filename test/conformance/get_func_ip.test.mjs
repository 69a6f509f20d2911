// prog_tests/get_func_ip_test.c: every kind of program (fentry, fexit,
// fmod_ret) reads the identity of the function it runs on — its site (the
// kernel's ip), symbol, module and id — and it equals the site table's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, sites, bpf } from './programs-support.mjs';

test('get_func_ip: fentry, fexit and fmod_ret see the function they run on', () => {
  const table = sites();
  const expect = (symbol) => {
    const site = table.find((s) => s.symbol === symbol && s.module === 'bpf.mjs');
    return { ip: site.index, symbol: site.symbol, module: site.module, id: site.id };
  };
  const seen = {};
  const record = (key) => (ctx) => {
    seen[key] = { ip: ctx.func.ip, symbol: ctx.func.symbol, module: ctx.func.module, id: ctx.func.id };
    return undefined;
  };
  const links = [
    attach({ fentry: bpf.bpf_fentry_test1, handler: record('test1') }),
    attach({ fexit: bpf.bpf_fentry_test2, handler: record('test2') }),
    attach({ fentry: bpf.bpf_fentry_test3, handler: record('test3') }),
    attach({ fexit: bpf.bpf_fentry_test4, handler: record('test4') }),
    attach({ fmod_ret: bpf.bpf_modify_return_test, handler: record('test5') }),
  ];
  bpf.bpf_fentry_test1(1);
  bpf.bpf_fentry_test2(2, 3);
  bpf.bpf_fentry_test3(4, 5, 6);
  bpf.bpf_fentry_test4({ addr: 7 }, 8, 9, 10);
  bpf.bpf_modify_return_test(1, { value: 2 });
  assert.deepEqual(seen, {
    test1: expect('bpf_fentry_test1'),
    test2: expect('bpf_fentry_test2'),
    test3: expect('bpf_fentry_test3'),
    test4: expect('bpf_fentry_test4'),
    test5: expect('bpf_modify_return_test'),
  });
  assert.match(seen.test1.id, /^bpf\.mjs:\d+:\d+$/);
  for (const link of links) link.detach();
});

test('get_func_ip: one program on many functions (a glob) tells them apart', () => {
  const seen = [];
  const link = attach({ fentry: 'bpf_fentry_test[123]', handler: (ctx) => seen.push(ctx.func.symbol) });
  assert.deepEqual(link.functions.map((f) => f.symbol), ['bpf_fentry_test1', 'bpf_fentry_test2', 'bpf_fentry_test3']);
  bpf.bpf_fentry_test3(1, 2, 3);
  bpf.bpf_fentry_test1(1);
  assert.deepEqual(seen, ['bpf_fentry_test3', 'bpf_fentry_test1']);
  link.detach();
});
