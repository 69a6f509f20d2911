// One dispatch configuration in its own process (started by bench/dispatch.mjs
// with `--import fentry/register`); prints one JSON line with ns per call.
//   off        no ops
//   one        one ops on target: the site calls its callback directly (CALL_OPS)
//   one+100    the same, with 100 more ops registered, each on another function
//   list-N     N ops on target: the site calls the list dispatcher
//   function   the function tracer on target, recording into its ring buffer
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT_DIR, benchSync } from './harness.mjs';

const cfg = JSON.parse(process.argv[2]);
const dist = (p) => pathToFileURL(path.join(ROOT_DIR, 'dist', p)).href;
const { currentSession } = await import(dist('control/session.js'));
const { Ops } = await import(dist('core/index.js'));
const { tracefs } = await import(dist('index.js'));
const work = await import('../workloads/dispatch.mjs');
const others = await import('../workloads/dispatch-others.mjs');
const { ftrace } = currentSession();

// The callback is made by new Function: not instrumented, so it never re-enters a site.
const counter = { n: 0 };
const fastCount = new Function('c', 'return function count() { c.n++; };')(counter);

function ops(name, filter) {
  const o = new Ops({ name, func: fastCount });
  ftrace.setFilter(o, filter, true);
  ftrace.register(o);
  return o;
}

const m = /^list-(\d+)$/.exec(cfg.config);
if (cfg.config === 'one') ops('one', 'target');
else if (cfg.config === 'one+100') {
  ops('one', 'target');
  for (let i = 0; i < 100; i++) ops(`other${i}`, `other${i}`);
} else if (m !== null) {
  for (let i = 0; i < Number(m[1]); i++) ops(`list${i}`, 'target');
} else if (cfg.config === 'function') {
  tracefs.write('buffer_size_kb', '64');
  tracefs.write('set_ftrace_filter', 'target');
  tracefs.write('current_tracer', 'function');
}
void others;

const N = 2000;
const r = benchSync(() => work.loop(N), N, { warmMs: cfg.warmMs, measureMs: cfg.measureMs });
// Check that the configuration does what it says: callbacks per call of target.
counter.n = 0;
work.loop(1000);
console.log(JSON.stringify({ ...r, callbacksPerCall: counter.n / 1000 }));
