// The shared driver of the tracer benchmarks (bench/function-tracer.mjs,
// bench/function-graph.mjs): every (round, Node, workload, config) in its own
// process (lib/tracer-child.mjs), configs shuffled per round, then one table
// per workload with the median per cell, the ratio to untransformed and the
// extra ns per traced call.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT_DIR, findNodes, median, printMachine, runFastChild, shuffle } from './harness.mjs';

const register = pathToFileURL(path.join(ROOT_DIR, 'dist', 'register', 'index.js')).href;

/**
 * `configs`: { name, register?, tracer?, clock?, profile? }[]; `workloads`:
 * names known to lib/tracer-child.mjs; `args`: { rounds, warmMs, measureMs,
 * iterations, node }; `seed` varies the shuffle between benchmarks.
 */
export function runTracerBench({ configs, workloads, args, seed }) {
  const nodes = findNodes(args.node);
  printMachine(nodes);
  const results = new Map();
  for (let round = 0; round < args.rounds; round++) {
    for (const node of nodes) {
      for (const workload of workloads) {
        for (const config of shuffle(configs, round + seed)) {
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
  const cell = (n, workload, name) => results.get(`${n.label}|${workload}|${name}`) ?? [];
  for (const workload of workloads) {
    const unit = workload === 'compiler' ? 'ms per compile' : workload === 'fib' ? 'ns per call of fib' : 'ns per instrumented call';
    console.log(`\n${workload}: ${unit} (median of ${args.rounds} processes; ratio to untransformed; extra ns per traced call)\n`);
    console.log(`| config | ${nodes.map((n) => `${n.label} | ratio | +ns/call`).join(' | ')} |`);
    console.log(`|---|${nodes.map(() => '---:|---:|---:').join('|')}|`);
    for (const config of configs) {
      const cells = nodes.map((n) => {
        const rs = cell(n, workload, config.name);
        const base = median(cell(n, workload, 'untransformed').map((r) => r.value));
        const v = median(rs.map((r) => r.value));
        let extra = '';
        if (config.tracer !== undefined) {
          // Traced calls per unit of work: function_graph writes two events per call; the profiler
          // writes none, so its calls are those the function tracer recorded in the same run.
          let calls = 1;
          if (workload === 'compiler') {
            const counted = config.profile ? cell(n, workload, configs.find((c) => c.tracer === 'function')?.name ?? '') : rs;
            const perCall = config.tracer === 'function_graph' ? 2 : 1;
            calls = median(counted.map((r) => r.events)) / perCall / (args.iterations + 3);
          }
          if (calls > 0) extra = (((v - base) * (workload === 'compiler' ? 1e6 : 1)) / calls).toFixed(1);
        }
        return `${v.toFixed(2)} | ${(v / base).toFixed(2)} | ${extra}`;
      });
      console.log(`| ${config.name} | ${cells.join(' | ')} |`);
    }
  }
}
