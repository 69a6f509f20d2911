// Shared setup of the conformance tests: load fentry's hooks into this test
// process, so the fixtures imported afterwards get their patch sites, and give
// the tests the thread's tracefs.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', '..', 'dist');
process.env.FENTRY_CACHE = '0';
// These tests look at generators leaving and resuming: frame them (off by default, see TransformOptions.frameGenerators).
process.env.FENTRY_FRAME_GENERATORS = '1';
process.env.FENTRY_ROOT = path.join(here, 'fixtures');
await import(pathToFileURL(path.join(dist, 'register', 'index.js')).href);
const api = await import(pathToFileURL(path.join(dist, 'index.js')).href);

export const { tracefs } = api;
export const kernel = await import('./fixtures/kernel.mjs');

/** The function lines of `trace` (header and markers left out), as `symbol <-parent` or `symbol`. */
export function traceFunctions(text) {
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#') && !l.includes('tracing_mark_write') && !l.startsWith(' =>') && !l.includes('<stack trace>'))
    .map((l) => l.slice(l.indexOf(': ') + 2));
}

/** The symbols of `available_filter_functions`, in order. */
export function available() {
  return tracefs.read('available_filter_functions').trim().split('\n');
}

/** Back to a quiet top level: nop tracer, empty filters, empty buffer, tracing on. */
export function reset(tr = '') {
  const p = tr === '' ? '' : `instances/${tr}/`;
  tracefs.write(`${p}current_tracer`, 'nop');
  tracefs.append(`${p}set_ftrace_filter`, '!*:traceoff !*:traceon !*:stacktrace');
  tracefs.write(`${p}set_ftrace_filter`, '');
  tracefs.write(`${p}set_ftrace_notrace`, '');
  tracefs.write(`${p}set_ftrace_pid`, '');
  tracefs.write(`${p}trace`, '');
  tracefs.write(`${p}tracing_on`, '1');
}

/** The function-call lines of a function_graph `trace`: the FUNCTION CALLS column, indentation kept. */
export function graphCalls(text) {
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.slice(l.lastIndexOf('|  ') + 3));
}

/** `enabled_functions` as a map from `symbol [module]` to its count. */
export function enabledCounts() {
  const out = new Map();
  for (const line of tracefs.read('enabled_functions').split('\n')) {
    const m = /^(.*\]) \((\d+)\)/.exec(line);
    if (m !== null) out.set(m[1], Number(m[2]));
  }
  return out;
}
