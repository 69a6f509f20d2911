// prog_tests/fexit_stress.c: as many fexit programs as one function takes
// (bpf_max_tramp_links, 38) all attach to bpf_fentry_test1, and a call runs
// and every one of them sees it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, trampolineOf, bpf, MAX_TRAMP_LINKS } from './programs-support.mjs';

test('fexit_stress: 38 fexit programs on one function all run', () => {
  assert.equal(MAX_TRAMP_LINKS, 38);
  const seen = new Array(MAX_TRAMP_LINKS).fill(0);
  const links = [];
  for (let i = 0; i < MAX_TRAMP_LINKS; i++) {
    links.push(attach({ fexit: bpf.bpf_fentry_test1, handler: (ctx) => { if (ctx.ret === 2) seen[i]++; }, name: `fexit_${i}` }));
  }
  assert.equal(trampolineOf(bpf.bpf_fentry_test1).links.fexit, MAX_TRAMP_LINKS);
  assert.equal(bpf.bpf_fentry_test1(1), 2);
  assert.deepEqual(seen, new Array(MAX_TRAMP_LINKS).fill(1));
  // Straight-line code: one block per program, no loop over them.
  const source = trampolineOf(bpf.bpf_fentry_test1).source;
  assert.equal(source.match(/if \(x\d+\.linked\)/g).length, MAX_TRAMP_LINKS);
  assert.doesNotMatch(source, /\bfor\s*\(|\bwhile\s*\(|\.\.\./);
  for (const link of links) link.detach();
  assert.equal(bpf.bpf_fentry_test1(1), 2);
  assert.deepEqual(seen, new Array(MAX_TRAMP_LINKS).fill(1), 'detached programs do not run');
});
