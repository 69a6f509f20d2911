// prog_tests/bpf_cookie.c: each link carries a cookie its program reads
// (bpf_get_attach_cookie): fentry, fexit and fmod_ret, one program linked
// several times with different cookies, and a multi-function link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, bpf } from './programs-support.mjs';

test('bpf_cookie: every link passes its own cookie to its program', () => {
  const seen = [];
  const handler = (ctx) => {
    seen.push(ctx.cookie);
    return undefined;
  };
  const links = [
    attach({ fentry: bpf.bpf_fentry_test1, handler, cookie: 0x1000000000000000n }),
    attach({ fexit: bpf.bpf_fentry_test1, handler, cookie: 0x2000000000000000n }),
    attach({ fmod_ret: bpf.bpf_fentry_test1, handler, cookie: 0x3000000000000000n }),
    attach({ fentry: bpf.bpf_fentry_test1, handler, cookie: 'second fentry link' }),
    attach({ fentry: bpf.bpf_fentry_test2, handler }),
  ];
  bpf.bpf_fentry_test1(1);
  // Newest fentry first, then fmod_ret, then fexit.
  assert.deepEqual(seen, ['second fentry link', 0x1000000000000000n, 0x3000000000000000n, 0x2000000000000000n]);
  seen.length = 0;
  bpf.bpf_fentry_test2(1, 2);
  assert.deepEqual(seen, [0], 'no cookie given reads 0');
  for (const link of links) link.detach();
});

test('bpf_cookie: a multi-function link carries its cookie to each function', () => {
  const seen = [];
  const link = attach({ fentry: 'bpf_fentry_test[12]', cookie: { tag: 'multi' }, handler: (ctx) => seen.push([ctx.func.symbol, ctx.cookie.tag]) });
  bpf.bpf_fentry_test1(1);
  bpf.bpf_fentry_test2(1, 2);
  assert.deepEqual(seen, [['bpf_fentry_test1', 'multi'], ['bpf_fentry_test2', 'multi']]);
  link.detach();
});
