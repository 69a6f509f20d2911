// fentry trace -p function_graph: the graph of the bundled example, -g, --max-depth and their errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'fentry.js');
const fentry = (args) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, FENTRY_CACHE: '0' } });
const app = ['--', process.execPath, 'examples/hello/app.mjs'];
/** The FUNCTION CALLS column of the graph lines. */
const calls = (stdout) => stdout.split('\n').filter((l) => /^ \d+\) /.test(l)).map((l) => l.slice(l.indexOf('|  ') + 3));

test('-p function_graph prints the call graph of the example', () => {
  const r = fentry(['trace', '-p', 'function_graph', ...app]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /fib\(10\) = 55/);
  assert.match(r.stdout, /^# tracer: function_graph\n#\n# CPU {2}DURATION {18}FUNCTION CALLS\n/m);
  const lines = calls(r.stdout);
  // The async functions leave at their first await and come back later.
  assert.deepEqual(lines.slice(0, 2), ['main() {', '  fetchShapes() {']);
  assert.ok(lines.includes('  } /* fetchShapes suspended */'), lines.slice(0, 20).join('\n'));
  assert.ok(lines.includes('} /* main suspended */'));
  assert.ok(lines.includes('fetchShapes() { /* resumed */'));
  assert.ok(lines.some((l) => /^} \/\* fetchShapes done after \d+\.\d{3} us \*\/$/.test(l)));
  const resumed = lines.indexOf('main() { /* resumed */');
  assert.ok(resumed > 0);
  assert.equal(lines[resumed + 1], '  fib() {', 'fib runs inside main once it resumes');
  // Every opened call is closed: braces balance per depth.
  let open = 0;
  for (const l of lines) {
    if (l.endsWith('{') || l.includes('{ /* resumed */')) open++;
    if (l.trim().startsWith('}')) open--;
    assert.ok(open >= 0, l);
  }
});

test('-g narrows the graph to a function and what it calls; --max-depth bounds it', () => {
  const r = fentry(['trace', '-g', 'totalArea', '--max-depth', '2', ...app]);
  assert.equal(r.status, 0, r.stderr);
  const lines = calls(r.stdout);
  assert.equal(lines[0], 'totalArea() {');
  assert.ok(lines.some((l) => /^ {2}(Circle|Square)\.area\(\);/.test(l)), lines.join('\n'));
  assert.ok(lines.every((l) => !/^ {4}/.test(l)), 'depth 0 and 1 only');
  assert.ok(!lines.some((l) => l.startsWith('fib')), 'fib is not under totalArea');
});

test('-g with another tracer, a bad --max-depth and a glob matching nothing are errors', () => {
  let r = fentry(['trace', '-p', 'function', '-g', 'x', ...app]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /-g and --max-depth need the function_graph tracer/);
  r = fentry(['trace', '--max-depth', 'deep', ...app]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--max-depth takes a number, not 'deep'/);
  r = fentry(['trace', '-g', 'no_such_function', ...app]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /-g 'no_such_function' matched no function of the program/);
});

test('-l and -n choose the hooked functions of function_graph (set before any module loads)', () => {
  const r = fentry(['trace', '-p', 'function_graph', '-n', 'fib', '-n', '*constructor', ...app]);
  assert.equal(r.status, 0, r.stderr);
  const lines = calls(r.stdout);
  assert.ok(lines.length > 0);
  assert.ok(!lines.some((l) => /\bfib\(\)|constructor\(\)/.test(l)), lines.join('\n'));
  const only = calls(fentry(['trace', '-p', 'function_graph', '-l', 'fib', ...app]).stdout);
  assert.ok(only.length > 0 && only.every((l) => /^ *(fib\(\)( \{|;)|\})/.test(l)), only.slice(0, 10).join('\n'));
});

test('sync generators show their yields only with --frame-generators (their frame costs every generator call when off)', () => {
  const program = ['--', process.execPath, 'test/cli/fixtures/generators.mjs'];
  const plain = fentry(['trace', '-p', 'function_graph', '-l', 'count', ...program]);
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /sum = 3/);
  assert.deepEqual(calls(plain.stdout), ['count();'], 'entry only: the first next()');
  const framed = fentry(['trace', '-p', 'function_graph', '-l', 'count', '--frame-generators', ...program]);
  assert.equal(framed.status, 0, framed.stderr);
  const lines = calls(framed.stdout).map((l) => l.replace(/ after \d+\.\d{3} us/, ''));
  assert.deepEqual(lines, ['count(); /* suspended */', 'count(); /* resumed, suspended */', 'count(); /* resumed, suspended */', 'count(); /* resumed, done */']);
});
