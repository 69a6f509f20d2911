// The function tracer's cost per traced call, side by side in one run:
// fib (every call traced) and the TypeScript compiler compiling a sample
// project, untransformed, instrumented with sites off, and traced with the
// `local` (performance.now), `mono` (hrtime.bigint) and `counter` (no clock
// read) trace clocks. Ratios are to the untransformed run.
//
//   node bench/function-tracer.mjs [--rounds=3] [--warm-ms=300] [--measure-ms=500] [--iterations=8] [--node=a,b]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT_DIR, findNodes, median, parseArgs, runFastChild, shuffle } from './lib/harness.mjs';

const args = parseArgs(process.argv.slice(2), { rounds: 3, warmMs: 300, measureMs: 500, iterations: 8, node: '' });
const register = pathToFileURL(path.join(ROOT_DIR, 'dist', 'register', 'index.js')).href;
const CONFIGS = [
  { name: 'untransformed' },
  { name: 'sites off', register: true },
  { name: 'function, local clock', register: true, tracer: 'function', clock: 'local' },
  { name: 'function, mono clock', register: true, tracer: 'function', clock: 'mono' },
  { name: 'function, counter clock', register: true, tracer: 'function', clock: 'counter' },
];
const WORKLOADS = ['fib', 'compiler'];
const nodes = findNodes(args.node);
const results = new Map();
for (let round = 0; round < args.rounds; round++) {
  for (const node of nodes) {
    for (const workload of WORKLOADS) {
      for (const config of shuffle(CONFIGS, round + 7)) {
        const child = JSON.stringify({ workload, ...config, warmMs: args.warmMs, measureMs: args.measureMs, warm: 3, iterations: args.iterations });
        const argv = [...(config.register ? ['--import', register] : []), 'lib/tracer-child.mjs', child];
        const r = runFastChild(node, argv, { env: { FENTRY_CACHE: '1' }, timeout: 300_000 });
        const key = `${node.label}|${workload}|${config.name}`;
        if (!results.has(key)) results.set(key, []);
        results.get(key).push(r);
      }
    }
  }
}
for (const workload of WORKLOADS) {
  const unit = workload === 'fib' ? 'ns per call of fib(20)' : 'ms per compile';
  console.log(`\n${workload}: ${unit} (median of ${args.rounds} processes; ratio to untransformed; extra ns per traced call)\n`);
  console.log(`| config | ${nodes.map((n) => `${n.label} | ratio | +ns/event`).join(' | ')} |`);
  console.log(`|---|${nodes.map(() => '---:|---:|---:').join('|')}|`);
  for (const config of CONFIGS) {
    const cells = nodes.map((n) => {
      const rs = results.get(`${n.label}|${workload}|${config.name}`);
      const base = median(results.get(`${n.label}|${workload}|untransformed`).map((r) => r.value));
      const v = median(rs.map((r) => r.value));
      // Events per unit of work, to turn the difference into ns per traced call.
      const events = workload === 'fib' ? 1 : median(rs.map((r) => r.events)) / (args.iterations + 3);
      const extra = config.tracer === undefined || events === 0 ? '' : (((v - base) * (workload === 'fib' ? 1 : 1e6)) / events).toFixed(1);
      return `${v.toFixed(2)} | ${(v / base).toFixed(2)} | ${extra}`;
    });
    console.log(`| ${config.name} | ${cells.join(' | ')} |`);
  }
}
