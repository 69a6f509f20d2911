// prog_tests/fexit_bpf2bpf.c: fentry/fexit on the subprograms a program
// calls, and freplace replacing a subprogram's body. freplace and
// fentry/fexit/fmod_ret on the same function exclude each other with EBUSY,
// in either order; on different functions they coexist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, patch, trampolineOf, tracefs, bpf } from './programs-support.mjs';

const skb = { len: 10 };

test('fexit_bpf2bpf: fentry and fexit on the subprograms see their arguments and results', () => {
  const seen = [];
  const links = [
    attach({ fexit: bpf.test_pkt_access_subprog1, handler: (ctx) => seen.push(['subprog1', ctx.arg(0).len, ctx.ret]) }),
    attach({ fexit: bpf.test_pkt_access_subprog2, handler: (ctx) => seen.push(['subprog2', ctx.arg(0), ctx.ret]) }),
    attach({ fentry: bpf.test_pkt_access, handler: (ctx) => seen.push(['entry', ctx.arg(0).len]) }),
    attach({ fexit: bpf.test_pkt_access, handler: (ctx) => seen.push(['exit', ctx.ret]) }),
  ];
  assert.equal(bpf.test_pkt_access(skb), 50);
  assert.deepEqual(seen, [['entry', 10], ['subprog1', 10, 20], ['subprog2', 3, 30], ['exit', 50]]);
  for (const link of links) link.detach();
});

test('fexit_bpf2bpf: freplace replaces a function body, with its this and arguments; detaching restores it', () => {
  const link = attach({ freplace: bpf.test_pkt_access_subprog2, handler: function new_get_skb_ifindex(val, s) { return val + s.len; } });
  assert.equal(bpf.test_pkt_access_subprog2(3, skb), 13);
  assert.equal(bpf.test_pkt_access(skb), 20 + 13, 'the caller calls the replacement');
  assert.deepEqual(trampolineOf(bpf.test_pkt_access_subprog2).links, { fentry: 0, fexit: 0, fmod_ret: 0, freplace: 1 });
  assert.match(tracefs.read('enabled_functions'), /^test_pkt_access_subprog2 \[bpf\.mjs\] \(1\) R {3}D {3}M /m);
  link.detach();
  assert.equal(bpf.test_pkt_access_subprog2(3, skb), 30);
});

test('fexit_bpf2bpf: freplace and fentry/fexit/fmod_ret on one function exclude each other with EBUSY', () => {
  const replace = attach({ freplace: bpf.test_pkt_access_subprog1, handler: () => 0 });
  for (const kind of ['fentry', 'fexit', 'fmod_ret']) {
    assert.throws(() => attach({ [kind]: bpf.test_pkt_access_subprog1, handler: () => {} }), { code: 'EBUSY' }, `${kind} beside freplace`);
  }
  assert.throws(() => attach({ freplace: bpf.test_pkt_access_subprog1, handler: () => 1 }), { code: 'EBUSY' }, 'a second freplace');
  // A live patch replaces the body too: it cannot share the function with freplace.
  assert.throws(() => patch(bpf.test_pkt_access_subprog1, () => 2), { code: 'EBUSY' });
  assert.equal(bpf.test_pkt_access_subprog1(skb), 0, 'the freplace body is still the one that runs');
  // On another function they coexist.
  const other = attach({ fentry: bpf.test_pkt_access, handler: () => {} });
  replace.detach();
  const fentry = attach({ fentry: bpf.test_pkt_access_subprog1, handler: () => {} });
  assert.throws(() => attach({ freplace: bpf.test_pkt_access_subprog1, handler: () => 0 }), { code: 'EBUSY' }, 'freplace beside fentry');
  fentry.detach();
  other.detach();
  assert.equal(tracefs.read('enabled_functions'), '');
});
