/**
 * Tracing set up from the environment, for `fentry trace`: the CLI passes its
 * options as JSON in `FENTRY_TRACE`, each thread of the traced program applies
 * them to its own session through tracefs, and writes what it recorded to the
 * file the CLI reads — once at exit, or every 100 ms with `pipe`.
 */
import fs from 'node:fs';
import { isMainThread, threadId } from 'node:worker_threads';
import { currentSession } from './session.js';

/** The options `fentry trace` passes down. */
export interface TraceConfig {
  tracer: string;
  filter: string[];
  notrace: string[];
  options: string[];
  bufferKb?: number;
  pipe: boolean;
  /** function_graph: `set_graph_function` globs and `max_graph_depth`. */
  graphFunctions?: string[];
  maxDepth?: number;
  /** `fentry profile`: the function profiler runs, and each thread writes its `trace_stat/function<N>` instead of a trace. */
  profile?: boolean;
  /** Where the main thread writes; worker N writes to `<out>.cpuN`. */
  out: string;
}

export const TRACE_ENV = 'FENTRY_TRACE';

/** The file a thread writes its output to. */
export function threadOutput(out: string, cpu: number): string {
  return cpu === 0 ? out : `${out}.cpu${cpu}`;
}

/** Applies `FENTRY_TRACE` if set. */
export function startTraceFromEnv(): void {
  const text = process.env[TRACE_ENV];
  if (text === undefined || text === '') return;
  const config = JSON.parse(text) as TraceConfig;
  const { tracefs, ftrace } = currentSession();
  if (config.bufferKb !== undefined) tracefs.write('buffer_size_kb', String(config.bufferKb));
  for (const option of config.options) tracefs.append('trace_options', option);
  // Nothing of the program is loaded yet: `glob:mod:*` caches each glob and
  // applies it to every module as it loads (an ops whose filter holds only
  // cached patterns traces nothing until one matches).
  for (const glob of config.filter) tracefs.append('set_ftrace_filter', `"${glob}:mod:*"`);
  for (const glob of config.notrace) tracefs.append('set_ftrace_notrace', `"${glob}:mod:*"`);
  for (const glob of config.graphFunctions ?? []) tracefs.append('set_graph_function', `"${glob}:mod:*"`);
  if (config.maxDepth !== undefined) tracefs.write('max_graph_depth', String(config.maxDepth));
  tracefs.write('current_tracer', config.tracer);
  if (config.profile === true) tracefs.write('function_profile_enabled', '1');
  const out = threadOutput(config.out, threadId);
  fs.writeFileSync(out, '');
  if (config.pipe) {
    const timer = setInterval(() => fs.appendFileSync(out, tracefs.read('trace_pipe')), 100);
    timer.unref();
  }
  process.on('exit', () => {
    tracefs.write('tracing_on', '0');
    if (config.profile === true) {
      tracefs.write('function_profile_enabled', '0');
      fs.writeFileSync(out, tracefs.read(`trace_stat/function${threadId}`));
    } else if (config.pipe) fs.appendFileSync(out, tracefs.read('trace_pipe'));
    else fs.writeFileSync(out, tracefs.read('trace'));
    if (isMainThread) {
      const unmatched = [
        ...config.filter.filter((glob) => ftrace.match(glob).length === 0).map((glob) => `-l '${glob}'`),
        ...(config.graphFunctions ?? []).filter((glob) => ftrace.match(glob).length === 0).map((glob) => `-g '${glob}'`),
      ];
      fs.writeFileSync(`${config.out}.status.json`, JSON.stringify({ unmatched }));
    }
  });
}
