// What a patch site costs when it is off, after a detach, and switched to a
// trivial counting handler, against the same source text untransformed.
//
//   node bench/sites-off.mjs [--rounds=3] [--node=/path/node20,/path/node24] [--only=fib,methods] [--quick]
//
// Every (workload, state, Node version) runs in its own process; the
// processes of a round run in shuffled order and the value of a
// configuration is the median over rounds of each process's median gated
// sample. Ratios are against `base` on the same Node version; the range is
// the spread of the per-round ratios (one base and one instrumented process
// of the same round). Needs `npx tsc -p .` first (imports dist/).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, ROOT_DIR, SLOW_PROCESS, bestRefOf, findNodes, fmt, median, parseArgs, printMachine, runChild, runFastChild, shuffle, table, tempDir } from './lib/harness.mjs';
import { manySource, manydSource } from './workloads/many.mjs';

const args = parseArgs(process.argv.slice(2), { rounds: 3, node: '', only: '', quick: false, seed: 1 });
const nodes = findNodes(args.node);
const { transformSource } = await import(pathToFileURL(path.join(ROOT_DIR, 'dist', 'transform', 'index.js')).href);
const runtime = path.join(ROOT_DIR, 'dist', 'runtime', 'index.js');

// Workloads: name → source text. `rounds` multiplies --rounds: the
// round-robin workload is bimodal from process to process (11 or 19 ns per
// call on Node 20, untransformed, every function optimised: a code-layout
// effect), so it needs more processes for a stable median.
const WORKLOADS = [
  { name: 'fib', file: 'fib.mjs', warm: 600, rounds: 1, on: true },
  { name: 'methods', file: 'methods.mjs', warm: 600, rounds: 1, on: true },
  { name: 'async', file: 'async.mjs', warm: 600, rounds: 1, on: false },
  { name: 'generators', file: 'generators.mjs', warm: 600, rounds: 1, on: false },
  { name: 'many', source: manySource(), warm: 1500, rounds: 2, on: false },
  { name: 'manyd', source: manydSource(), warm: 1500, rounds: 1, on: false },
  // The same two micro workloads as CommonJS: the transformer's CJS prologue
  // keeps the slot holders in module-scope consts, the ESM one imports them.
  { name: 'fib-cjs', file: 'fib.mjs', format: 'cjs', warm: 600, rounds: 1, on: false },
  { name: 'methods-cjs', file: 'methods.mjs', format: 'cjs', warm: 600, rounds: 1, on: false },
  { name: 'fib-closure-cjs', file: 'fib-closure.mjs', format: 'cjs', warm: 600, rounds: 1, on: false },
].filter((w) => !args.only || args.only.split(',').includes(w.name));

const dir = tempDir('sites');
fs.mkdirSync(path.join(dir, 'base'));
fs.mkdirSync(path.join(dir, 'inst'));
/** The ES module workload as CommonJS: `export` declarations become `exports.` assignments. */
const toCommonJs = (source) =>
  source.replace(/^export const (\w+)/gm, 'exports.$1').replace(/^export (async )?function (\w+)/gm, (_, a, n) => `exports.${n} = ${a ?? ''}function ${n}`);

for (const w of WORKLOADS) {
  let source = w.source ?? fs.readFileSync(path.join(BENCH_DIR, 'workloads', w.file), 'utf8');
  const format = w.format ?? 'esm';
  if (format === 'cjs') source = toCommonJs(source);
  w.ext = format === 'cjs' ? 'cjs' : 'mjs';
  const name = `${w.name}.${w.ext}`;
  fs.writeFileSync(path.join(dir, 'base', name), source);
  const out = transformSource(source, { filename: path.join(dir, 'inst', name), format, root: path.join(dir, 'inst') });
  fs.writeFileSync(path.join(dir, 'inst', name), out.code);
  w.sites = out.sites.length;
}

const measureMs = args.quick ? 500 : 900;
const configs = [];
for (const node of nodes) {
  for (const w of WORKLOADS) {
    const states = ['base', 'off', 'cyc', ...(w.on ? ['on'] : [])];
    for (const state of states) configs.push({ node, w, state });
  }
}

