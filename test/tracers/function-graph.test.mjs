// function_graph on real async functions and generators: every entry gets its
// return (or resumption), a detach while a call is suspended closes it once,
// and the program's results and promise identities are unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset, graphCalls } from '../conformance/support.mjs';

const work = await import('../conformance/fixtures/async-work.mjs');
const deferred = () => {
  let resolve;
  let reject;
  const promise = new Promise((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};
const tick = () => new Promise((resolve) => setImmediate(resolve));

test('an async call leaves at each await, comes back at each resumption and says when it is done', async () => {
  reset();
  tracefs.write('set_ftrace_filter', 'request step leaf');
  tracefs.write('current_tracer', 'function_graph');
  tracefs.write('options/funcgraph-retval', '1');
  const gate = deferred();
  const p = work.request(gate.promise);
  assert.ok(p instanceof Promise);
  gate.resolve(41);
  assert.equal(await p, 42);
  const calls = graphCalls(tracefs.read('trace'));
  assert.deepEqual(
    calls.map((l) => l.replace(/ after \d+\.\d{3} us/, ' after T')),
    [
      'request() {',
      '  step(); /* suspended */',
      '} /* request suspended */',
      'step() { /* resumed */',
      '  leaf(); /* = 0x2a */',
      '} /* step = 0x2a done after T */',
      // `await null`: request leaves once more and comes back.
      'request(); /* resumed, suspended */',
      'request(); /* resumed, done after T, = 0x2a */',
    ],
  );
  tracefs.write('options/funcgraph-retval', '0');
  reset();
});

test('an exception leaving an async call is shown; the caller still sees the rejection', async () => {
  reset();
  tracefs.write('set_ftrace_filter', 'failing');
  tracefs.write('current_tracer', 'function_graph');
  const gate = deferred();
  const p = work.failing(gate.promise);
  gate.resolve();
  await assert.rejects(p, { name: 'TypeError', message: 'bad input' });
  const calls = graphCalls(tracefs.read('trace'));
  assert.deepEqual(calls.slice(0, 1), ['failing(); /* suspended */']);
  assert.match(calls[1], /^failing\(\); \/\* resumed, threw TypeError: bad input, done after \d+\.\d{3} us \*\/$/);
  reset();
});

test('detaching while a call is suspended closes it once; it completes normally and records nothing more', async () => {
  reset();
  tracefs.mkdir('instances/pairing');
  tracefs.write('instances/pairing/set_ftrace_filter', 'request step');
  tracefs.write('instances/pairing/current_tracer', 'function_graph');
  const gate = deferred();
  const p = work.request(gate.promise);
  await tick();
  const before = graphCalls(tracefs.read('instances/pairing/trace'));
  assert.deepEqual(before, ['request() {', '  step(); /* suspended */', '} /* request suspended */']);
  tracefs.write('instances/pairing/current_tracer', 'nop');
  // The detach closed both suspended calls, each once, with the kernel-style function_graph exit event.
  const exits = tracefs
    .read('instances/pairing/trace')
    .split('\n')
    .filter((l) => l.includes('funcgraph_exit'));
  assert.deepEqual(
    exits.map((l) => l.slice(l.indexOf('funcgraph_exit'))).filter((l) => l.includes('tracer detached')).map((l) => l.replace(/duration=\S+ us /, '')).sort(),
    ['funcgraph_exit: request() (tracer detached)', 'funcgraph_exit: step() (tracer detached)'],
  );
  gate.resolve(1);
  assert.equal(await p, 2);
  const after = tracefs.read('instances/pairing/trace').split('\n').filter((l) => l.includes('funcgraph_'));
  assert.equal(after.length, 6, 'two entries, two suspensions and the two closing exits; nothing after the detach');
  tracefs.rmdir('instances/pairing');
  reset();
});

test('generators: the body enters at the first next(), leaves at each yield, and return() ends it once', () => {
  reset();
  tracefs.write('set_ftrace_filter', 'counter');
  tracefs.write('current_tracer', 'function_graph');
  const it = work.counter(5);
  assert.deepEqual([it.next().value, it.next().value], [1, 2]);
  assert.deepEqual(it.return('stop'), { value: 'stop', done: true });
  const calls = graphCalls(tracefs.read('trace'));
  assert.deepEqual(calls.map((l) => l.replace(/ after \d+\.\d{3} us/, '')), [
    'counter(); /* suspended */',
    'counter(); /* resumed, suspended */',
    'counter(); /* resumed, done */',
  ]);
  reset();
});

test('funcgraph-args shows the arguments by name; proc and abstime add their columns; nofuncgraph-cpu drops the CPU', () => {
  reset();
  tracefs.write('set_ftrace_filter', 'leaf');
  tracefs.write('current_tracer', 'function_graph');
  tracefs.write('options/funcgraph-args', '1');
  work.leaf(41);
  work.leaf('x');
  let calls = graphCalls(tracefs.read('trace'));
  assert.deepEqual(calls, ['leaf(x=41);', 'leaf(x="x");']);
  tracefs.write('options/funcgraph-args', '0');
  tracefs.write('options/funcgraph-proc', '1');
  tracefs.write('options/funcgraph-abstime', '1');
  tracefs.write('options/funcgraph-cpu', '0');
  const text = tracefs.read('trace');
  assert.match(text, /^# {5}TIME {7} {2}TASK\/PID {9}DURATION {18}FUNCTION CALLS$/m);
  assert.match(text, /^ +\d+\.\d{6} \| +node-\d+ +\| [ +!#*@$] \d+\.\d{3} us +\| {2}leaf\(x=41\);$/m);
  for (const option of ['funcgraph-proc', 'funcgraph-abstime']) tracefs.write(`options/${option}`, '0');
  tracefs.write('options/funcgraph-cpu', '1');
  reset();
});
