// Programs on trampolines, in the manner of the kernel's bench_trigger
// (benchs/bench_trigger.c, test_overhead): calls per second of a tiny
// function (and of an async one) with no program, fentry, fexit, fmod_ret,
// fentry+fexit, 38 programs, stats on, a live patch, the function tracer and
// function_graph (counter clock: dispatch without a clock read), and side by
// side the same function instrumented with a diagnostics_channel
// TracingChannel by hand and by @apm-js-collab/code-transformer (with no-op
// subscribers, and without subscribers). Every program is a no-op. Ratios are
// to the untransformed function, measured in the same rounds.
//
//   node bench/programs.mjs [--rounds=3] [--warm-ms=300] [--measure-ms=500] [--node=a,b] [--only=sync,async]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT_DIR, findNodes, fmt, median, parseArgs, printMachine, runFastChild, shuffle, table, tempDir } from './lib/harness.mjs';

const args = parseArgs(process.argv.slice(2), { rounds: 3, warmMs: 300, measureMs: 500, node: '', only: '' });
const register = pathToFileURL(path.join(ROOT_DIR, 'dist', 'register', 'index.js')).href;
const CONFIGS = [
  { name: 'base' },
  { name: 'sites off', register: true },
  { name: 'fentry', register: true },
  { name: 'fexit', register: true },
  { name: 'fmod_ret', register: true },
  { name: 'fentry+fexit', register: true },
  { name: '38 programs', register: true },
  { name: 'fentry, stats on', register: true },
  { name: 'live-patched', register: true },
  { name: 'function tracer', register: true },
  { name: 'function_graph', register: true },
  { name: 'TracingChannel' },
  { name: 'code-transformer' },
  { name: 'code-transformer, no subscribers' },
];
const WORKLOADS = args.only === '' ? ['sync', 'async'] : args.only.split(',');
const nodes = findNodes(args.node);
const scratch = tempDir('programs');
printMachine(nodes);
console.log(`command: node bench/programs.mjs ${process.argv.slice(2).join(' ')}`.trim());
const results = new Map();
for (let round = 0; round < args.rounds; round++) {
  for (const node of nodes) {
    for (const workload of WORKLOADS) {
      for (const config of shuffle(CONFIGS, round + 23)) {
        const child = JSON.stringify({ workload, config: config.name, warmMs: args.warmMs, measureMs: args.measureMs, scratch });
        const argv = [...(config.register ? ['--import', register] : []), 'lib/programs-child.mjs', child];
        const r = runFastChild(node, argv, { env: { FENTRY_CACHE: '1' }, timeout: 300_000 });
        const key = `${node.label}|${workload}|${config.name}`;
        if (!results.has(key)) results.set(key, []);
        results.get(key).push(r.value);
      }
    }
  }
}
for (const workload of WORKLOADS) {
  console.log(`\n${workload === 'sync' ? 'trigger(a, b), a sync function' : 'await triggerAsync(a, b), an async function'}: median of ${args.rounds} processes\n`);
  const header = ['config', ...nodes.flatMap((n) => [`${n.label} ns/call`, 'M calls/s', 'ratio', '+ns'])];
  const rows = CONFIGS.map((config) =>
    [
      config.name,
      ...nodes.flatMap((n) => {
        const base = median(results.get(`${n.label}|${workload}|base`));
        const v = median(results.get(`${n.label}|${workload}|${config.name}`));
        return [fmt(v), fmt(1000 / v, 1), fmt(v / base), config.name === 'base' ? '' : fmt(v - base, 1)];
      }),
    ],
  );
  console.log(table(header, rows));
}
