// Off cost of the candidate shapes of a framed site (async functions and
// generators report suspend/resume/ret/fail/done to a CallFrame), side by side
// against the untransformed async and generators workloads, so the shape the
// transformer emits is chosen by measurement:
//
//   entry      the entry guard only (what these sites had before frames)
//   let        + `let __fe$t = null, __fe$v` and the take
//   rewrites   + the await/yield/return rewrites, no try
//   try-cf     + try { } catch { } finally { } around the body (what generators get)
//   try-c      + try { } catch { } only, done reported at each return and at
//              the end of the block (what most async functions get)
//   try-f      + try { } finally { } only (no fail value: for comparison)
//   emitted    the transformer's own output
//
// Every (workload, shape, Node version) runs in its own process, shuffled per
// round; the value is the median over rounds, the ratio is against `base` on
// the same Node.
//
//   node bench/frame-shapes.mjs [--rounds=6] [--only=async,generators] [--node=a,b]
//
// Needs `npx tsc -p .` first (imports dist/).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, ROOT_DIR, findNodes, fmt, median, parseArgs, printMachine, runFastChild, shuffle, table, tempDir } from './lib/harness.mjs';

const args = parseArgs(process.argv.slice(2), { rounds: 6, node: '', only: '', seed: 1 });
const nodes = findNodes(args.node);
const { transformSource } = await import(pathToFileURL(path.join(ROOT_DIR, 'dist', 'transform', 'index.js')).href);
const runtime = path.join(ROOT_DIR, 'dist', 'runtime', 'index.js');

// The slots as the ES module prologue makes them (non-enumerable globals),
// the continue sentinel and the take function beside the module.
const prologue = (n) => `for (let i = 0; i < ${n}; i++) Object.defineProperty(globalThis, '__fe$kx_' + i, { value: null, writable: true, configurable: true, enumerable: false });
const R = globalThis[Symbol.for('fentry.runtime.v1')];
const __fe$C = R.C;
function __fe$T() { const f = R.frame; if (f == null) return null; R.frame = null; return f; }
`;
const T = '__fe$t';
const V = '__fe$v';
const call = (i, param) => `const __fe$r = __fe$kx_${i}(this, void 0, void 0, ${param});`;
const entry = (i, param, gen) => `;if (__fe$kx_${i} !== null) { ${call(i, param)} if (__fe$r !== __fe$C) return ${gen ? 'yield* ' : ''}__fe$r; }`;
const framed = (i, param, gen) => `;let ${T} = null, ${V}; if (__fe$kx_${i} !== null) { ${call(i, param)} ${T} = __fe$T(); if (__fe$r !== __fe$C) return ${gen ? 'yield* ' : ''}__fe$r; }`;
const suspend = (keyword, e) => `(${V} = ${keyword} (${V} = (${e}), ${T} === null ? ${V} : ${T}.suspend(${V})), ${T} === null ? ${V} : ${T}.resume(${V}))`;
const ret = (e) => `(${V} = (${e}), ${T} === null ? ${V} : ${T}.ret(${V}))`;
const retDone = (e) => `(${V} = (${e}), ${T} === null ? ${V} : (${V} = ${T}.ret(${V}), ${T}.done(), ${V}))`;
const CATCH = `} catch (__fe$e) { if (${T} !== null) ${T}.fail(__fe$e); throw __fe$e; }`;
const FINALLY = `} finally { if (${T} !== null) ${T}.done(); }`;
const SHAPES = {
  entry: { guard: entry },
  let: { guard: framed },
  rewrites: { guard: framed, rewrite: true },
  'try-cf': { guard: framed, rewrite: true, open: ' try {', close: `${CATCH} finally { if (${T} !== null) ${T}.done(); }` },
  'try-c': {
    guard: framed,
    rewrite: true,
    retDone: true,
    open: ' try {',
    close: `;if (${T} !== null) ${T}.done(); } catch (__fe$e) { if (${T} !== null) { ${T}.fail(__fe$e); ${T}.done(); } throw __fe$e; }`,
  },
  'try-f': { guard: framed, rewrite: true, open: ' try {', close: FINALLY },
};

