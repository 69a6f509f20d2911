/**
 * The function profiler's files, at the top level only as in the kernel:
 * `function_profile_enabled` (0/1; enabling zeroes the counters) and
 * `trace_stat/function<N>`, N being this thread's CPU number (0 for the main
 * thread). Each thread profiles its own calls and serves only its own file.
 * The profiler follows the top instance's `set_ftrace_filter` /
 * `set_ftrace_notrace` and reads `graph-time` / `sleep-time` from its
 * `trace_options`.
 */
import { FentryError } from '../errors.js';
import { functionStat } from '../formats/trace-stat.js';
import { FunctionProfiler } from '../tracers/profiler.js';
import { THIS_CPU } from '../tracers/trace-array.js';
import type { Tracefs, TracefsFiles } from './tracefs.js';

/** `trace_stat/function<N>` of this thread. */
export const TRACE_STAT_FILE = `trace_stat/function${THIS_CPU}`;

/** The profiler of a thread's tracefs and the files that drive it. */
export function profileFiles(tracefs: Tracefs): TracefsFiles & { readonly profiler: FunctionProfiler } {
  const profiler = new FunctionProfiler({ fgraph: tracefs.fgraph, ops: tracefs.top.ops, options: tracefs.top.options });
  const symbol = (ip: number): string => tracefs.ftrace.backend.name(ip).symbol;
  // Cached `glob:mod:module` patterns (how `fentry profile -l/-n` filters a
  // program before it loads) follow module loads: the fgraph manager watches
  // its clients' hashes.
  return {
    profiler,
    top: ['function_profile_enabled', 'trace_stat/'],
    read(file, tr) {
      if (tr !== tracefs.top) return undefined;
      if (file === 'function_profile_enabled') return profiler.enabled ? '1\n' : '0\n';
      if (file === TRACE_STAT_FILE) {
        return functionStat(profiler.records().map((r) => ({ symbol: symbol(r.ip), hits: r.hits, time: r.time, timeSquared: r.timeSquared })));
      }
      if (/^trace_stat\/function\d+$/.test(file)) {
        throw new FentryError('ENOENT', `${file} belongs to another thread; this thread's is ${TRACE_STAT_FILE}`, { value: file });
      }
      return undefined;
    },
    write(file, text, _truncate, tr) {
      if (tr !== tracefs.top) return false;
      if (file === 'function_profile_enabled') {
        // kstrtoul then `!!val`, as ftrace_profile_write does.
        const value = text.trim();
        if (!/^\d+$/.test(value)) throw new FentryError('EINVAL', `function_profile_enabled takes 0 or 1, not '${value}'`, { value });
        if (Number(value) !== 0) profiler.enable();
        else profiler.disable();
        return true;
      }
      if (file === TRACE_STAT_FILE) throw new FentryError('EINVAL', `${file} is read-only`, { value: file });
      return false;
    },
    // This thread's file only: the other threads' tables are in their own tracefs.
    list: (dir) => (dir === 'trace_stat' ? [TRACE_STAT_FILE.slice('trace_stat/'.length)] : undefined),
  };
}
