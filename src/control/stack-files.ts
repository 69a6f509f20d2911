/**
 * The stack tracer's files, at the top level as in the kernel:
 * `stack_tracer_enabled` (the kernel's sysctl `kernel.stack_tracer_enabled`,
 * served here as a tracefs file), `stack_max_size` (frames; writing sets the
 * maximum, 0 starts over), `stack_trace` (the deepest stack's frames) and
 * `stack_trace_filter` (the set_ftrace_filter syntax; empty traces every
 * function). Each thread measures its own stack.
 */
import { FentryError } from '../errors.js';
import type { FilterHash } from '../core/index.js';
import { stackTraceText } from '../formats/stack-trace.js';
import { STACK_TRACE_ENTRIES, StackTracer } from '../tracers/stack-tracer.js';
import type { Tracefs, TracefsFiles } from './tracefs.js';

const FILES = ['stack_max_size', 'stack_trace', 'stack_trace_filter', 'stack_tracer_enabled'] as const;

/** The stack tracer of a thread's tracefs and the files that drive it. */
export function stackFiles(tracefs: Tracefs): TracefsFiles & { readonly stackTracer: StackTracer } {
  const tracer = new StackTracer(tracefs.ftrace);
  const hashLines = (hash: FilterHash): string => {
    const lines = [...hash.ips].sort((a, b) => a - b).map((ip) => {
      const name = tracefs.ftrace.backend.name(ip);
      return `${name.symbol} [${name.module}]`;
    });
    return [...lines, ...hash.pending.map((p) => p.text)].map((l) => l + '\n').join('');
  };
  return {
    stackTracer: tracer,
    top: FILES,
    read(file, tr) {
      if (tr !== tracefs.top) return undefined;
      switch (file) {
        case 'stack_tracer_enabled':
          return tracer.enabled ? '1\n' : '0\n';
        case 'stack_max_size':
          return `${tracer.maxSize}\n`;
        case 'stack_trace':
          return stackTraceText(tracer.entries, tracer.enabled, tracer.maxSize, tracer.truncated ? STACK_TRACE_ENTRIES : undefined);
        case 'stack_trace_filter':
          return tracer.ops.filter.isAll ? '#### all functions enabled ####\n' : hashLines(tracer.ops.filter);
      }
      return undefined;
    },
    write(file, text, truncate, tr) {
      if (tr !== tracefs.top) return false;
      const value = text.trim();
      switch (file) {
        case 'stack_tracer_enabled':
          if (!/^-?\d+$/.test(value)) throw new FentryError('EINVAL', `stack_tracer_enabled takes 0 or 1, not '${value}'`, { value });
          if (Number(value) !== 0) tracer.enable();
          else tracer.disable();
          return true;
        case 'stack_max_size':
          // As stack_max_size_write: the value becomes the maximum; the listed frames stay until a deeper stack replaces them.
          if (!/^\d+$/.test(value)) throw new FentryError('EINVAL', `stack_max_size takes a number of frames, not '${value}'`, { value });
          tracer.maxSize = Number(value);
          return true;
        case 'stack_trace_filter':
          tracer.setFilter(text, truncate);
          return true;
        case 'stack_trace':
          throw new FentryError('EINVAL', 'stack_trace is read-only', { value: file });
      }
      return false;
    },
  };
}
