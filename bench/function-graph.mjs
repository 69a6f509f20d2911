// function_graph's and the function profiler's cost per traced call, side by
// side in one run: fib (every
// call traced), the method-heavy class workload and the TypeScript compiler
// compiling a sample project; untransformed, instrumented with sites off, the
// function tracer, and function_graph on the `mono` (hrtime.bigint), `local`
// (performance.now) and `counter` (no clock read) trace clocks. The clock
// reads per call are measured in the same processes' run (bench/clocks.mjs
// does it in detail): function_graph reads the clock twice per call, so the
// issue's budget is "two clock reads + 30 ns"; the `counter` row shows the
// cost without any clock read.
//
//   node bench/function-graph.mjs [--rounds=3] [--warm-ms=300] [--measure-ms=500] [--iterations=6] [--node=a,b] [--only=fib,methods]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT_DIR, findNodes, median, parseArgs, printMachine, runFastChild, shuffle } from './lib/harness.mjs';

const args = parseArgs(process.argv.slice(2), { rounds: 3, warmMs: 300, measureMs: 500, iterations: 6, node: '', only: '' });
const register = pathToFileURL(path.join(ROOT_DIR, 'dist', 'register', 'index.js')).href;
const CONFIGS = [
  { name: 'untransformed' },
  { name: 'sites off', register: true },
  { name: 'function, mono', register: true, tracer: 'function', clock: 'mono' },
  { name: 'function_graph, mono', register: true, tracer: 'function_graph', clock: 'mono' },
  { name: 'function_graph, local', register: true, tracer: 'function_graph', clock: 'local' },
  { name: 'function_graph, counter', register: true, tracer: 'function_graph', clock: 'counter' },
  // The function profiler alone (nop tracer): one fgraph client with its own clock reads.
  { name: 'profiler', register: true, tracer: 'nop', profile: true },
];
const WORKLOADS = (args.only === '' ? ['fib', 'methods', 'compiler'] : args.only.split(','));
const nodes = findNodes(args.node);
printMachine(nodes);
const results = new Map();
for (let round = 0; round < args.rounds; round++) {
  for (const node of nodes) {
    for (const workload of WORKLOADS) {
      for (const config of shuffle(CONFIGS, round + 11)) {
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
  const unit = workload === 'compiler' ? 'ms per compile' : 'ns per instrumented call';
  console.log(`\n${workload}: ${unit} (median of ${args.rounds} processes; ratio to untransformed; extra ns per traced call)\n`);
  console.log(`| config | ${nodes.map((n) => `${n.label} | ratio | +ns/call`).join(' | ')} |`);
  console.log(`|---|${nodes.map(() => '---:|---:|---:').join('|')}|`);
  for (const config of CONFIGS) {
    const cells = nodes.map((n) => {
      const rs = results.get(`${n.label}|${workload}|${config.name}`);
      const base = median(results.get(`${n.label}|${workload}|untransformed`).map((r) => r.value));
      const v = median(rs.map((r) => r.value));
      let extra = '';
      if (config.tracer !== undefined) {
        // Traced calls per unit of work: function_graph writes two events per call.
        const perCall = config.tracer === 'function_graph' ? 2 : 1;
        if (config.profile) {
          // The profiler writes no events: its calls per compile are the function tracer's events.
          const fn = results.get(`${n.label}|${workload}|function, mono`);
          const calls = workload === 'compiler' ? median(fn.map((r) => r.events)) / (args.iterations + 3) : 1;
          extra = (((v - base) * (workload === 'compiler' ? 1e6 : 1)) / calls).toFixed(1);
        } else if (workload === 'compiler') {
          const calls = median(rs.map((r) => r.events)) / perCall / (args.iterations + 3);
          extra = calls === 0 ? '' : (((v - base) * 1e6) / calls).toFixed(1);
        } else extra = (v - base).toFixed(1);
      }
      return `${v.toFixed(2)} | ${(v / base).toFixed(2)} | ${extra}`;
    });
    console.log(`| ${config.name} | ${cells.join(' | ')} |`);
  }
}
