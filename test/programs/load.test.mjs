// Program modules loaded by path: programs and patches attached together,
// return values aggregated, all or nothing, and unloaded as one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { api, funcs } from './support.mjs';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const { loadPrograms, tracefs } = api;

test('a module of programs and patches: attached, counted, reported, unloaded', async () => {
  const loaded = await loadPrograms(path.join(fixtures, 'module-progs.mjs'));
  assert.equal(loaded.links.length, 1);
  assert.equal(loaded.patches.length, 1);
  assert.deepEqual(loaded.pending, []);
  assert.equal(funcs.thrower(1), 'patched');
  funcs.recurse(2);
  funcs.recurse(0);
  assert.equal(loaded.report(), '\n@depths[1]: 1\n@depths[2]: 1\n@depths[0]: 2\n');
  loaded.unload();
  assert.throws(() => funcs.thrower(1), RangeError);
  assert.equal(tracefs.read('enabled_functions'), '');
});

test('all or nothing: a module whose entry fails leaves nothing attached', async () => {
  await assert.rejects(loadPrograms(path.join(fixtures, 'bad-progs.mjs')), { code: 'ENOTSUPP' });
  assert.equal(tracefs.read('enabled_functions'), '');
});

test('a module that exports no list, and unknown options, are refused', async () => {
  await assert.rejects(loadPrograms(path.join(fixtures, 'late.mjs')), { code: 'EINVAL', message: /default export must be a list/ });
  await assert.rejects(loadPrograms(path.join(fixtures, 'module-progs.mjs'), { folow: true }), { code: 'EINVAL', message: /unknown option 'folow'/ });
});
