// fentry trace: runs a command traced and prints the kernel's function tracer output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'fentry.js');
const fentry = (args) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, FENTRY_CACHE: '0' } });
const app = ['--', process.execPath, 'examples/hello/app.mjs'];

test('fentry trace prints the function trace of the example when it exits', () => {
  const r = fentry(['trace', ...app]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /fib\(10\) = 55/, 'the program ran');
  assert.match(r.stdout, /^# tracer: function\n#\n# entries-in-buffer\/entries-written: (\d+)\/\1 {3}#P:1\n/m);
  const fib = r.stdout.split('\n').filter((l) => /: fib( <-|$)/.test(l));
  assert.equal(fib.length, 177, 'fib(10) makes 177 calls');
  assert.match(fib[0], /^ +node-\d+ +\[000\] \.\.\.\.\. +\d+\.\d{6}: fib/);
  assert.match(r.stdout, /: Circle\.area/);
});

test('-l filters, -n excludes, -O sets options', () => {
  const r = fentry(['trace', '-l', 'Circle.*', '-l', 'Square.*', '-n', '*constructor', '-O', 'noprint-parent', ...app]);
  assert.equal(r.status, 0, r.stderr);
  const traced = r.stdout.split('\n').filter((l) => /^ +node-/.test(l)).map((l) => l.slice(l.indexOf(': ') + 2));
  assert.deepEqual([...new Set(traced)].sort(), ['Circle.area', 'Square.area']);
});

test('--pipe streams trace_pipe', () => {
  const r = fentry(['trace', '--pipe', '-l', 'totalArea', ...app]);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /# tracer:/, 'trace_pipe has no header');
  assert.match(r.stdout, /: totalArea/);
});

test('the exit code passes through; a glob that matched nothing is an error', () => {
  const failing = fentry(['trace', '--', process.execPath, '-e', 'process.exit(3)']);
  assert.equal(failing.status, 3);
  const nomatch = fentry(['trace', '-l', 'no_such_function', ...app]);
  assert.equal(nomatch.status, 1);
  assert.match(nomatch.stderr, /-l 'no_such_function' matched no function of the program/);
  const bad = fentry(['trace', '-p', 'bogus', ...app]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /no tracer named 'bogus'/);
  assert.equal(fentry(['trace']).status, 2);
});
