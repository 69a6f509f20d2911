// One profiler-benchmark configuration in its own process (started by
// bench/profiler.mjs, with `--import fentry/register` unless untransformed);
// prints one JSON line: ns per instrumented call, and what the tracers saw.
//   workload fib:     fib(20), 21,891 calls
//   workload methods: the method-heavy class workload, 8 calls per iteration
//   workload deep:    fib(12), 465 calls, for the stack tracer
// cfg: { workload, register?, tracer?, profile?, options?, stack?, warmMs, measureMs }
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT_DIR, benchSync } from './harness.mjs';

const cfg = JSON.parse(process.argv[2]);
const api = cfg.register ? await import(pathToFileURL(path.join(ROOT_DIR, 'dist', 'index.js')).href) : undefined;
const tracefs = api?.tracefs;
// The workload is loaded first: stack_trace_filter names its function.
let run;
let calls;
if (cfg.workload === 'methods') {
  ({ run, calls } = await import('../workloads/methods.mjs'));
} else {
  const { fib } = await import('../workloads/fib-small.mjs');
  const n = cfg.workload === 'deep' ? 12 : 20;
  calls = cfg.workload === 'deep' ? 465 : 21891;
  run = () => fib(n);
}
if (tracefs !== undefined) {
  tracefs.write('buffer_size_kb', '256');
  for (const option of cfg.options ?? []) tracefs.write('trace_options', option);
  if (cfg.tracer !== undefined) tracefs.write('current_tracer', cfg.tracer);
  if (cfg.profile) tracefs.write('function_profile_enabled', '1');
  if (cfg.stack !== undefined) {
    tracefs.write('stack_trace_filter', cfg.stack);
    tracefs.write('stack_tracer_enabled', '1');
  }
}
const r = benchSync(run, calls, { warmMs: cfg.warmMs, measureMs: cfg.measureMs });

// What was seen, so a row that measured nothing shows it: profiled calls, traced events, the deepest stack.
const seen = {};
if (tracefs !== undefined) {
  if (cfg.profile) {
    tracefs.write('function_profile_enabled', '0');
    seen.profiled = tracefs
      .read('trace_stat/function0')
      .split('\n')
      .slice(2)
      .reduce((sum, line) => sum + Number(/^ {2}\S+ +(\d+) /.exec(line)?.[1] ?? 0), 0);
  }
  if (cfg.tracer === 'function') seen.traced = Number(/entries-written: \d+\/(\d+)/.exec(tracefs.read('trace'))[1]);
  if (cfg.stack !== undefined) seen.stackMaxSize = Number(tracefs.read('stack_max_size'));
}
console.log(JSON.stringify({ ...r, ...seen }));
