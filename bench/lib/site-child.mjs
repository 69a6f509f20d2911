// One (workload, variant, state) measurement in its own process; prints one
// JSON line. Started by bench/sites-off.mjs.
//
// states:
//   base  the untransformed workload
//   off   instrumented, no site ever switched
//   cyc   instrumented; warm up off, switch every site of the workload to a
//         counting handler for a while, switch them back off, then measure
//   on    instrumented, every site switched to a counting handler before the
//         module body runs
//   alloc heap bytes allocated per call over windows with no GC, plus the GC
//         count over a long run (base or off)
import v8 from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { benchAsync, benchSync, spin } from './harness.mjs';

const cfg = JSON.parse(process.argv[2]);
const { installRuntime } = await import(pathToFileURL(cfg.runtime).href);
const R = installRuntime();

// The handler is built by `new Function`, so it is not itself instrumented;
// one closure per site, as a backend would install.
const counter = new Float64Array(1);
const makeHandler = new Function('C', 'cnt', 'return function () { cnt[0]++; return C; };');
const sites = [];
R.onModule((mod) => {
  for (let i = mod.first; i < mod.first + mod.count; i++) {
    sites.push(i);
    if (cfg.state === 'on') R.set(i, makeHandler(R.C, counter));
  }
});

const w = await import(pathToFileURL(cfg.workload).href);
const run = w.run;
const opts = { warmMs: cfg.warmMs, measureMs: cfg.measureMs };
const bench = w.kind === 'async' ? benchAsync : benchSync;

if (cfg.state === 'cyc') {
  await spin(run, cfg.warmMs);
  for (const i of sites) R.set(i, makeHandler(R.C, counter));
  await spin(run, cfg.cycOnMs);
  for (const i of sites) R.set(i, null);
  if (counter[0] === 0) throw new Error('cyc: the handlers never ran');
  counter[0] = 0;
}

if (cfg.state === 'alloc') {
  console.log(JSON.stringify(await allocation()));
} else {
  const before = counter[0];
  const callsBefore = { n: 0 };
  const counted = w.kind === 'async' ? async () => { callsBefore.n++; return run(); } : () => { callsBefore.n++; return run(); };
  const result = await bench(counted, w.calls, opts);
  result.hooksPerCall = (counter[0] - before) / (callsBefore.n * w.calls);
  result.sites = sites.length;
  console.log(JSON.stringify(result));
}

/**
 * Bytes allocated per call: the growth of the used heap across a window of
 * calls too short to fill the young generation (a window in which a GC ran
 * shows as a drop and is discarded), and the number of GCs during a long run.
 */
async function allocation() {
  await spin(run, cfg.warmMs);
  const perCall = [];
  let discarded = 0;
  for (let rep = 0; rep < 15; rep++) {
    const runs = cfg.allocRuns;
    const h0 = v8.getHeapStatistics().used_heap_size;
    for (let i = 0; i < runs; i++) await run();
    const h1 = v8.getHeapStatistics().used_heap_size;
    if (h1 < h0) discarded++;
    else perCall.push((h1 - h0) / (runs * w.calls));
  }
  perCall.sort((a, b) => a - b);
  let gcs = 0;
  const obs = new PerformanceObserver((list) => {
    gcs += list.getEntries().length;
  });
  obs.observe({ entryTypes: ['gc'] });
  let calls = 0;
  const end = performance.now() + cfg.measureMs;
  while (performance.now() < end) {
    await run();
    calls += w.calls;
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  obs.disconnect();
  return {
    bytesPerCall: perCall[perCall.length >> 1] ?? NaN,
    windows: perCall.length,
    discarded,
    gcs,
    calls,
    gcPerMillionCalls: (gcs / calls) * 1e6,
  };
}
