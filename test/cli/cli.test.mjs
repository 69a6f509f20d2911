// The fentry command line: ls and run, as a user types them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'fentry.js');
const fentry = (args, options = {}) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, FENTRY_CACHE: '0' }, ...options });

test('fentry ls prints available_filter_functions for files and folders', () => {
  const r = fentry(['ls', 'examples/hello']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.includes('fib [examples/hello/app.mjs]'));
  assert.ok(lines.includes('Square.get perimeter [examples/hello/shapes.ts]'));
  assert.ok(lines.every((l) => /^\S.* \[[^\]]+\]$/.test(l)), r.stdout);
});

test('fentry ls --json gives the whole record', () => {
  const r = fentry(['ls', '--json', 'examples/hello/shapes.ts']);
  assert.equal(r.status, 0, r.stderr);
  const records = JSON.parse(r.stdout);
  const area = records.find((s) => s.symbol === 'Circle.area');
  assert.deepEqual(area, {
    id: 'examples/hello/shapes.ts:9:3', symbol: 'Circle.area', module: 'examples/hello/shapes.ts',
    line: 9, column: 3, kind: 'method', mode: 'sync', params: [],
  });
});

test('fentry run instruments the command and passes its exit code through', () => {
  const r = fentry(['run', '--sites', '--', process.execPath, 'examples/hello/app.mjs']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /fib\(10\) = 55/);
  assert.match(r.stderr, /# available_filter_functions \(pid \d+, 12 sites\)\nfib \[examples\/hello\/app\.mjs\]/);
  const failing = fentry(['run', '--', process.execPath, '-e', 'process.exit(7)']);
  assert.equal(failing.status, 7);
});

test('bad usage is a clear error with exit code 2', () => {
  const unknown = fentry(['run', '--bogus', '--', 'node']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Unknown option '--bogus'/);
  const missing = fentry(['run']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /run needs a command after --/);
  const nofile = fentry(['ls', 'no/such/file.js']);
  assert.equal(nofile.status, 2);
  assert.match(nofile.stderr, /no such file or folder: .*no\/such\/file\.js/);
  assert.equal(fentry(['frobnicate']).status, 2);
});
