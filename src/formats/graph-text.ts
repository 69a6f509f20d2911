/**
 * The function_graph text output (trace_functions_graph.c): the header, then
 * one line per entry and return, nested two spaces per depth, with the CPU
 * (thread) column, the duration and its overhead marker:
 *
 * ```
 * # tracer: function_graph
 * #
 * # CPU  DURATION                  FUNCTION CALLS
 * # |     |   |                     |   |   |   |
 *  0)               |  main() {
 *  0)   0.380 us    |    parse();
 *  0) + 14.237 us   |  }
 * ```
 *
 * An entry directly followed by its own return collapses to a leaf `f();`;
 * a return whose entry is no longer in the buffer prints `} /* f *\/`.
 *
 * Async functions and generators (fentry's addition): a call that suspends
 * returns to its caller with `} /* f suspended *\/`; each time it runs again
 * it opens with `f() { /* resumed *\/`, and its last return says how long
 * the whole call took: `} /* f done after 152.300 us *\/`. A call whose tracer
 * went away while it was open closes with `} /* f: tracer detached *\/`.
 */
import type { GraphEntryEvent, GraphReturnEvent, GraphValue, SiteNamer, TraceEvent } from './trace-text.js';
import { GRAPH_ENT, formatTimestamp } from './trace-text.js';

/** `LEAVE` of the core, as recorded in a return's `how`. */
const HOW = { RETURN: 0, THROW: 1, SUSPEND: 2, GONE: 3 } as const;

export interface GraphTextOptions {
  cpu: boolean;
  overhead: boolean;
  proc: boolean;
  duration: boolean;
  abstime: boolean;
  tail: boolean;
  retval: boolean;
  retvalHex: boolean;
  task: string;
  pid: number;
  /** The parameter names of a site, for `funcgraph-args`. */
  params?: (ip: number) => readonly string[];
}

/** The header (`print_graph_headers_flags`). */
export function graphHeader(o: GraphTextOptions): string {
  let one = '#';
  let two = '#';
  if (o.abstime) {
    one += '     TIME       ';
    two += '      |         ';
  }
  if (o.cpu) {
    one += ' CPU';
    two += ' |  ';
  }
  if (o.proc) {
    one += '  TASK/PID       ';
    two += '   |    |        ';
  }
  if (o.duration) {
    one += '  DURATION   ';
    two += '   |   |      ';
  }
  return `# tracer: function_graph\n#\n${one}               FUNCTION CALLS\n${two}               |   |   |   |\n`;
}

/** `trace_find_mark`: the overhead marker of a duration in microseconds. */
export function overheadMark(us: number): string {
  if (us > 1e6) return '$';
  if (us > 1e5) return '@';
  if (us > 1e4) return '*';
  if (us > 1e3) return '#';
  if (us > 100) return '!';
  if (us > 10) return '+';
  return ' ';
}

/** `trace_print_graph_duration`: at most 7 digits, then ` us`, padded to the column. */
export function formatDuration(us: number): string {
  const ns = Math.max(0, Math.round(us * 1000));
  const usecs = String(Math.floor(ns / 1000));
  let text = usecs;
  let len = usecs.length;
  if (len < 7) {
    const rem = String(ns % 1000).padStart(3, '0').slice(0, Math.max(0, Math.min(4, 8 - len) - 1));
    text += `.${rem}`;
    len += rem.length + 1;
  }
  return `${text} us ${' '.repeat(Math.max(0, 8 - len))}`;
}

