/**
 * The function_graph tracer (trace_functions_graph.c): an fgraph client per
 * instance that records every traced call's entry and return, with the
 * duration, into the instance's buffer of the calling thread. The instance's
 * `set_ftrace_filter`/`set_ftrace_notrace` choose which functions are hooked
 * (its ops is the client's sub-op); `set_graph_function` narrows the output
 * to those functions and what they call, `set_graph_notrace` hides a
 * function and everything below it, `max_graph_depth` bounds the nesting.
 *
 * Each hooked call gets a slot holding its start time (the token names the
 * slot). Sync calls free their slot on return; an async function or generator
 * keeps it while suspended, restarts its segment clock on each resumption and,
 * at its end, reports the time since the first entry as well.
 */
import { FgraphOps, FilterHash, LEAVE, type ArgsView, type Leave } from '../core/index.js';
import { recordValue } from '../formats/graph-text.js';
import { GRAPH_ENT } from '../formats/trace-text.js';
import { NO_VALUE, type Timestamp } from './buffer.js';
import type { OptionName, TraceArray, Tracer } from './trace-array.js';

/** Most calls one instance tracks at once on a thread (open sync calls plus suspended async ones). */
const MAX_SLOTS = 1 << 16;
const SLOT_MASK = 0xffffff;
/** Token bit: this call is a `set_graph_function` function (tracing below it is on). */
const GRAPH_FN = 1 << 24;
/** Token bit: this call is a `set_graph_notrace` function (tracing below it is off). */
const NOTRACE_FN = 1 << 25;
/** The depth field of a ring slot is 8 bits. */
const MAX_RECORDED_DEPTH = 255;

/** The per-instance settings of the graph tracer, kept while other tracers are current. */
export class GraphSettings {
  /** Set by {@link graphSettings}: the hashes' `:mod:` patterns follow module loads. */
  unwatch: () => void = () => {};
  /** `set_graph_function`: empty means every function. */
  readonly functions = new FilterHash();
  /** `set_graph_notrace`. */
  readonly notrace = new FilterHash();
  /** `max_graph_depth`: 0 is unlimited. */
  maxDepth = 0;
}

const settings = new WeakMap<TraceArray, GraphSettings>();

/** The graph settings of an instance. */
export function graphSettings(tr: TraceArray): GraphSettings {
  let s = settings.get(tr);
  if (s === undefined) {
    s = new GraphSettings();
    const unwatchFunctions = tr.ftrace.watchHash(s.functions);
    const unwatchNotrace = tr.ftrace.watchHash(s.notrace);
    s.unwatch = () => {
      unwatchFunctions();
      unwatchNotrace();
    };
    settings.set(tr, s);
  }
  return s;
}

const clients = new WeakMap<TraceArray, FgraphOps>();