/** The workload's source with a shape applied by hand (the same text as bench/workloads/*.mjs). */
function shaped(workload, s) {
  const y = (keyword, e) => (s.rewrite ? suspend(keyword, e) : `${keyword} ${e}`);
  const r = (e) => (!s.rewrite ? e : s.retDone ? retDone(e) : ret(e));
  const body = (i, param, gen, text) => `${s.guard(i, param, gen)}${s.open ?? ''}\n${text}\n${s.close ?? ''}`;
  if (workload === 'generators') {
    return `${prologue(2)}
function* range(n) {${body(0, 'n', true, `  for (let i = 0; i < n; i++) ${y('yield', 'i')};`)}}
function* double(it) {${body(1, 'it', true, `  for (const x of it) ${y('yield', 'x * 2')};`)}}
export const kind = 'sync';
const N = 2000;
export const calls = 2 * N;
export function run() {
  let s = 0;
  for (let k = 0; k < N; k++) for (const v of double(range(8))) s += v;
  return s;
}
`;
  }
  return `${prologue(2)}
async function leaf(x) {${body(0, 'x', false, `  return ${r('x + 1')};`)}}
async function mid(x) {${body(1, 'x', false, `  const a = ${y('await', 'leaf(x)')};\n  const b = ${y('await', 'x')};\n  return ${r('a + b')};`)}}
export const kind = 'async';
const N = 2000;
export const calls = 2 * N;
export async function run() {
  let s = 0;
  for (let i = 0; i < N; i++) s += await mid(i);
  return s;
}
`;
}

const WORKLOADS = ['async', 'generators'].filter((w) => !args.only || args.only.split(',').includes(w));
const VARIANTS = ['base', ...Object.keys(SHAPES), 'emitted'];
const dir = tempDir('frame-shapes');
for (const w of WORKLOADS) {
  const source = fs.readFileSync(path.join(BENCH_DIR, 'workloads', `${w}.mjs`), 'utf8');
  fs.writeFileSync(path.join(dir, `${w}-base.mjs`), source);
  for (const [name, s] of Object.entries(SHAPES)) fs.writeFileSync(path.join(dir, `${w}-${name}.mjs`), shaped(w, s));
  const out = transformSource(source, { filename: path.join(dir, `${w}-emitted.mjs`), format: 'esm', root: dir });
  fs.writeFileSync(path.join(dir, `${w}-emitted.mjs`), out.code);
}

printMachine(nodes);
const results = new Map();
const configs = nodes.flatMap((node) => WORKLOADS.flatMap((w) => VARIANTS.map((v) => ({ node, w, v }))));
for (let round = 0; round < args.rounds; round++) {
  for (const c of shuffle(configs, args.seed * 1000 + round)) {
    const cfg = { runtime, workload: path.join(dir, `${c.w}-${c.v}.mjs`), state: 'off', warmMs: 600, measureMs: 900 };
    const r = runFastChild(c.node, [path.join(BENCH_DIR, 'lib', 'site-child.mjs'), JSON.stringify(cfg)]);
    const key = `${c.node.label}/${c.w}/${c.v}`;
    if (!results.has(key)) results.set(key, []);
    results.get(key).push(r.value);
  }
  console.error(`round ${round + 1}/${args.rounds} done`);
}
const header = ['workload', 'shape'];
for (const n of nodes) header.push(`${n.label} ns/call`, `${n.label} ratio`);
const rows = [];
for (const w of WORKLOADS) {
  for (const v of VARIANTS) {
    const row = [w, v];
    for (const n of nodes) {
      const value = median(results.get(`${n.label}/${w}/${v}`));
      row.push(fmt(value, 3), fmt(value / median(results.get(`${n.label}/${w}/base`)), 3));
    }
    rows.push(row);
  }
}
console.log(`\n### Framed sites off: candidate shapes (${args.rounds} rounds, median of per-process gated medians)\n`);
console.log(table(header, rows));
