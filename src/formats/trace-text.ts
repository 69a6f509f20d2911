/**
 * The kernel's text output for `trace` and `trace_pipe` (trace.c,
 * trace_output.c), for every tracer but function_graph: the header with
 * `entries-in-buffer/entries-written` and `#P`, then one line per event:
 *
 * ```
 *             node-4242    [000] .....    12.345678: fib <-main
 * ```
 *
 * `TASK-PID` is the process title and pid, `[CPU]` the thread (000 for the
 * main thread, workers after), the five flag characters are the kernel's
 * irqs-off/need-resched/hardirq/preempt-depth/migrate-disable columns (no
 * JavaScript counterpart: always `.`), the timestamp is seconds with
 * microseconds on the instance's trace clock.
 */

/** A decoded event, from a live ring buffer or a recording. */
export type TraceEvent =
  | { kind: 'function'; cpu: number; ts: number; ip: number; parent: number }
  | { kind: 'repeats'; cpu: number; ts: number; ip: number; parent: number; count: number; deltaUs: number }
  | { kind: 'marker'; cpu: number; ts: number; text: string }
  | { kind: 'stack'; cpu: number; ts: number; frames: readonly string[] }
  | GraphEntryEvent
  | GraphReturnEvent;

/** A function_graph entry: a call (or, with {@link GRAPH_ENT.RESUMED}, an async call running again). */
export interface GraphEntryEvent {
  kind: 'graph-ent';
  cpu: number;
  ts: number;
  ip: number;
  depth: number;
  /** {@link GRAPH_ENT} bits. */
  flags: number;
  /** The arguments as text (`funcgraph-args`), one per parameter. */
  args?: readonly string[];
}

/** A function_graph return: how the call left (`LEAVE` in the core: return, throw, suspend, tracer gone). */
export interface GraphReturnEvent {
  kind: 'graph-ret';
  cpu: number;
  ts: number;
  ip: number;
  depth: number;
  how: number;
  /** Time since the entry (or the resumption) in microseconds. */
  durationUs: number;
  /** The return value or thrown value, when recorded (`funcgraph-retval`). */
  retval?: GraphValue;
  /** For an async call or generator that suspended: the time since the first entry, at its end. */
  totalUs?: number;
}

/** A recorded value: primitives as they are, anything else by its description. */
export type GraphValue = string | number | bigint | boolean | null | undefined | { readonly desc: string };

/** Flags of a function_graph entry. */
export const GRAPH_ENT = {
  /** An async function or generator resumed after a suspension. */
  RESUMED: 1,
  /** The site cannot report this call's return (an entry-only site). */
  NOEXIT: 2,
} as const;

/** How to name sites in the output. */
export interface SiteNamer {
  symbol(ip: number): string;
  /** `file:line` for the sym-offset option. */
  location(ip: number): string;
  /** The parameter names (`funcgraph-args`). */
  params?(ip: number): readonly string[];
}

export interface TextOptions {
  tracer: string;
  task: string;
  pid: number;
  /** Number of CPUs (threads) for `#P`. */
  cpus: number;
  printParent: boolean;
  symOffset: boolean;
  /** False for clocks that count rather than measure (`counter`, `uptime`): printed raw. */
  clockInUs?: boolean;
}

export interface BufferCounts {
  /** Events stored now. */
  entries: number;
  /** Events ever written (stored + overwritten + dropped). */
  written: number;
}

/** The header of `trace`. */
export function traceHeader(options: TextOptions, counts: BufferCounts): string {
  return (
    `# tracer: ${options.tracer}\n` +
    '#\n' +
    `# entries-in-buffer/entries-written: ${counts.entries}/${counts.written}   #P:${options.cpus}\n` +
    '#\n' +
    '#                                _-----=> irqs-off/BH-disabled\n' +
    '#                               / _----=> need-resched\n' +
    '#                              | / _---=> hardirq/softirq\n' +
    '#                              || / _--=> preempt-depth\n' +
    '#                              ||| / _-=> migrate-disable\n' +
    '#                              |||| /     delay\n' +
    '#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n' +
    '#              | |         |   |||||     |         |\n'
  );
}

/** `%6lu.%06lu`: seconds and microseconds from a timestamp in microseconds. */
export function formatTimestamp(us: number): string {
  const whole = Math.max(0, Math.floor(us));
  const secs = Math.floor(whole / 1e6);
  const micros = whole % 1e6;
  return `${String(secs).padStart(6, ' ')}.${String(micros).padStart(6, '0')}`;
}

function context(options: TextOptions, cpu: number, ts: number): string {
  const task = options.task.length > 16 ? options.task.slice(-16) : options.task;
  const time = options.clockInUs === false ? String(ts).padStart(13, ' ') : formatTimestamp(ts);
  return `${task.padStart(16, ' ')}-${String(options.pid).padEnd(7, ' ')} [${String(cpu).padStart(3, '0')}] ..... ${time}: `;
}

function name(namer: SiteNamer, options: TextOptions, ip: number): string {
  if (ip < 0) return '<unknown>';
  return options.symOffset ? `${namer.symbol(ip)} [${namer.location(ip)}]` : namer.symbol(ip);
}

/** The text of one event (one or more lines, each newline-terminated). */
export function formatEvent(event: TraceEvent, namer: SiteNamer, options: TextOptions): string {
  const head = context(options, event.cpu, event.ts);
  switch (event.kind) {
    case 'function': {
      const parent = options.printParent && event.parent >= 0 ? ` <-${name(namer, options, event.parent)}` : '';
      return `${head}${name(namer, options, event.ip)}${parent}\n`;
    }
    case 'repeats': {
      const parent = options.printParent && event.parent >= 0 ? ` <-${name(namer, options, event.parent)}` : '';
      return `${head}${name(namer, options, event.ip)}${parent} (repeats: ${event.count}, delta: ${Math.round(event.deltaUs)} us)\n`;
    }
    case 'marker':
      return `${head}tracing_mark_write: ${event.text}\n`;
    case 'stack':
      return `${head}<stack trace>\n${event.frames.map((f) => ` => ${f}\n`).join('')}`;
    case 'graph-ent': {
      const note = event.flags & GRAPH_ENT.RESUMED ? ' (resumed)' : event.flags & GRAPH_ENT.NOEXIT ? ' (entry only)' : '';
      return `${head}funcgraph_entry: ${'  '.repeat(event.depth)}${name(namer, options, event.ip)}()${note}\n`;
    }
    case 'graph-ret': {
      const note = ['', ' (threw)', ' (suspended)', ' (tracer detached)'][event.how] ?? '';
      return `${head}funcgraph_exit: ${'  '.repeat(event.depth)}${name(namer, options, event.ip)}() duration=${event.durationUs.toFixed(3)} us${note}\n`;
    }
  }
}

/** The line the kernel prints where a reader finds events missing (`trace_pipe`, and `trace` per CPU). */
export function lostLine(cpu: number, lost: number): string {
  return `CPU:${cpu} [LOST ${lost} EVENTS]\n`;
}