function buildClient(tr: TraceArray): FgraphOps {
  const buffer = tr.buffer;
  const clock = tr.clock;
  const s = graphSettings(tr);
  const functions = s.functions;
  const notrace = s.notrace;
  const maxDepth = s.maxDepth;
  const threadTraced = tr.threadTraced;
  const wantArgs = tr.options['funcgraph-args'];
  const wantRetval = tr.options['funcgraph-retval'];
  // Clock readings as they come (numbers, or bigints on an ns clock): no arithmetic on the hot path.
  const zero: Timestamp = tr.traceClock.ns ? 0n : 0;
  const start: Timestamp[] = new Array<Timestamp>(MAX_SLOTS).fill(zero);
  const first: Timestamp[] = new Array<Timestamp>(MAX_SLOTS).fill(zero);
  const resumed = new Uint8Array(MAX_SLOTS);
  const free = new Int32Array(MAX_SLOTS);
  let freeTop = MAX_SLOTS;
  for (let k = 0; k < MAX_SLOTS; k++) free[k] = MAX_SLOTS - 1 - k;
  let inside = 0;
  let hidden = 0;
  let overrun = 0;

  const argsText = (args: ArgsView | undefined): readonly string[] | undefined => {
    if (!wantArgs || args === undefined) return undefined;
    return args.args.map((v) => describe(v));
  };

  function graphEntry(ip: number, _parent: number, depth: number, _g: FgraphOps, args: ArgsView | undefined, exits: boolean): number {
    if (!tr.tracingOn || !threadTraced || hidden > 0) return 0;
    let bits = 0;
    if (notrace.ips.size > 0 && notrace.ips.has(ip)) {
      if (!exits) return 0;
      hidden++;
      return NOTRACE_FN;
    }
    if (functions.ips.size > 0 || functions.pending.length > 0) {
      if (functions.ips.has(ip)) bits = GRAPH_FN;
      else if (inside === 0) return 0;
    }
    if (maxDepth !== 0 && depth >= maxDepth) return 0;
    const ts = clock();
    const shown = depth > MAX_RECORDED_DEPTH ? MAX_RECORDED_DEPTH : depth;
    if (!exits) {
      buffer.writeGraphEntry(ts, ip, shown, GRAPH_ENT.NOEXIT, argsText(args));
      return 0;
    }
    if (freeTop === 0) {
      overrun++;
      return 0;
    }
    const slot = free[--freeTop] as number;
    start[slot] = ts;
    buffer.writeGraphEntry(ts, ip, shown, 0, argsText(args));
    if (bits !== 0) inside++;
    return (slot + 1) | bits;
  }

  // Nothing narrows the graph (no set_graph_function / set_graph_notrace,
  // no depth limit, no arguments, this thread traced): the entry only reads
  // the clock, takes a slot and writes the event.
  const plain = functions.isAll && notrace.isAll && maxDepth === 0 && !wantArgs && threadTraced;
  function graphEntryPlain(ip: number, parent: number, depth: number, g: FgraphOps, args: ArgsView | undefined, exits: boolean): number {
    if (!exits || freeTop === 0) return graphEntry(ip, parent, depth, g, args, exits);
    if (!tr.tracingOn) return 0;
    const ts = clock();
    const slot = free[--freeTop] as number;
    start[slot] = ts;
    buffer.writeGraphEntry(ts, ip, depth > MAX_RECORDED_DEPTH ? MAX_RECORDED_DEPTH : depth, 0, undefined);
    return slot + 1;
  }

  function graphReturn(ip: number, depth: number, token: number, how: Leave, value: unknown): void {
    if ((token & NOTRACE_FN) !== 0) {
      hidden--;
      return;
    }
    const slot = (token & SLOT_MASK) - 1;
    const ts = clock();
    const shown = depth > MAX_RECORDED_DEPTH ? MAX_RECORDED_DEPTH : depth;
    if (how === LEAVE.RETURN && !wantRetval && resumed[slot] === 0) {
      // The common case: a sync call returned, nothing but the times to record.
      buffer.writeGraphReturn(ts, ip, shown, how, start[slot] as Timestamp, NO_VALUE, undefined);
    } else {
      const retval = (wantRetval && how === LEAVE.RETURN) || how === LEAVE.THROW ? recordValue(value) : NO_VALUE;
      const began = how !== LEAVE.SUSPEND && resumed[slot] !== 0 ? first[slot] : undefined;
      // The first suspension keeps the call's first entry for its end.
      if (how === LEAVE.SUSPEND && resumed[slot] === 0) first[slot] = start[slot] as Timestamp;
      buffer.writeGraphReturn(ts, ip, shown, how, start[slot] as Timestamp, retval, began);
      if (how !== LEAVE.SUSPEND) resumed[slot] = 0;
    }
    if ((token & GRAPH_FN) !== 0) inside--;
    if (how !== LEAVE.SUSPEND) free[freeTop++] = slot;
  }

  function graphResume(ip: number, depth: number, token: number): number {
    if ((token & NOTRACE_FN) !== 0) {
      hidden++;
      return token;
    }
    const slot = (token & SLOT_MASK) - 1;
    const ts = clock();
    start[slot] = ts;
    resumed[slot] = 1;
    buffer.writeGraphEntry(ts, ip, depth > MAX_RECORDED_DEPTH ? MAX_RECORDED_DEPTH : depth, GRAPH_ENT.RESUMED, undefined);
    if ((token & GRAPH_FN) !== 0) inside++;
    return token;
  }

  const client = new FgraphOps({
    name: tr.name === '' ? 'function_graph' : `function_graph:${tr.name}`,
    entry: plain ? graphEntryPlain : graphEntry,
    ret: graphReturn,
    resume: graphResume,
    ops: tr.ops,
    private: tr,
    wantsArgs: wantArgs,
  });
  Object.defineProperty(graphEntry, 'name', { value: 'trace_graph_entry' });
  Object.defineProperty(graphEntryPlain, 'name', { value: 'trace_graph_entry' });
  Object.defineProperty(graphReturn, 'name', { value: 'trace_graph_return' });
  void overrun;
  return client;
}

function describe(value: unknown): string {
  const v = recordValue(value);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  return v.desc;
}

function start(tr: TraceArray): void {
  const client = buildClient(tr);
  clients.set(tr, client);
  tr.fgraph.register(client);
}

function stop(tr: TraceArray): void {
  const client = clients.get(tr);
  if (client === undefined) return;
  clients.delete(tr);
  tr.fgraph.unregister(client);
}

/** Rebuilds the running client after a setting it was specialised to changed. */
export function graphRestart(tr: TraceArray): void {
  if (!clients.has(tr)) return;
  stop(tr);
  start(tr);
}

export const functionGraphTracer: Tracer = {
  name: 'function_graph',
  init(tr) {
    start(tr);
    tr.setSpecialiser(() => graphRestart(tr));
  },
  reset(tr) {
    stop(tr);
    tr.clearSpecialiser();
  },
  optionChanged(tr, option: OptionName) {
    if (option === 'funcgraph-args' || option === 'funcgraph-retval') graphRestart(tr);
  },
};
