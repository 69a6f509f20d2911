// prog_tests/recursion.c: a program on htab_map_delete_elem that deletes
// from the map itself calls the traced function again; that nested run of
// the program is skipped (the function still runs), and recursion_misses
// counts each skip: 2 after two triggers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, bpf } from './programs-support.mjs';

test('recursion: a program is not re-entered from inside itself; misses counts the skips', () => {
  let runs = 0;
  let nestedDeletes = 0;
  const link = attach({
    fentry: bpf.htab_map_delete_elem,
    handler(ctx) {
      runs++;
      // The program's own map operation: the traced function again, from inside the program.
      if (bpf.bpf_map_delete_elem(ctx.arg(0) + 100) === false) nestedDeletes++;
    },
  });
  bpf.map.set(1, 'a').set(2, 'b');
  assert.equal(bpf.bpf_map_delete_elem(1), true);
  assert.equal(bpf.bpf_map_delete_elem(2), true);
  assert.equal(runs, 2, 'the program ran for the two outer calls only');
  assert.equal(nestedDeletes, 2, 'the nested calls ran their bodies');
  assert.equal(link.stats.misses, 2);
  link.detach();
});

test('recursion: an fexit program calling its own function is skipped the same way', () => {
  let runs = 0;
  const link = attach({ fexit: bpf.htab_map_delete_elem, handler: (ctx) => { runs++; bpf.htab_map_delete_elem(ctx.arg(0)); } });
  bpf.htab_map_delete_elem(5);
  bpf.htab_map_delete_elem(6);
  assert.equal(runs, 2);
  assert.equal(link.stats.misses, 2);
  link.detach();
});
