// The function profiler's cost per profiled call, side by side in one run with
// the untransformed program, sites off and the function tracer: fib (every call
// profiled, LIFO) and method-heavy class code. A third table gives the stack
// tracer's cost per traced call on a shallow recursion (fib(12) with
// stack_trace_filter 'fib'). Ratios are to the untransformed run and to the
// function tracer; +ns/call is the difference to the untransformed run.
//
//   node bench/profiler.mjs [--rounds=3] [--warm-ms=300] [--measure-ms=500] [--node=a,b]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT_DIR, findNodes, median, parseArgs, printMachine, runFastChild, shuffle } from './lib/harness.mjs';

const args = parseArgs(process.argv.slice(2), { rounds: 3, warmMs: 300, measureMs: 500, node: '' });
const register = pathToFileURL(path.join(ROOT_DIR, 'dist', 'register', 'index.js')).href;
const PROFILE_CONFIGS = [
  { name: 'untransformed' },
  { name: 'sites off', register: true },
  { name: 'function tracer', register: true, tracer: 'function' },
  { name: 'profiler', register: true, profile: true },
  { name: 'profiler, nograph-time nosleep-time', register: true, profile: true, options: ['nograph-time', 'nosleep-time'] },
  { name: 'profiler + function tracer', register: true, profile: true, tracer: 'function' },
];
const STACK_CONFIGS = [
  { name: 'untransformed' },
  { name: 'sites off', register: true },
  { name: 'function tracer', register: true, tracer: 'function' },
  { name: 'stack tracer on fib', register: true, stack: 'fib' },
];
const WORKLOADS = [
  { name: 'fib', configs: PROFILE_CONFIGS, title: 'fib(20): ns per call, every call profiled' },
  { name: 'methods', configs: PROFILE_CONFIGS, title: 'methods: ns per instrumented call (getters, methods, super calls)' },
  { name: 'deep', configs: STACK_CONFIGS, title: 'stack tracer, fib(12): ns per call, every call measured' },
];
const nodes = findNodes(args.node);
printMachine(nodes);
const results = new Map();
for (let round = 0; round < args.rounds; round++) {
  for (const node of nodes) {
    for (const workload of WORKLOADS) {
      for (const config of shuffle(workload.configs, round + 11)) {
        const child = JSON.stringify({ workload: workload.name, ...config, warmMs: args.warmMs, measureMs: args.measureMs });
        const argv = [...(config.register ? ['--import', register] : []), 'lib/profiler-child.mjs', child];
        const r = runFastChild(node, argv, { env: { FENTRY_CACHE: '1' }, timeout: 300_000 });
        const key = `${node.label}|${workload.name}|${config.name}`;
        if (!results.has(key)) results.set(key, []);
        results.get(key).push(r);
      }
    }
  }
}
const value = (label, workload, config) => median(results.get(`${label}|${workload}|${config}`).map((r) => r.value));
for (const workload of WORKLOADS) {
  console.log(`\n${workload.title} (median of ${args.rounds} processes)\n`);
  console.log(`| config | ${nodes.map((n) => `${n.label} ns/call | × untransformed | × function tracer | +ns/call`).join(' | ')} | seen |`);
  console.log(`|---|${nodes.map(() => '---:|---:|---:|---:').join('|')}|---|`);
  for (const config of workload.configs) {
    const cells = nodes.map((n) => {
      const v = value(n.label, workload.name, config.name);
      const base = value(n.label, workload.name, 'untransformed');
      const tracer = value(n.label, workload.name, 'function tracer');
      const slow = results.get(`${n.label}|${workload.name}|${config.name}`).some((r) => r.slow) ? ' †' : '';
      return `${v.toFixed(2)}${slow} | ${(v / base).toFixed(2)} | ${(v / tracer).toFixed(2)} | ${config.register ? (v - base).toFixed(1) : ''}`;
    });
    const last = results.get(`${nodes[0].label}|${workload.name}|${config.name}`).at(-1);
    const seen = ['profiled', 'traced', 'stackMaxSize'].filter((k) => last[k] !== undefined).map((k) => `${k} ${last[k]}`).join(', ');
    console.log(`| ${config.name} | ${cells.join(' | ')} | ${seen} |`);
  }
}
console.log('\n† a process of this cell ran in the machine\'s slow state throughout (re-run 3 times).');
