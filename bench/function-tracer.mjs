// The function tracer's cost per traced call, side by side in one run:
// fib (every call traced) and the TypeScript compiler compiling a sample
// project, untransformed, instrumented with sites off, and traced with the
// `local` (performance.now), `mono` (hrtime.bigint) and `counter` (no clock
// read) trace clocks. Ratios are to the untransformed run.
//
//   node bench/function-tracer.mjs [--rounds=3] [--warm-ms=300] [--measure-ms=500] [--iterations=8] [--node=a,b] [--only=fib]
import { parseArgs } from './lib/harness.mjs';
import { runTracerBench } from './lib/tracer-bench.mjs';

const args = parseArgs(process.argv.slice(2), { rounds: 3, warmMs: 300, measureMs: 500, iterations: 8, node: '', only: '' });
runTracerBench({
  args,
  seed: 7,
  workloads: args.only === '' ? ['fib', 'compiler'] : args.only.split(','),
  configs: [
    { name: 'untransformed' },
    { name: 'sites off', register: true },
    { name: 'function, local clock', register: true, tracer: 'function', clock: 'local' },
    { name: 'function, mono clock', register: true, tracer: 'function', clock: 'mono' },
    { name: 'function, counter clock', register: true, tracer: 'function', clock: 'counter' },
  ],
});
