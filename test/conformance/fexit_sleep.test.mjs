// prog_tests/fexit_sleep.c: fentry and fexit on nanosleep; a first call
// completes (fexit_cnt 1), a second one sleeps inside the function; the
// programs are detached while it sleeps; when it wakes, the detached fexit
// does not run (fexit_cnt stays 1), nothing throws, and the call completes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, trampolineOf, tracefs, bpf } from './programs-support.mjs';

test('fexit_sleep: detaching while a call sleeps inside: the detached fexit never runs, the call completes', async () => {
  const counts = { fentry: 0, fexit: 0 };
  const fentry = attach({ fentry: bpf.do_nanosleep, handler: () => { counts.fentry++; } });
  const fexit = attach({ fexit: bpf.do_nanosleep, handler: () => { counts.fexit++; } });
  assert.equal(await bpf.do_nanosleep(Promise.resolve()), 0);
  let wake;
  const sleeping = bpf.do_nanosleep(new Promise((resolve) => { wake = resolve; }));
  assert.deepEqual(counts, { fentry: 2, fexit: 1 }, 'the second call is asleep inside the function');
  fentry.detach();
  fexit.detach();
  assert.equal(trampolineOf(bpf.do_nanosleep), undefined);
  assert.equal(tracefs.read('enabled_functions'), '', 'the site is free again');
  wake();
  assert.equal(await sleeping, 0, 'the call unwinds through its old trampoline and completes');
  assert.deepEqual(counts, { fentry: 2, fexit: 1 }, 'the bypassed fexit did not run');
  assert.equal(fexit.stats.errors, 0);
});

test('fexit_sleep: an fexit still attached runs for a call that slept across another attach', async () => {
  let seen = 0;
  const fexit = attach({ fexit: bpf.do_nanosleep, handler: () => { seen++; } });
  let wake;
  const sleeping = bpf.do_nanosleep(new Promise((resolve) => { wake = resolve; }));
  // A new image is installed while the call sleeps in the old one.
  const other = attach({ fentry: bpf.do_nanosleep, handler: () => {} });
  wake();
  await sleeping;
  assert.equal(seen, 1, 'the call leaves through the image it entered, whose fexit is still linked');
  other.detach();
  fexit.detach();
});