const results = new Map(); // key → [per-round value]
const key = (node, w, state) => `${node.label}/${w.name}/${state}`;
const started = Date.now();
printMachine(nodes);
const maxRounds = Math.max(...WORKLOADS.map((w) => w.rounds)) * args.rounds;
for (let round = 0; round < maxRounds; round++) {
  for (const c of shuffle(configs.filter((c) => round < c.w.rounds * args.rounds), args.seed * 1000 + round)) {
    const variant = c.state === 'base' ? 'base' : 'inst';
    const cfg = {
      runtime,
      workload: path.join(dir, variant, `${c.w.name}.${c.w.ext}`),
      state: c.state === 'base' ? 'off' : c.state,
      warmMs: args.quick ? Math.min(c.w.warm, 1000) : c.w.warm,
      measureMs,
      cycOnMs: 500,
    };
    const r = runFastChild(c.node, [path.join(BENCH_DIR, 'lib', 'site-child.mjs'), JSON.stringify(cfg)]);
    const expected = c.state === 'on' ? 1 : 0;
    if (Math.abs(r.hooksPerCall - expected) > 0.01) throw new Error(`${key(c.node, c.w, c.state)}: ${r.hooksPerCall} handler calls per call, expected ${expected}`);
    const k = key(c.node, c.w, c.state);
    if (!results.has(k)) results.set(k, []);
    results.get(k)[round] = r;
  }
  console.error(`round ${round + 1}/${maxRounds} done after ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

// Allocation on the off path: one process per (workload, variant, node), large young generation.
const alloc = new Map();
const ALLOC_WORKLOADS = WORKLOADS.filter((w) => w.format !== 'cjs');
for (const node of nodes) {
  for (const w of ALLOC_WORKLOADS) {
    for (const variant of ['base', 'inst']) {
      const cfg = {
        runtime,
        workload: path.join(dir, variant, `${w.name}.${w.ext}`),
        state: 'alloc',
        warmMs: Math.min(w.warm, 1000),
        measureMs: 500,
        allocRuns: w.name === 'async' || w.name === 'generators' ? 1 : 5,
      };
      const flags = ['--min-semi-space-size=64', '--max-semi-space-size=64'];
      alloc.set(`${node.label}/${w.name}/${variant}`, runChild(node.bin, [...flags, path.join(BENCH_DIR, 'lib', 'site-child.mjs'), JSON.stringify(cfg)]));
    }
  }
}

// A process is kept only if it ran in the machine's fast state (judged
// against the best reference speed of the whole run, so early processes are
// re-checked against later ones).
for (const [k, rs] of results) {
  const label = k.slice(0, k.indexOf('/'));
  for (const r of rs) r.slow = r.rmin > bestRefOf(label) * SLOW_PROCESS;
}
const kept = (k) => (results.get(k) ?? []).map((r) => (r.slow ? undefined : r));
const value = (k) => median(kept(k).filter(Boolean).map((r) => r.value));
const pairedRatios = (k, kb) => {
  const a = kept(k);
  const b = kept(kb);
  return a.map((r, i) => (r && b[i] ? r.value / b[i].value : NaN)).filter(Number.isFinite);
};
const ratioCell = (k, kb) => {
  const rs = pairedRatios(k, kb);
  if (rs.length === 0) return '–';
  const lo = Math.min(...rs);
  const hi = Math.max(...rs);
  return `${fmt(value(k) / value(kb), 3)} (${fmt(lo, 2)}–${fmt(hi, 2)})`;
};
const gatedMin = (k) => Math.min(...kept(k).filter(Boolean).map((r) => r.gated));
const dropped = (k) => kept(k).filter((r) => r === undefined).length;
const perProcess = (k) => kept(k).filter(Boolean).map((r) => r.value);
const bimodal = (k) => Math.max(...perProcess(k)) > 1.3 * Math.min(...perProcess(k));

const STATE_NAMES = { base: 'untransformed', off: 'off (never attached)', cyc: 'off after a detach (cyc)', on: 'on, counting handler' };
const header = ['workload', 'sites', 'state'];
for (const n of nodes) header.push(`${n.label} ns/call`, `${n.label} ratio (round range)`);
const rows = [];
for (const w of WORKLOADS) {
  for (const state of ['base', 'off', 'cyc', 'on']) {
    if (state === 'on' && !w.on) continue;
    const row = [w.name, String(w.sites), STATE_NAMES[state]];
    for (const n of nodes) {
      const k = key(n, w, state);
      const few = (gatedMin(k) < 30 ? '*' : '') + (dropped(k) > 0 ? '†'.repeat(dropped(k)) : '') + (bimodal(k) ? '‡' : '');
      row.push(`${fmt(value(k), 3)}${few}`, state === 'base' ? '1' : ratioCell(k, key(n, w, 'base')));
    }
    rows.push(row);
  }
}
console.log(`\n### Sites off, after a detach, and on (${args.rounds} rounds, ${2 * args.rounds} for many; median of per-process gated medians)\n`);
console.log(table(header, rows));
console.log('\nPer-process values (ns/call, in round order):\n');
for (const w of WORKLOADS) {
  for (const n of nodes) {
    const cells = ['base', 'off', 'cyc', 'on'].filter((st) => st !== 'on' || w.on).map((st) => `${st} ${perProcess(key(n, w, st)).map((v) => fmt(v, 2)).join(' ')}`);
    console.log(`- ${n.label} ${w.name}: ${cells.join('; ')}`);
  }
}

const diffHeader = ['workload'];
for (const n of nodes) diffHeader.push(`${n.label} on − base (ns/call)`, `${n.label} off − base (ns/call)`);
const diffRows = [];
for (const w of WORKLOADS.filter((x) => x.on)) {
  const row = [w.name];
  for (const n of nodes) {
    const b = value(key(n, w, 'base'));
    row.push(fmt(value(key(n, w, 'on')) - b, 2), fmt(value(key(n, w, 'off')) - b, 2));
  }
  diffRows.push(row);
}
console.log('\n### Counting handler: ns per call above untransformed\n');
console.log(table(diffHeader, diffRows));

const allocHeader = ['workload'];
for (const n of nodes) allocHeader.push(`${n.label} bytes/call base`, `${n.label} bytes/call off`, `${n.label} GCs/1M calls base`, `${n.label} GCs/1M calls off`);
const allocRows = [];
for (const w of ALLOC_WORKLOADS) {
  const row = [w.name];
  for (const n of nodes) {
    const b = alloc.get(`${n.label}/${w.name}/base`);
    const o = alloc.get(`${n.label}/${w.name}/inst`);
    row.push(fmt(b.bytesPerCall, 2), fmt(o.bytesPerCall, 2), fmt(b.gcPerMillionCalls, 3), fmt(o.gcPerMillionCalls, 3));
  }
  allocRows.push(row);
}
console.log('\n### Allocation on the off path (heap growth per call in GC-free windows; GCs over a 1 s run)\n');
console.log(table(allocHeader, allocRows));
console.log(`\n* = fewer than 30 gated samples in some process; † = one process dropped for running in the slow state throughout; ‡ = processes disagree by more than 1.3× (bimodal JIT or layout outcome). Total ${((Date.now() - started) / 1000).toFixed(0)} s.`);
