// What recording one event into the per-thread ring costs, against a plain
// typed-array write loop, with no clock (the `counter` clock) and with real
// clocks, on every Node found, side by side in one run.
//
//   node bench/ring.mjs [--rounds=3] [--node=/path/node20,/path/node24] [--quick] [--size-kb=1408]
//
// Each Node runs in its own child process; inside it every variant is timed in
// each of `rounds` rounds in shuffled order and the value is the median over
// rounds of the gated median (see lib/harness.mjs). A run() records 1,000
// events; the ring (default 1408 KiB, the kernel's default size) wraps many
// times during a measurement, so the overwrite and publish paths are included.
// Ratios are against the plain Int32Array loop on the same Node. Needs
// `npx tsc -p .` first (imports dist/).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT_DIR, benchSync, findNodes, fmt, median, parseArgs, printMachine, runChild, shuffle, table } from './lib/harness.mjs';

const args = parseArgs(process.argv.slice(2), { rounds: 3, node: '', quick: false, child: false, seed: 1, sizeKb: 1408 });
const N = 1000; // events per run()

async function child() {
  const dist = (f) => pathToFileURL(path.join(ROOT_DIR, 'dist', 'ring', f)).href;
  const { RingBuffer } = await import(dist('ring-buffer.js'));
  const { getClock } = await import(dist('clock.js'));
  const { TRACE_GRAPH_RET } = await import(dist('layout.js'));

  const SLOTS = 1 << 16;
  const MASK = SLOTS - 1;
  const I32 = new Int32Array(SLOTS);
  const IDS = new Int32Array(SLOTS);
  const TS = new Float64Array(SLOTS);
  let w = 0;
  // `ts = ++s` with `s` local to each run(): a captured counter that passes
  // 2^30 would allocate a heap number per increment and skew later variants.
  const local = getClock('local').now;
  const counter = getClock('counter').now;
  const hrtime = process.hrtime;

  // One ring per variant: each variant's call sites see one receiver, as a
  // tracer specialised for one ring would.
  const ring = () => new RingBuffer({ sizeKb: args.sizeKb });
  const rFn = ring();
  const rCounter = ring();
  const rGeneric = ring();
  const rValue = ring();
  const rPerf = ring();
  const rLocal = ring();
  const rHr = ring();
  const rNs = new RingBuffer({ sizeKb: args.sizeKb, clock: 'mono' });
  const rMono = new RingBuffer({ sizeKb: args.sizeKb, clock: 'mono' });
  const mono = getClock('mono').now;
  const rDrop = new RingBuffer({ sizeKb: args.sizeKb, overwrite: false });
  for (let i = 0; i < rDrop.capacity; i++) rDrop.writeFunction(i, 0, i); // full: every write below is refused
  const rMarker = ring();
  const rNonOver = new RingBuffer({ sizeKb: args.sizeKb, overwrite: false });

  const variants = {
    'baseline: Int32Array[w] = i (plain loop)': () => { for (let i = 0; i < N; i++) { I32[w] = i; w = (w + 1) & MASK; } },
    'baseline: Int32Array id + Float64Array ts, ++s': () => { let s = 0; for (let i = 0; i < N; i++) { IDS[w] = i; TS[w] = ++s; w = (w + 1) & MASK; } },
    'ring.writeFunction(id, parent, ++s)': () => { let s = 0; for (let i = 0; i < N; i++) rFn.writeFunction(i, 7, ++s); },
    'ring.writeFunction(id, parent, counter())': () => { for (let i = 0; i < N; i++) rCounter.writeFunction(i, 7, counter()); },
    'ring.write(8 args, ++s)': () => { let s = 0; for (let i = 0; i < N; i++) rGeneric.write(TRACE_GRAPH_RET, 1, 3, i, 7, ++s, i, 0); },
    'ring.writeValue(7 args, ++s)': () => { let s = 0; for (let i = 0; i < N; i++) rValue.writeValue(TRACE_GRAPH_RET, 0, 3, i, 7, ++s, 1.5); },
    'non-overwrite ring with room (cleared per run), ++s': () => {
      let s = 0;
      for (let i = 0; i < N; i++) rNonOver.writeFunction(i, 7, ++s);
      rNonOver.clear(); // a few atomics per 1,000 events: keeps the ring from filling
    },
    'non-overwrite ring full: refused + counted': () => { let s = 0; for (let i = 0; i < N; i++) rDrop.writeFunction(i, 7, ++s); },
    'baseline: typed ring + performance.now()': () => { for (let i = 0; i < N; i++) { IDS[w] = i; TS[w] = performance.now(); w = (w + 1) & MASK; } },
    'ring.writeFunction(id, parent, performance.now())': () => { for (let i = 0; i < N; i++) rPerf.writeFunction(i, 7, performance.now()); },
    'ring.writeFunction(id, parent, local())': () => { for (let i = 0; i < N; i++) rLocal.writeFunction(i, 7, local()); },
    'ring.writeFunction(id, parent, Number(hrtime.bigint()))': () => { for (let i = 0; i < N; i++) rHr.writeFunction(i, 7, Number(hrtime.bigint())); },
    'ring.writeFunctionNs(id, parent, hrtime.bigint())': () => { for (let i = 0; i < N; i++) rNs.writeFunctionNs(i, 7, hrtime.bigint()); },
    'ring.writeFunctionNs(id, parent, mono())': () => { for (let i = 0; i < N; i++) rMono.writeFunctionNs(i, 7, mono()); },
    'ring.writeMarker(32 chars) (per marker)': () => { for (let i = 0; i < N; i++) rMarker.writeMarker('tracing_mark_write test message!', i); },
  };
  const opts = args.quick ? { warmMs: 100, measureMs: 200 } : { warmMs: 300, measureMs: 600 };
  const values = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let round = 0; round < args.rounds; round++) {
    for (const name of shuffle(Object.keys(variants), args.seed * 100 + round)) values[name].push(benchSync(variants[name], N, opts).value);
  }
  // Sanity, not timing: the rings really recorded (or refused) what was timed.
  const s = rFn.stats();
  if (s.written < N || s.entries !== rFn.capacity) throw new Error(`ring did not record: ${JSON.stringify(s)}`);
  if (rDrop.stats().dropped < N) throw new Error('full non-overwrite ring did not refuse');
  const out = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, median(v)]));
  console.log(JSON.stringify(out));
}

function parent() {
  const nodes = findNodes(args.node);
  printMachine(nodes);
  const self = fileURLToPath(import.meta.url);
  const childArgs = [self, '--child', `--rounds=${args.rounds}`, `--seed=${args.seed}`, `--size-kb=${args.sizeKb}`, ...(args.quick ? ['--quick'] : [])];
  const results = nodes.map((n) => runChild(n.bin, childArgs, { timeout: 900_000 }));
  const names = Object.keys(results[0]);
  const base = names[0];
  const header = ['variant', ...nodes.flatMap((n) => [`${n.label} ns/event`, `${n.label} M events/s`, `${n.label} × base`])];
  const rows = names.map((name) => [name, ...results.flatMap((r) => [fmt(r[name]), fmt(1e3 / r[name], 1), fmt(r[name] / r[base])])]);
  console.log(`\nns per event, one thread, ring of ${args.sizeKb} KiB (median of ${args.rounds} rounds; × base = ratio to the plain Int32Array loop on the same Node)\n`);
  console.log(table(header, rows));
}

if (args.child) await child();
else parent();
