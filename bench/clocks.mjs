// What one clock read costs, per source and per fentry trace clock, on every
// Node found, side by side in one run.
//
//   node bench/clocks.mjs [--rounds=3] [--node=/path/node20,/path/node24] [--quick]
//
// Each Node runs in its own child process; inside it every variant is timed
// in each of `rounds` rounds in shuffled order and the value is the median
// over rounds of the gated median (see lib/harness.mjs). A read's result is
// stored into a Float64Array so it cannot be dropped. Ratios are against
// performance.now() on the same Node. Needs `npx tsc -p .` first (imports dist/).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT_DIR, benchSync, findNodes, fmt, median, parseArgs, printMachine, runChild, shuffle, table } from './lib/harness.mjs';

const args = parseArgs(process.argv.slice(2), { rounds: 3, node: '', quick: false, child: false, seed: 1 });
const N = 1000; // reads per run()

async function child() {
  const { getClock } = await import(pathToFileURL(path.join(ROOT_DIR, 'dist', 'ring', 'clock.js')).href);
  const SINK = new Float64Array(8);
  const BIG = new BigInt64Array(8);
  const hrtime = process.hrtime;
  // One function per variant, each with its own call site, so no variant's
  // feedback makes another's call polymorphic.
  const local = getClock('local').now;
  const counter = getClock('counter').now;
  const uptime = getClock('uptime').now;
  const mono = getClock('mono').now;
  const variants = {
    // A local counter: a captured one passing 2^30 would allocate per increment.
    'counter (local ++s, no clock)': () => { let s = 0; for (let i = 0; i < N; i++) SINK[i & 7] = ++s; },
    'Date.now()': () => { for (let i = 0; i < N; i++) SINK[i & 7] = Date.now(); },
    'performance.now()': () => { for (let i = 0; i < N; i++) SINK[i & 7] = performance.now(); },
    'process.hrtime() → µs': () => { for (let i = 0; i < N; i++) { const t = hrtime(); SINK[i & 7] = t[0] * 1e6 + t[1] / 1e3; } },
    'hrtime.bigint() → BigInt64Array': () => { for (let i = 0; i < N; i++) BIG[i & 7] = hrtime.bigint(); },
    'hrtime.bigint() → Number µs': () => { for (let i = 0; i < N; i++) SINK[i & 7] = Number(hrtime.bigint()) / 1000; },
    'fentry local/global/perf': () => { for (let i = 0; i < N; i++) SINK[i & 7] = local(); },
    'fentry counter': () => { for (let i = 0; i < N; i++) SINK[i & 7] = counter(); },
    'fentry uptime': () => { for (let i = 0; i < N; i++) SINK[i & 7] = uptime(); },
    'fentry mono (bigint ns → BigInt64Array)': () => { for (let i = 0; i < N; i++) BIG[i & 7] = mono(); },
  };
  const opts = args.quick ? { warmMs: 100, measureMs: 200 } : { warmMs: 250, measureMs: 500 };
  const values = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let round = 0; round < args.rounds; round++) {
    for (const name of shuffle(Object.keys(variants), args.seed * 100 + round)) values[name].push(benchSync(variants[name], N, opts).value);
  }
  const out = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, median(v)]));
  console.log(JSON.stringify(out));
}

function parent() {
  const nodes = findNodes(args.node);
  printMachine(nodes);
  const self = fileURLToPath(import.meta.url);
  const results = nodes.map((n) => runChild(n.bin, [self, '--child', `--rounds=${args.rounds}`, `--seed=${args.seed}`, ...(args.quick ? ['--quick'] : [])], { timeout: 600_000 }));
  const names = Object.keys(results[0]);
  const header = ['clock read', ...nodes.flatMap((n) => [`${n.label} ns/read`, `${n.label} × perf.now`])];
  const rows = names.map((name) => [name, ...results.flatMap((r) => [fmt(r[name]), fmt(r[name] / r['performance.now()'])])]);
  console.log(`\nns per clock read (median of ${args.rounds} rounds; ratio to performance.now() on the same Node)\n`);
  console.log(table(header, rows));
}

if (args.child) await child();
else parent();
