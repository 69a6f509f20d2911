// fentry trace --prog and fentry patch: program modules loaded into a
// command's threads by path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'fentry.js');
const fentry = (args) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, FENTRY_CACHE: '0' } });
const app = ['--', process.execPath, 'examples/hello/app.mjs'];

test('fentry trace --prog: printk lines in the trace, returned values counted, unmatched targets reported', () => {
  const r = fentry(['trace', '--prog', 'test/programs/fixtures/probe.mjs', ...app]);
  assert.match(r.stdout, /fib\(10\) = 55/, 'the program ran unchanged');
  assert.match(r.stdout, /^# tracer: nop$/m, 'no function tracer unless asked for');
  assert.match(r.stdout, /: tracing_mark_write: fetchShapes from examples\/hello\/app\.mjs$/m);
  assert.match(r.stdout, /^@fib_results\[big\]: 7\n@fib_results\[small\]: 170$/m, 'fib(10) makes 177 calls, 7 of them return more than 10');
  assert.match(r.stdout, /^@areas\[Circle\.area\]: 2$/m);
  assert.match(r.stdout, /^@areas\[Square\.area\]: 1$/m);
  assert.match(r.stderr, /'no_such_function' matched no function of the program/);
  assert.equal(r.status, 1, 'an unmatched target fails the run, as an unmatched -l glob does');
  assert.doesNotMatch(r.stdout, /probe\.mjs/, 'the program module itself is not traced');
});

test('fentry trace --prog with -p function traces and runs the programs together', () => {
  const r = fentry(['trace', '-p', 'function', '-l', 'fetchShapes', '--prog', 'test/programs/fixtures/probe.mjs', ...app]);
  const lines = r.stdout.split('\n').filter((l) => /^ +node-/.test(l));
  assert.equal(lines.filter((l) => /: fetchShapes$/.test(l)).length, 1, r.stdout);
  assert.ok(lines.some((l) => /tracing_mark_write: fetchShapes from/.test(l)));
});

test('fentry patch: the live patches apply as their functions load', () => {
  const r = fentry(['patch', 'test/programs/fixtures/hotfix.mjs', ...app]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /fib\(10\) = 42/);
  assert.match(r.stdout, /total area = 6\.000/, 'two circles of area 1 and a square of 4');
  assert.equal(r.stderr, '');
});

test('fentry patch: usage errors and a missing module', () => {
  assert.equal(fentry(['patch', ...app]).status, 2);
  assert.equal(fentry(['patch', 'test/programs/fixtures/hotfix.mjs']).status, 2);
  const missing = fentry(['patch', 'no/such/module.mjs', ...app]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no such program module/);
});

test('fentry trace --prog loads the programs in every thread: a worker reports its own counts', () => {
  const r = fentry(['trace', '--prog', 'test/programs/fixtures/thread-probe.mjs', '--', process.execPath, 'test/programs/fixtures/threads.mjs']);
  assert.equal(r.status, 0, r.stderr);
  const counts = r.stdout.split('\n').filter((l) => l.startsWith('@'));
  assert.deepEqual(counts, ['@items[2]: 1', '@items[4]: 1', '@items[6]: 1'], 'main thread first, then the worker');
});
