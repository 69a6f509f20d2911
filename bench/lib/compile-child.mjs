// TypeScript compile measurements in one process; prints one JSON line.
// Started by bench/compiler.mjs.
//
//   mode steady:  `typescript` names the copy of typescript.js to load
//                 (untransformed, or transformed ahead of time); compile the
//                 sample project `warm` times, then `iterations` more, each
//                 after a full GC and bracketed by the reference kernel.
//                 `runtime` is the fentry runtime to install first (the
//                 transformed copy registers its sites with it).
//                 One copy per process on purpose: with several copies in one
//                 process taking turns, the first-loaded one compiled ~8%
//                 slower than a copy differing only by a trailing comment,
//                 loaded second (Node 20 and 24): an order effect larger than
//                 the 1% being measured.
//   mode count:   with the transformed copy, switch every site to a counting
//                 handler and compile once: how many site calls one compile
//                 makes, so a per-call cost from bench/sites-off.mjs can be
//                 scaled to the compile.
//   mode startup: load the `typescript` package (through the hooks when the
//                 parent passes `--import fentry/register`) and compile once;
//                 the parent times the whole process, this reports where the
//                 time went.
import path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, ROOT_DIR, median, summarise, timeRef } from './harness.mjs';

const cfg = JSON.parse(process.argv[2]);
if (cfg.runtime) (await import(pathToFileURL(cfg.runtime).href)).installRuntime();
const require = createRequire(path.join(ROOT_DIR, 'package.json'));
const project = path.join(BENCH_DIR, 'fixtures', 'ts-sample');

/** A full compile as `tsc -p` does it (program, all diagnostics, emit to memory) with the given compiler. */
function compiler(ts) {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(project, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic(d) {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  return () => {
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const diagnostics = ts.getPreEmitDiagnostics(program);
    if (diagnostics.length > 0) throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => project, getNewLine: () => '\n' }));
    let bytes = 0;
    program.emit(undefined, (_file, text) => {
      bytes += text.length;
    });
    return bytes;
  };
}

const runtime = () => globalThis[Symbol.for('fentry.runtime.v1')];

if (cfg.mode === 'startup') {
  const t0 = performance.now();
  const compile = compiler(require('typescript'));
  const tLoaded = performance.now();
  const bytes = compile();
  const tDone = performance.now();
  // performance.now() counts from the process's time origin, so t0 includes Node's own start-up and the preload.
  console.log(JSON.stringify({ beforeMain: t0, load: tLoaded - t0, compile: tDone - tLoaded, total: tDone, bytes, sites: runtime()?.siteCount ?? 0 }));
} else if (cfg.mode === 'count') {
  const compile = compiler(require(cfg.typescript));
  compile();
  const R = runtime();
  const counter = new Float64Array(1);
  // Built by `new Function`, so the handler is not itself instrumented code.
  const handler = new Function('C', 'cnt', 'return function () { cnt[0]++; return C; };')(R.C, counter);
  for (let i = 0; i < R.siteCount; i++) R.set(i, handler);
  compile();
  for (let i = 0; i < R.siteCount; i++) R.set(i, null);
  console.log(JSON.stringify({ calls: counter[0], sites: R.siteCount }));
} else {
  const compile = compiler(require(cfg.typescript));
  for (let i = 0; i < cfg.warm; i++) compile();
  // Each sample: a full GC (the parent passes --expose-gc), so every compile
  // starts from the same heap and the brackets do not share the cores with
  // the previous compile's GC threads; then bracket, compile, bracket.
  const samples = [];
  for (let i = 0; i < cfg.iterations; i++) {
    globalThis.gc();
    const r0 = timeRef();
    const c0 = process.cpuUsage();
    const a = performance.now();
    compile();
    const v = performance.now() - a;
    const c = process.cpuUsage(c0);
    const r1 = timeRef();
    samples.push({ r0, r1, v, cpu: (c.user + c.system) / 1000 });
  }
  const s = summarise(samples);
  // CPU time of the whole process (GC and compiler threads included): less
  // sensitive than wall time to other processes taking turns on the cores.
  s.cpu = median(samples.map((x) => x.cpu));
  const R = runtime();
  s.sites = R?.siteCount ?? 0;
  s.enabled = 0;
  if (R !== undefined) for (let i = 0; i < R.siteCount; i++) if (R.get(i) !== null) s.enabled++;
  console.log(JSON.stringify(s));
}
