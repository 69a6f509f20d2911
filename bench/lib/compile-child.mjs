// One TypeScript compile measurement in its own process; prints one JSON line.
// Started by bench/compiler.mjs, with or without `--import fentry/register`.
//
//   mode steady:  compile the sample project `warm` times, then `iterations`
//                 more, each bracketed by the reference kernel; ms per compile.
//                 `typescript` names the copy to load (untransformed or
//                 transformed ahead of time), `runtime` the fentry runtime to
//                 install first (for the transformed copy).
//   mode startup: load the `typescript` package and compile once; the parent
//                 times the whole process, this reports where the time went
import path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, ROOT_DIR, summarise, timeRef } from './harness.mjs';

const cfg = JSON.parse(process.argv[2]);
if (cfg.runtime) (await import(pathToFileURL(cfg.runtime).href)).installRuntime();
const t0 = performance.now();
const ts = createRequire(path.join(ROOT_DIR, 'package.json'))(cfg.typescript ?? 'typescript');
const tLoaded = performance.now();

const project = path.join(BENCH_DIR, 'fixtures', 'ts-sample');
const parsed = ts.getParsedCommandLineOfConfigFile(path.join(project, 'tsconfig.json'), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic(d) {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  },
});

/** A full compile as `tsc -p` does it: program, all diagnostics, emit (to memory). Returns emitted bytes. */
function compile() {
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => project, getNewLine: () => '\n' }));
  let bytes = 0;
  program.emit(undefined, (_file, text) => {
    bytes += text.length;
  });
  return bytes;
}

const runtime = globalThis[Symbol.for('fentry.runtime.v1')];
const sites = runtime === undefined ? 0 : runtime.siteCount;

if (cfg.mode === 'startup') {
  const bytes = compile();
  const tDone = performance.now();
  // performance.now() counts from the process's time origin, so t0 includes Node's own start-up and the preload.
  console.log(JSON.stringify({ beforeMain: t0, load: tLoaded - t0, compile: tDone - tLoaded, total: tDone, bytes, sites }));
} else {
  for (let i = 0; i < cfg.warm; i++) compile();
  const samples = [];
  for (let i = 0; i < cfg.iterations; i++) {
    const r0 = timeRef();
    const a = performance.now();
    compile();
    const v = performance.now() - a;
    const r1 = timeRef();
    samples.push({ r0, r1, v });
  }
  const s = summarise(samples);
  s.min = Math.min(...samples.map((x) => x.v));
  s.sites = sites;
  s.enabled = 0;
  if (runtime !== undefined) for (let i = 0; i < sites; i++) if (runtime.get(i) !== null) s.enabled++;
  console.log(JSON.stringify(s));
}
