// The TypeScript compiler (the `typescript` dev dependency, ~9 MB of
// JavaScript and ~22,000 functions) type-checking and emitting a sample
// project, untransformed versus instrumented with every site off; and the
// start-up cost of the same compile through `--import fentry/register` with a
// cold (empty) and a warm transform cache.
//
//   node bench/compiler.mjs [--rounds=3] [--reps=4] [--warm=5] [--iterations=10] [--node=/path/node20,/path/node24]
//
// Steady state: lib/typescript.js is transformed ahead of time (the same
// transformSource the load hooks call) into a temporary copy of the package's
// lib folder, beside an untouched copy. Each (copy, Node) runs in its own
// process, rounds in shuffled order; a process compiles the project `warm`
// times, then `iterations` more, each after a full GC and bracketed by the
// reference kernel. Values: the median of a process's gated compiles (wall)
// and of all its compiles (process CPU time), then the median over rounds.
// Start-up: wall time of a process that loads the typescript package and
// compiles once, untransformed or through `--import fentry/register` (the
// real load path, with its disk cache cold or warm), median over `reps`
// processes run in shuffled order. Needs `npx tsc -p .` first (uses dist/).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, ROOT_DIR, SLOW_PROCESS, bestRefOf, findNodes, fmt, median, parseArgs, printMachine, runChild, runFastChild, shuffle, table, tempDir } from './lib/harness.mjs';

const args = parseArgs(process.argv.slice(2), { rounds: 3, reps: 4, warm: 5, iterations: 10, node: '', seed: 1 });
const nodes = findNodes(args.node);
const register = path.join(ROOT_DIR, 'dist', 'register', 'index.js');
const child = path.join(BENCH_DIR, 'lib', 'compile-child.mjs');
const dir = tempDir('compiler');
const warmCache = path.join(dir, 'warm-cache');

const variantArgs = (variant, cfg) => (variant === 'base' ? [child, JSON.stringify(cfg)] : ['--import', register, child, JSON.stringify(cfg)]);
const started = Date.now();
printMachine(nodes);

// Two copies of typescript/lib: the compiler finds its lib.*.d.ts beside itself.
const tsLib = path.dirname(createRequire(path.join(ROOT_DIR, 'package.json')).resolve('typescript'));
const { transformSource } = await import(pathToFileURL(path.join(ROOT_DIR, 'dist', 'transform', 'index.js')).href);
const copies = {};
for (const variant of ['base', 'inst']) {
  const lib = path.join(dir, `typescript-${variant}`, 'lib');
  fs.mkdirSync(lib, { recursive: true });
  for (const f of fs.readdirSync(tsLib)) if (f.endsWith('.d.ts')) fs.symlinkSync(path.join(tsLib, f), path.join(lib, f));
  const source = fs.readFileSync(path.join(tsLib, 'typescript.js'), 'utf8');
  const file = path.join(lib, 'typescript.js');
  fs.writeFileSync(file, variant === 'inst' ? transformSource(source, { filename: file, format: 'cjs', root: dir }).code : source);
  copies[variant] = file;
}
const runtime = path.join(ROOT_DIR, 'dist', 'runtime', 'index.js');

// Fill the warm cache (once per Node: the hooks of Node 20 and 24 key entries
// differently). A Node on which the hooked compile fails gets its error in the
// start-up table instead of numbers.
const hookFailed = new Map();
for (const node of nodes) {
  try {
    runChild(node.bin, variantArgs('inst', { mode: 'startup' }), { env: { FENTRY_CACHE_DIR: warmCache } });
  } catch (error) {
    const line = String(error.message).split('\n').find((l) => /Error/.test(l) && !l.startsWith('child failed')) ?? 'failed';
    hookFailed.set(node.label, line.trim());
    console.error(`${node.label}: the compile under --import fentry/register fails: ${line.trim()}`);
  }
}