/** A recorded value as `funcgraph-retval` prints it: error-like integers in decimal, other integers in hex. */
export function formatRetval(value: GraphValue, hex: boolean): string {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return String(value);
    if (!hex && value >= -4095 && value <= -1) return String(value);
    return `0x${BigInt.asUintN(64, BigInt(value)).toString(16)}`;
  }
  if (typeof value === 'bigint') return hex ? `0x${BigInt.asUintN(64, value).toString(16)}` : `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  return value.desc;
}

/** Describes a value for the buffer without keeping it alive. */
export function recordValue(value: unknown): GraphValue {
  switch (typeof value) {
    case 'number':
    case 'bigint':
    case 'boolean':
    case 'undefined':
      return value;
    case 'string':
      return value.length > 41 ? value.slice(0, 41) : value;
    case 'symbol':
      return { desc: value.toString() };
    case 'function':
      return { desc: `[Function ${value.name || 'anonymous'}]` };
    default: {
      if (value === null) return null;
      if (value instanceof Error) return { desc: `${value.name}: ${value.message.slice(0, 60)}` };
      if (Array.isArray(value)) return { desc: `Array(${value.length})` };
      if (typeof (value as { then?: unknown }).then === 'function') return { desc: 'Promise' };
      const ctor = Object.getPrototypeOf(value)?.constructor;
      return { desc: `[object ${typeof ctor === 'function' && ctor.name !== '' ? ctor.name : 'Object'}]` };
    }
  }
}

/** The lines of a run of events from one buffer. */
export function formatGraph(events: readonly TraceEvent[], namer: SiteNamer, o: GraphTextOptions): string {
  let out = '';
  const cpuWidth = 1;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as TraceEvent;
    if (e.kind === 'marker') {
      out += prefix(o, e.cpu, e.ts) + fill(o) + `/* ${e.text} */\n`;
      continue;
    }
    if (e.kind !== 'graph-ent' && e.kind !== 'graph-ret') continue;
    const head = prefix(o, e.cpu, e.ts, cpuWidth);
    if (e.kind === 'graph-ent') {
      const next = events[i + 1];
      const symbol = namer.symbol(e.ip);
      const call = `${symbol}(${args(o, e)})`;
      const resumed = (e.flags & GRAPH_ENT.RESUMED) !== 0;
      if ((e.flags & GRAPH_ENT.NOEXIT) !== 0) {
        out += head + fill(o) + indent(e.depth) + `${call};\n`;
        continue;
      }
      if (next !== undefined && next.kind === 'graph-ret' && next.ip === e.ip && next.depth === e.depth && next.cpu === e.cpu) {
        // A leaf: the entry and its own return are adjacent.
        i++;
        out += prefix(o, next.cpu, e.ts, cpuWidth) + (next.how === HOW.GONE ? fill(o) : duration(o, next.durationUs)) + indent(e.depth) + `${call};${leafNote(o, next, resumed)}\n`;
        continue;
      }
      out += head + fill(o) + indent(e.depth) + `${call} {${resumed ? ' /* resumed */' : ''}\n`;
      continue;
    }
    // A return whose entry is not right before it.
    const symbol = namer.symbol(e.ip);
    const entered = findEntry(events, i);
    out += head + (e.how === HOW.GONE ? fill(o) : duration(o, e.durationUs)) + indent(e.depth) + `}${closeNote(o, e, symbol, entered)}\n`;
  }
  return out;
}

function findEntry(events: readonly TraceEvent[], at: number): boolean {
  const ret = events[at] as GraphReturnEvent;
  let nested = 0;
  for (let j = at - 1; j >= 0; j--) {
    const e = events[j] as TraceEvent;
    if (e.kind === 'graph-ret' && e.depth === ret.depth) nested++;
    if (e.kind === 'graph-ent' && e.depth === ret.depth && (e.flags & GRAPH_ENT.NOEXIT) === 0) {
      if (nested === 0) return e.ip === ret.ip;
      nested--;
    }
    if (e.kind === 'graph-ent' && e.depth < ret.depth) return false;
  }
  return false;
}

function args(o: GraphTextOptions, e: GraphEntryEvent): string {
  if (e.args === undefined) return '';
  const names = o.params?.(e.ip) ?? [];
  return e.args.map((text, k) => (names[k] === undefined ? text : `${names[k]}=${text}`)).join(', ');
}

function leafNote(o: GraphTextOptions, ret: GraphReturnEvent, resumed: boolean): string {
  const notes: string[] = [];
  if (resumed) notes.push('resumed');
  if (ret.how === HOW.SUSPEND) notes.push('suspended');
  if (ret.how === HOW.THROW) notes.push(`threw ${ret.retval === undefined ? '' : formatRetval(ret.retval, false)}`.trimEnd());
  if (ret.how === HOW.GONE) notes.push('tracer detached');
  if (ret.totalUs !== undefined && ret.how !== HOW.SUSPEND) notes.push(`done after ${ret.totalUs.toFixed(3)} us`);
  if (o.retval && ret.how === HOW.RETURN && 'retval' in ret) notes.push(`= ${formatRetval(ret.retval, o.retvalHex)}`);
  return notes.length === 0 ? '' : ` /* ${notes.join(', ')} */`;
}

function closeNote(o: GraphTextOptions, ret: GraphReturnEvent, symbol: string, entered: boolean): string {
  if (ret.how === HOW.GONE) return ` /* ${symbol}: tracer detached */`;
  const notes: string[] = [];
  if (ret.how === HOW.SUSPEND) notes.push('suspended');
  if (ret.how === HOW.THROW) notes.push(`threw ${ret.retval === undefined ? '' : formatRetval(ret.retval, false)}`.trimEnd());
  if (ret.totalUs !== undefined && ret.how !== HOW.SUSPEND) notes.push(`done after ${ret.totalUs.toFixed(3)} us`);
  const value = o.retval && ret.how === HOW.RETURN && 'retval' in ret ? ` = ${formatRetval(ret.retval, o.retvalHex)}` : '';
  if (notes.length > 0) return ` /* ${symbol}${value} ${notes.join(', ')} */`;
  if (value !== '') return ` /* ${symbol}${value} */`;
  if (!entered || o.tail) return ` /* ${symbol} */`;
  return '';
}

function indent(depth: number): string {
  return '  '.repeat(depth);
}

/** The columns before the duration: abstime, CPU, proc. */
function prefix(o: GraphTextOptions, cpu: number, ts: number, cpuWidth = 1): string {
  let text = '';
  if (o.abstime) text += `${formatTimestamp(ts).trimStart().padStart(13, ' ')} |  `;
  if (o.cpu) text += ` ${String(cpu).padStart(cpuWidth, ' ')}) `;
  if (o.proc) {
    const comm = `${o.task.slice(0, 7)}-${o.pid}`;
    const spaces = Math.max(0, 14 - comm.length);
    const left = Math.floor(spaces / 2);
    text += `${' '.repeat(left)}${comm}${' '.repeat(spaces - left)} | `;
  }
  return text;
}

/** The duration column of a line that has none. */
function fill(o: GraphTextOptions): string {
  return o.duration ? '              |  ' : '  ';
}

function duration(o: GraphTextOptions, us: number): string {
  if (!o.duration) return '  ';
  return `${o.overhead ? overheadMark(us) : ' '} ${formatDuration(us)}|  `;
}
