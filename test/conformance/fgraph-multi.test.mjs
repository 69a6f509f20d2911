// fgraph-multi.tc: several instances running function_graph, each with its own filter, each see only their functions; an unfiltered one sees all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset, kernel, graphCalls, available } from './support.mjs';

const symbolOf = (call) => call.trim().replace(/[(); {}].*$/, '');

test('fgraph-multi: each instance sees only its own functions', () => {
  reset();
  const globs = { sched: '*sched*', lock: '*lock*', rcu: '*rcu*' };
  for (const [name, glob] of Object.entries(globs)) {
    tracefs.mkdir(`instances/${name}`);
    tracefs.write(`instances/${name}/set_ftrace_filter`, glob);
    tracefs.write(`instances/${name}/current_tracer`, 'function_graph');
  }
  tracefs.write('current_tracer', 'function_graph');
  kernel.workload();
  for (const [name, glob] of Object.entries(globs)) {
    const calls = graphCalls(tracefs.read(`instances/${name}/trace`)).filter((c) => c.trim() !== '}');
    const want = new RegExp(glob.replaceAll('*', '.*'));
    assert.ok(calls.length > 0, `${name} saw nothing`);
    assert.ok(calls.every((c) => want.test(symbolOf(c))), `${name}:\n${calls.join('\n')}`);
  }
  const all = new Set(graphCalls(tracefs.read('trace')).map(symbolOf).filter((s) => s !== ''));
  const fixture = available().filter((l) => l.endsWith('[kernel.mjs]')).map((l) => l.split(' ')[0]);
  for (const symbol of fixture) assert.ok(all.has(symbol), `the unfiltered instance misses ${symbol}`);
  for (const name of Object.keys(globs)) tracefs.rmdir(`instances/${name}`);
  reset();
});