// ---- steady state ----
const steady = new Map();
let sites = 0;
const configs = nodes.flatMap((node) => ['base', 'inst'].map((variant) => ({ node, variant })));
for (let round = 0; round < args.rounds; round++) {
  for (const c of shuffle(configs, args.seed * 1000 + round)) {
    const cfg = { mode: 'steady', warm: args.warm, iterations: args.iterations, typescript: copies[c.variant], runtime };
    const r = runFastChild(c.node, ['--expose-gc', child, JSON.stringify(cfg)], { timeout: 600_000 });
    if (c.variant === 'inst') {
      if (r.sites < 1000 || r.enabled !== 0) throw new Error(`instrumented compile has ${r.sites} sites, ${r.enabled} enabled`);
      sites = r.sites;
    }
    const k = `${c.node.label}/${c.variant}`;
    if (!steady.has(k)) steady.set(k, []);
    steady.get(k)[round] = r;
  }
  console.error(`steady round ${round + 1}/${args.rounds} done after ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
for (const [k, rs] of steady) for (const r of rs) r.slow = r.rmin > bestRefOf(k.slice(0, k.indexOf('/'))) * SLOW_PROCESS;
// How many site calls one compile makes (the same on every Node): scales a per-call cost to the compile.
const siteCalls = runChild(nodes[0].bin, [child, JSON.stringify({ mode: 'count', typescript: copies.inst, runtime })], { timeout: 600_000 }).calls;

// ---- start-up ----
// `nosm` is a diagnosis: the warm cache with Node's source-map support
// switched off again after the hook, to show what the inline maps cost.
const NO_SOURCE_MAPS = 'data:text/javascript,process.setSourceMapsEnabled(false)';
const START = {
  base: (cfg) => [child, cfg],
  cold: (cfg) => ['--import', register, child, cfg],
  warm: (cfg) => ['--import', register, child, cfg],
  nosm: (cfg) => ['--import', register, '--import', NO_SOURCE_MAPS, child, cfg],
  'empty-base': () => ['-e', '0'],
  'empty-reg': () => ['--import', register, '-e', '0'],
};
const startup = new Map();
const HOOKED = new Set(['cold', 'warm', 'nosm']);
const startConfigs = nodes.flatMap((node) => Object.keys(START).filter((v) => !(HOOKED.has(v) && hookFailed.has(node.label))).map((variant) => ({ node, variant })));
for (let rep = 0; rep < args.reps; rep++) {
  for (const c of shuffle(startConfigs, args.seed * 7000 + rep)) {
    let cache = warmCache;
    if (c.variant === 'cold') cache = fs.mkdtempSync(path.join(dir, 'cold-'));
    const argv = START[c.variant](JSON.stringify({ mode: 'startup' }));
    const a = process.hrtime.bigint();
    const r = spawnSync(c.node.bin, argv, { cwd: BENCH_DIR, env: { ...process.env, FENTRY_CACHE_DIR: cache }, encoding: 'utf8' });
    const wall = Number(process.hrtime.bigint() - a) / 1e6;
    if (r.status !== 0) throw new Error(`start-up child failed: ${r.stderr}`);
    const out = c.variant.startsWith('empty') ? {} : JSON.parse(r.stdout.trim().split('\n').pop());
    out.wall = wall;
    if (c.variant === 'cold') fs.rmSync(cache, { recursive: true, force: true });
    const k = `${c.node.label}/${c.variant}`;
    if (!startup.has(k)) startup.set(k, []);
    startup.get(k).push(out);
  }
}

// ---- tables ----
const kept = (k) => (steady.get(k) ?? []).map((r) => (r.slow ? undefined : r));
const sv = (k, field) => median(kept(k).filter(Boolean).map((r) => r[field]));
const ratioCell = (n, field) => {
  const a = kept(`${n.label}/inst`);
  const b = kept(`${n.label}/base`);
  const rs = a.map((r, i) => (r && b[i] ? r[field] / b[i][field] : NaN)).filter(Number.isFinite);
  const r = sv(`${n.label}/inst`, field) / sv(`${n.label}/base`, field);
  return rs.length === 0 ? fmt(r, 3) : `${fmt(r, 3)} (${fmt(Math.min(...rs), 3)}–${fmt(Math.max(...rs), 3)})`;
};
const dropped = (k) => kept(k).filter((r) => r === undefined).length;
const mark = (k) => (dropped(k) > 0 ? '†'.repeat(dropped(k)) : '');
const header = ['compile of bench/fixtures/ts-sample'];
for (const n of nodes) header.push(`${n.label} wall ms`, `${n.label} wall ratio (round range)`, `${n.label} CPU ms`, `${n.label} CPU ratio (round range)`);
const rowsSteady = [
  ['untransformed', ...nodes.flatMap((n) => [fmt(sv(`${n.label}/base`, 'value'), 1) + mark(`${n.label}/base`), '1', fmt(sv(`${n.label}/base`, 'cpu'), 1), '1'])],
  [
    `instrumented, ${sites} sites off`,
    ...nodes.flatMap((n) => [fmt(sv(`${n.label}/inst`, 'value'), 1) + mark(`${n.label}/inst`), ratioCell(n, 'value'), fmt(sv(`${n.label}/inst`, 'cpu'), 1), ratioCell(n, 'cpu')]),
  ],
];
console.log(`\n### TypeScript compile, steady state (${args.rounds} rounds; per process ${args.warm} warm-up + ${args.iterations} measured compiles)\n`);
console.log(table(header, rowsSteady));
console.log('\nwall = median of gated compiles; CPU = process CPU time (all threads), median of all compiles; † = a process dropped for running in the slow state throughout.');
console.log(`One compile makes ${(siteCalls / 1e6).toFixed(2)} million site calls (all sites switched to a counting handler for one compile): at 1 ns per call that is ${fmt(siteCalls / 1e6, 1)} ms, ${fmt((100 * siteCalls) / 1e6 / sv(`${nodes[0].label}/base`, 'value'), 1)}% of the ${nodes[0].label} compile.`);
console.log(`Per-process wall ms: ${[...steady].map(([k, rs]) => `${k} ${rs.map((r) => fmt(r.value, 0) + (r.slow ? 's' : '')).join(' ')}`).join('; ')}`);
const st = (n, v, field) => median((startup.get(`${n.label}/${v}`) ?? []).map((r) => r[field]));
const range = (n, v, field) => {
  const xs = (startup.get(`${n.label}/${v}`) ?? []).map((r) => r[field]);
  return `${fmt(Math.min(...xs), 0)}–${fmt(Math.max(...xs), 0)}`;
};
const startHeader = ['start-up (one compile)'];
for (const n of nodes) startHeader.push(`${n.label} sites`, `${n.label} wall ms (range)`, `${n.label} ratio`, `${n.label} load typescript ms`, `${n.label} compile ms`);
const NAMES = {
  base: 'untransformed',
  cold: 'instrumented, cold cache (empty dir)',
  warm: 'instrumented, warm cache',
  nosm: 'instrumented, warm cache, source maps switched off (diagnosis)',
};
const rowsStart = Object.keys(NAMES).map((v) => [
  NAMES[v],
  ...nodes.flatMap((n) => HOOKED.has(v) && hookFailed.has(n.label) ? [`fails: ${hookFailed.get(n.label)}`, '', '', '', ''] : [
    fmt(st(n, v, 'sites'), 0),
    `${fmt(st(n, v, 'wall'), 0)} (${range(n, v, 'wall')})`,
    fmt(st(n, v, 'wall') / st(n, 'base', 'wall'), 2),
    fmt(st(n, v, 'load'), 0),
    fmt(st(n, v, 'compile'), 0),
  ]),
]);
console.log(`\n### TypeScript compile, start-up (${args.reps} processes each, median; "load" = require('typescript'), "compile" = the first compile)\n`);
console.log(table(startHeader, rowsStart));
const emptyHeader = ['empty program (`-e 0`)'];
for (const n of nodes) emptyHeader.push(`${n.label} wall ms (range)`);
const rowsEmpty = [
  ['node', ...nodes.map((n) => `${fmt(st(n, 'empty-base', 'wall'), 0)} (${range(n, 'empty-base', 'wall')})`)],
  ['node --import fentry/register', ...nodes.map((n) => `${fmt(st(n, 'empty-reg', 'wall'), 0)} (${range(n, 'empty-reg', 'wall')})`)],
];
console.log(`\n### The register hook's fixed start-up cost (${args.reps} processes each, median)\n`);
console.log(table(emptyHeader, rowsEmpty));
console.log(`\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s.`);
