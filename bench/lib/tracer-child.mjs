// One function-tracer configuration in its own process (started by
// bench/function-tracer.mjs, with `--import fentry/register` unless plain);
// prints one JSON line.
//   workload fib:      ns per call of fib(20)
//   workload methods:  ns per instrumented call of the method-heavy class workload
//   workload compiler: ms per compile of the sample project by the TypeScript compiler
// cfg: { workload, tracer?, clock?, filter?, profile?, warmMs, measureMs, warm, iterations }
import path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, ROOT_DIR, benchSync, summarise, timeRef } from './harness.mjs';

const cfg = JSON.parse(process.argv[2]);
if (cfg.tracer !== undefined) {
  const { tracefs } = await import(pathToFileURL(path.join(ROOT_DIR, 'dist', 'index.js')).href);
  tracefs.write('buffer_size_kb', '256');
  tracefs.write('trace_clock', cfg.clock ?? 'local');
  if (cfg.filter) tracefs.write('set_ftrace_filter', cfg.filter);
  tracefs.write('current_tracer', cfg.tracer);
  if (cfg.profile) tracefs.write('function_profile_enabled', '1');
}
const countTraced = async () => {
  if (cfg.tracer === undefined) return 0;
  const { tracefs } = await import(pathToFileURL(path.join(ROOT_DIR, 'dist', 'index.js')).href);
  // function_graph's output has no counts line: read them under the nop tracer (the buffer stays).
  tracefs.write('current_tracer', 'nop');
  return Number(/entries-written: \d+\/(\d+)/.exec(tracefs.read('trace'))[1]);
};

if (cfg.workload === 'fib') {
  const { fib } = await import('../workloads/fib-small.mjs');
  const r = benchSync(() => fib(20), 21891, { warmMs: cfg.warmMs, measureMs: cfg.measureMs });
  console.log(JSON.stringify({ ...r, events: await countTraced() }));
} else if (cfg.workload === 'methods') {
  const { run, calls } = await import('../workloads/methods.mjs');
  const r = benchSync(run, calls, { warmMs: cfg.warmMs, measureMs: cfg.measureMs });
  console.log(JSON.stringify({ ...r, events: await countTraced() }));
} else {
  const ts = createRequire(path.join(ROOT_DIR, 'package.json'))('typescript');
  const project = path.join(BENCH_DIR, 'fixtures', 'ts-sample');
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(project, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} });
  const compile = () => {
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    ts.getPreEmitDiagnostics(program);
    program.emit(undefined, () => {});
  };
  for (let i = 0; i < cfg.warm; i++) compile();
  const samples = [];
  for (let i = 0; i < cfg.iterations; i++) {
    const r0 = timeRef();
    const a = performance.now();
    compile();
    const v = performance.now() - a;
    samples.push({ r0, r1: timeRef(), v });
  }
  console.log(JSON.stringify({ ...summarise(samples), events: await countTraced() }));
}
