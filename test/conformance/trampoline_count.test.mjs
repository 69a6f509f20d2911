// prog_tests/trampoline_count.c: 38 fentry/fexit programs, randomly mixed,
// attach to one function; the 39th fails with E2BIG and leaves nothing
// behind; the function still works and every attached program runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, trampolineOf, tracefs, bpf, MAX_TRAMP_LINKS } from './programs-support.mjs';

test('trampoline_count: the 39th program fails with E2BIG; the function keeps working', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const counts = { fentry: 0, fexit: 0 };
  let runs = 0;
  const links = [];
  for (let i = 0; i < MAX_TRAMP_LINKS; i++) {
    const kind = random() < 0.5 ? 'fentry' : 'fexit';
    counts[kind]++;
    links.push(attach({ [kind]: '__set_task_comm', handler: () => { runs++; } }));
  }
  const before = tracefs.read('enabled_functions');
  const source = trampolineOf('__set_task_comm').source;
  for (const kind of ['fentry', 'fexit', 'fmod_ret']) {
    assert.throws(() => attach({ [kind]: bpf.__set_task_comm, handler: () => {} }), (error) => {
      assert.equal(error.code, 'E2BIG');
      assert.match(error.message, /__set_task_comm has 38 programs/);
      return true;
    });
  }
  assert.equal(tracefs.read('enabled_functions'), before, 'a failed attach leaves no trace');
  assert.equal(trampolineOf('__set_task_comm').source, source, 'and the installed image is the same');
  assert.deepEqual(trampolineOf('__set_task_comm').links, { fentry: counts.fentry, fexit: counts.fexit, fmod_ret: 0, freplace: 0 });
  const task = {};
  assert.equal(bpf.__set_task_comm(task, 'comm'), 4);
  assert.equal(task.comm, 'comm');
  assert.equal(runs, MAX_TRAMP_LINKS);
  // After one detach there is room for one more.
  links.pop().detach();
  links.push(attach({ fexit: bpf.__set_task_comm, handler: () => { runs++; } }));
  assert.throws(() => attach({ fentry: bpf.__set_task_comm, handler: () => {} }), { code: 'E2BIG' });
  for (const link of links) link.detach();
  assert.equal(trampolineOf('__set_task_comm'), undefined);
});
