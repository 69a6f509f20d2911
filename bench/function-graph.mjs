// function_graph's and the function profiler's cost per traced call, side by
// side in one run: fib (every call traced), the method-heavy class workload
// and the TypeScript compiler compiling a sample project; untransformed,
// instrumented with sites off, the function tracer, and function_graph on the
// `mono` (hrtime.bigint), `local` (performance.now) and `counter` (no clock
// read) trace clocks. function_graph reads the clock twice per call, so the
// issue's budget is "two clock reads + 30 ns"; the `counter` row shows the
// cost without any clock read (bench/clocks.mjs measures the reads).
//
//   node bench/function-graph.mjs [--rounds=3] [--warm-ms=300] [--measure-ms=500] [--iterations=6] [--node=a,b] [--only=fib,methods]
import { parseArgs } from './lib/harness.mjs';
import { runTracerBench } from './lib/tracer-bench.mjs';

const args = parseArgs(process.argv.slice(2), { rounds: 3, warmMs: 300, measureMs: 500, iterations: 6, node: '', only: '' });
runTracerBench({
  args,
  seed: 11,
  workloads: args.only === '' ? ['fib', 'methods', 'compiler'] : args.only.split(','),
  configs: [
    { name: 'untransformed' },
    { name: 'sites off', register: true },
    { name: 'function, mono', register: true, tracer: 'function', clock: 'mono' },
    { name: 'function_graph, mono', register: true, tracer: 'function_graph', clock: 'mono' },
    { name: 'function_graph, local', register: true, tracer: 'function_graph', clock: 'local' },
    { name: 'function_graph, counter', register: true, tracer: 'function_graph', clock: 'counter' },
    // The function profiler alone (nop tracer): one fgraph client with its own clock reads.
    { name: 'profiler', register: true, tracer: 'nop', profile: true },
  ],
});
