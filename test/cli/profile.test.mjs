// fentry profile: runs a command with the function profiler on and prints
// each thread's trace_stat/function<N> when it exits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'fentry.js');
const fentry = (args) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, FENTRY_CACHE: '0' } });
const app = (...args) => ['--', process.execPath, 'test/cli/fixtures/work.mjs', ...args];

const HEADER =
  '  Function                               Hit    Time            Avg             s^2\n' +
  '  --------                               ---    ----            ---             ---\n';

/** The tables of the output, by heading (`trace_stat/function0` …), each as a map from function to { hits, us }. */
function tables(stdout) {
  const out = new Map();
  let current;
  for (const line of stdout.split('\n')) {
    const heading = /^# (trace_stat\/function\d+)$/.exec(line);
    if (heading !== null) out.set(heading[1], (current = new Map()));
    const row = /^ {2}(\S+) +(\d+) {4}(\d+(?:\.\d+)?) us/.exec(line);
    if (row !== null && row[1] !== 'Function') current.set(row[1], { hits: Number(row[2]), us: Number(row[3]) });
  }
  return out;
}

test('fentry profile prints the main thread\'s trace_stat/function0: hits exact, sorted by time', () => {
  const r = fentry(['profile', ...app()]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.startsWith(`# trace_stat/function0\n${HEADER}`), r.stdout);
  const main = tables(r.stdout).get('trace_stat/function0');
  assert.equal(main.get('fib').hits, 177, 'fib(10) makes 177 calls');
  assert.equal(main.get('main').hits, 1);
  assert.equal(main.get('pause').hits, 1);
  // main awaits a 20 ms timer: with sleep-time on (the default) its time includes it, and it contains everything else.
  assert.ok(main.get('main').us >= 19_000, r.stdout);
  // Longest total first (a recursive function's total counts nested calls again, as in the kernel: fib can pass main).
  const times = [...main.values()].map((row) => row.us);
  assert.deepEqual([...times].sort((a, b) => b - a), times);
  assert.doesNotMatch(r.stdout, /# tracer:/, 'no tracer runs');
});

test('-l and -n choose the functions, -O sets the profiler options', () => {
  const r = fentry(['profile', '-l', 'fib', '-l', 'pause', '-l', 'main', '-n', 'main', '-O', 'nosleep-time', ...app()]);
  assert.equal(r.status, 0, r.stderr);
  const main = tables(r.stdout).get('trace_stat/function0');
  assert.deepEqual([...main.keys()].sort(), ['fib', 'pause']);
  // Without sleep-time, pause counts only the time it ran, not the 20 ms it waited.
  assert.ok(main.get('pause').us < 10_000, r.stdout);
});

test('each thread prints its own table; the exit code passes through', () => {
  const r = fentry(['profile', '-l', 'fib', ...app('--worker', '--exit=4')]);
  assert.equal(r.status, 4, r.stderr);
  const all = tables(r.stdout);
  assert.equal(all.size, 2, r.stdout);
  const [main, worker] = [...all.keys()];
  assert.equal(main, 'trace_stat/function0');
  assert.match(worker, /^trace_stat\/function[1-9]\d*$/);
  assert.equal(all.get(main).get('fib').hits, 177);
  assert.equal(all.get(worker).get('fib').hits, 15, 'fib(5) in the worker');
});

test('a glob that matched nothing is an error; usage errors exit 2', () => {
  const nomatch = fentry(['profile', '-l', 'no_such_function', ...app()]);
  assert.equal(nomatch.status, 1);
  assert.match(nomatch.stderr, /-l 'no_such_function' matched no function of the program/);
  const bad = fentry(['profile', '--bogus', ...app()]);
  assert.equal(bad.status, 2);
  assert.equal(fentry(['profile']).status, 2);
  assert.match(fentry(['help']).stdout, /^ {2}profile \[-l GLOB\]\.\.\. \[-n GLOB\]\.\.\. \[-O OPTION\]\.\.\. -- <command\.\.\.>$/m);
});
