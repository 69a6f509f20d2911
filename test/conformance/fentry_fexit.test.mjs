// prog_tests/fentry_fexit.c: 6 fentry and 6 fexit programs on the same six
// functions all fire; each function's trampoline holds both kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, trampolineOf, bpf } from './programs-support.mjs';

test('fentry_fexit: fentry and fexit on the same functions all fire', () => {
  const names = ['bpf_fentry_test1', 'bpf_fentry_test2', 'bpf_fentry_test3', 'bpf_fentry_test4', 'bpf_fentry_test5', 'bpf_fentry_test6'];
  const hits = new Map();
  const links = [];
  for (const name of names) {
    links.push(attach({ fentry: name, handler: () => hits.set(`fentry/${name}`, (hits.get(`fentry/${name}`) ?? 0) + 1) }));
    links.push(attach({ fexit: name, handler: (ctx) => hits.set(`fexit/${name}`, ctx.ret) }));
  }
  for (const name of names) {
    const info = trampolineOf(name);
    assert.deepEqual(info.links, { fentry: 1, fexit: 1, fmod_ret: 0, freplace: 0 }, name);
    assert.ok(info.flags.includes('CALL_ORIG'), `${name}: fexit makes the trampoline call the body`);
  }
  bpf.bpf_fentry_test1(1);
  bpf.bpf_fentry_test2(2, 3);
  bpf.bpf_fentry_test3(4, 5, 6);
  bpf.bpf_fentry_test4({ addr: 7 }, 8, 9, 10);
  bpf.bpf_fentry_test5(11, { addr: 12 }, 13, 14, 15);
  bpf.bpf_fentry_test6(16, { addr: 17 }, 18, 19, { addr: 20 }, 21);
  const expected = [2, 5, 15, 34, 65, 111];
  names.forEach((name, i) => {
    assert.equal(hits.get(`fentry/${name}`), 1, `fentry/${name} fired once`);
    assert.equal(hits.get(`fexit/${name}`), expected[i], `fexit/${name} saw the result`);
  });
  for (const link of links) link.detach();
  for (const name of names) assert.equal(trampolineOf(name), undefined, `${name}: no programs, no trampoline`);
});
