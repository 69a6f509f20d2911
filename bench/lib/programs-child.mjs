// One configuration of bench/programs.mjs in its own process; prints one
// JSON line: ns per call of the trigger function (sync or async).
// cfg: { workload: 'sync' | 'async', config, warmMs, measureMs, scratch }
import fs from 'node:fs';
import path from 'node:path';
import diagnostics from 'node:diagnostics_channel';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, ROOT_DIR, benchAsync, benchSync } from './harness.mjs';

const cfg = JSON.parse(process.argv[2]);
const workloadFile = path.join(BENCH_DIR, 'workloads', 'trigger.mjs');
const noop = () => {};
const subscribers = { start: noop, end: noop, asyncStart: noop, asyncEnd: noop, error: noop };

let mod;
if (cfg.config === 'code-transformer' || cfg.config === 'code-transformer, no subscribers') {
  // The same source instrumented by @apm-js-collab/code-transformer (orchestrion), loaded without fentry.
  const { create } = await import('@apm-js-collab/code-transformer');
  const module = { name: 'bench', versionRange: '>=0.0.0', filePath: 'trigger.mjs' };
  const matcher = create([
    { channelName: 'trigger', module, functionQuery: { functionName: 'trigger', kind: 'Sync' } },
    { channelName: 'trigger_async', module, functionQuery: { functionName: 'triggerAsync', kind: 'Async' } },
  ]);
  const out = matcher.getTransformer('bench', '1.0.0', 'trigger.mjs').transform(fs.readFileSync(workloadFile, 'utf8'), 'esm');
  const file = path.join(cfg.scratch, 'trigger-orchestrion.mjs');
  fs.writeFileSync(file, out.code);
  if (cfg.config === 'code-transformer') {
    diagnostics.tracingChannel('orchestrion:bench:trigger').subscribe(subscribers);
    diagnostics.tracingChannel('orchestrion:bench:trigger_async').subscribe(subscribers);
  }
  mod = await import(pathToFileURL(file).href);
} else {
  mod = await import(pathToFileURL(workloadFile).href);
}

const target = cfg.workload === 'sync' ? mod.trigger : mod.triggerAsync;
let run = cfg.workload === 'sync' ? mod.run : mod.runAsync;
if (cfg.config === 'TracingChannel') {
  // What instrumenting by hand with diagnostics_channel looks like: every call through traceSync/tracePromise.
  const channel = diagnostics.tracingChannel('bench:trigger');
  channel.subscribe(subscribers);
  const ctx = {};
  if (cfg.workload === 'sync') {
    run = () => {
      let s = 0;
      for (let i = 0; i < 10000; i++) s = channel.traceSync(target, ctx, undefined, s, i);
      return s;
    };
  } else {
    run = async () => {
      let s = 0;
      for (let i = 0; i < 10000; i++) s = await channel.tracePromise(target, ctx, undefined, s, i);
      return s;
    };
  }
}

if (!['base', 'sites off', 'TracingChannel', 'code-transformer', 'code-transformer, no subscribers'].includes(cfg.config)) {
  const api = await import(pathToFileURL(path.join(ROOT_DIR, 'dist', 'index.js')).href);
  const attach = (kind, handler = function prog() {}) => api.attach({ [kind]: target, handler });
  switch (cfg.config) {
    case 'fentry':
      attach('fentry');
      break;
    case 'fexit':
      attach('fexit');
      break;
    case 'fmod_ret':
      attach('fmod_ret', function prog() { return undefined; });
      break;
    case 'fentry+fexit':
      attach('fentry');
      attach('fexit');
      break;
    case '38 programs':
      for (let i = 0; i < 19; i++) {
        attach('fentry');
        attach('fexit');
      }
      break;
    case 'fentry, stats on':
      api.enableStats();
      attach('fentry');
      break;
    case 'live-patched':
      api.patch(target, cfg.workload === 'sync' ? function trigger_v2(a, b) { return (a + b) | 0; } : async function trigger_v2(a, b) { return (a + b) | 0; });
      break;
    case 'function tracer':
    case 'function_graph':
      api.tracefs.write('trace_clock', 'counter');
      api.tracefs.write('buffer_size_kb', '256');
      api.tracefs.write('set_ftrace_filter', cfg.workload === 'sync' ? 'trigger' : 'triggerAsync');
      api.tracefs.write('current_tracer', cfg.config === 'function tracer' ? 'function' : 'function_graph');
      break;
    default:
      throw new Error(`unknown config ${cfg.config}`);
  }
}

const options = { warmMs: cfg.warmMs, measureMs: cfg.measureMs };
const r = cfg.workload === 'sync' ? benchSync(run, mod.calls, options) : await benchAsync(run, mod.calls, options);
console.log(JSON.stringify(r));
