/**
 * The function profiler (`CONFIG_FUNCTION_PROFILER` in kernel/trace/ftrace.c):
 * per thread, for every traced function, its hits, its total time and the sum
 * of its squared call times, shown by `trace_stat/function<N>`.
 *
 * As in the kernel it is an fgraph client (`profile_graph_entry` /
 * `profile_graph_return`) whose functions are chosen by the top instance's
 * filter hashes, so writing `set_ftrace_filter` while profiling changes what
 * is profiled. A hit is counted at entry, also for a site that cannot report
 * its return (it then adds no time).
 *
 * Each timed call owns a slot: its start time, the start of its current
 * running segment, the time it ran in earlier segments, and the callee time
 * to subtract (`subtime`). The token is the slot number + 1. Sync calls take
 * and free slots in LIFO order; an async function or generator keeps its slot
 * while suspended (the fgraph manager parks the token) and starts a new
 * segment when it resumes. A second stack holds the slots of the calls that
 * are running now, innermost last: its top is the parent a segment's time is
 * charged to.
 *
 * The options, read at every return as the kernel reads `fgraph_graph_time`
 * and `fgraph_sleep_time`:
 * - `sleep-time` on: a call's time runs from its entry to its final return;
 *   off: only the time it ran (its segments), not the time it was suspended
 *   in an `await` or a `yield` — the kernel's "scheduled out".
 * - `graph-time` on: a call's time includes its callees'; off: every segment
 *   of a profiled callee that ran inside the call is subtracted, leaving the
 *   function's own time, never below 0. (Recent kernels zero a call that
 *   had no callee time at all — `if (profile_data->subtime && …)` — which
 *   drops every leaf's time; this keeps the older rule,
 *   `if (subtime < calltime) calltime -= subtime`.)
 *
 * The clock is `process.hrtime()` as integer nanoseconds in a float64, the
 * cheapest precise clock that reads as a number (`bench/clocks.mjs`: 35 ns
 * per read, against 43-44 for `performance.now()` and 42 for
 * `Number(process.hrtime.bigint())`). `hrtime.bigint()` stored raw reads in
 * 27 ns, but then every difference and sum is bigint arithmetic; in a loop of
 * read-and-subtract the two measured the same (34-35 ns).
 */
import { FgraphOps, LEAVE, type Fgraph, type Leave, type Ops } from '../core/index.js';

/** A monotonic clock in nanoseconds, as a float64. */
export type NsClock = () => number;

const hrtime = process.hrtime;

/** The profiler's default clock: CLOCK_MONOTONIC in integer nanoseconds (exact below 2^53 ns, 104 days of uptime). */
export const hrtimeNs: NsClock = () => {
  const t = hrtime();
  return (t[0] as number) * 1e9 + (t[1] as number);
};

/** The options the profiler reads: an instance's `trace_options` object. */
export interface ProfilerOptions {
  readonly 'graph-time': boolean;
  readonly 'sleep-time': boolean;
}

export interface ProfilerInit {
  fgraph: Fgraph;
  /** The ops whose filter and notrace hashes choose the profiled functions (the top instance's). */
  ops: Ops;
  /** Read at every return: the top instance's options. */
  options: ProfilerOptions;
  /** Nanoseconds; tests pass a clock they control. */
  clock?: NsClock;
}

/** One profiled function's counters (`struct ftrace_profile`). */
export interface ProfileRecord {
  readonly ip: number;
  readonly hits: number;
  /** Σ call time, ns. */
  readonly time: number;
  /** Σ call time², ns². */
  readonly timeSquared: number;
}

const FIRST_SLOTS = 256;
/** Most calls timed at once on a thread (open sync calls plus suspended async ones); further ones count as overruns. */
export const MAX_PROFILE_SLOTS = 1 << 20;

export class FunctionProfiler {
  readonly fgraph: Fgraph;
  /** The fgraph client, registered while the profiler is enabled. */
  readonly client: FgraphOps;
  readonly #counters: Counters;
  #enabled = false;

  constructor(init: ProfilerInit) {
    this.fgraph = init.fgraph;
    const counters = makeCounters(init.clock ?? hrtimeNs, init.options);
    this.#counters = counters;
    this.client = new FgraphOps({ name: 'function_profiler', entry: counters.entry, ret: counters.ret, resume: counters.resume, ops: init.ops, private: this });
  }

  /** `function_profile_enabled`. */
  get enabled(): boolean {
    return this.#enabled;
  }

  /** Calls not timed because every slot was taken. */
  get overrun(): number {
    return this.#counters.overrun();
  }

  /** Starts profiling from zeroed counters, as enabling does in the kernel; a no-op when already enabled. */
  enable(): void {
    if (this.#enabled) return;
    this.#counters.reset();
    this.fgraph.register(this.client);
    this.#enabled = true;
  }

  /** Stops profiling; the counters stay as they are (the file is frozen). Calls still open are dropped untimed. */
  disable(): void {
    if (!this.#enabled) return;
    this.#enabled = false;
    this.fgraph.unregister(this.client);
  }

  /** The functions hit since the last enable, in site order. */
  records(): ProfileRecord[] {
    return this.#counters.records();
  }
}

interface Counters {
  entry(ip: number, parentIp: number, depth: number, gops: FgraphOps, args: unknown, exits: boolean): number;
  ret(ip: number, depth: number, token: number, how: Leave): void;
  resume(ip: number, depth: number, token: number): number;
  reset(): void;
  records(): ProfileRecord[];
  overrun(): number;
}

/**
 * The counters and the slot table. The hot callbacks are closures over local
 * variables rather than methods, so each is one plain function the fgraph
 * manager calls.
 */
function makeCounters(clock: NsClock, options: ProfilerOptions): Counters {
  // Per function, indexed by site.
  let hits = new Float64Array(0);
  let time = new Float64Array(0);
  let timeSquared = new Float64Array(0);
  // Per slot.
  let start = new Float64Array(FIRST_SLOTS);
  let segStart = new Float64Array(FIRST_SLOTS);
  let ran = new Float64Array(FIRST_SLOTS);
  let subtime = new Float64Array(FIRST_SLOTS);
  let free = new Int32Array(FIRST_SLOTS);
  let freeTop = 0;
  let running = new Int32Array(FIRST_SLOTS);
  let runTop = 0;
  let overrun = 0;

  const growStats = (ip: number): void => {
    const size = Math.max(ip + 1, hits.length * 2, 1024);
    const grow = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    hits = grow(hits);
    time = grow(time);
    timeSquared = grow(timeSquared);
  };
  /** Doubles the slot table; false at the bound. */
  const growSlots = (): boolean => {
    const old = start.length;
    if (old >= MAX_PROFILE_SLOTS) return false;
    const size = old * 2;
    const grow = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    start = grow(start);
    segStart = grow(segStart);
    ran = grow(ran);
    subtime = grow(subtime);
    const nextRunning = new Int32Array(size);
    nextRunning.set(running);
    running = nextRunning;
    free = new Int32Array(size);
    // Only the new slots are free: the old ones are all in use.
    for (let k = 0; k < size - old; k++) free[k] = size - 1 - k;
    freeTop = size - old;
    return true;
  };
  const resetSlots = (): void => {
    for (let k = 0; k < free.length; k++) free[k] = free.length - 1 - k;
    freeTop = free.length;
    runTop = 0;
  };
  resetSlots();

  function profile_graph_entry(ip: number, _parentIp: number, _depth: number, _gops: FgraphOps, _args: unknown, exits: boolean): number {
    if (ip >= hits.length) growStats(ip);
    hits[ip] = (hits[ip] as number) + 1;
    if (!exits) return 0;
    if (freeTop === 0 && !growSlots()) {
      overrun++;
      return 0;
    }
    const slot = free[--freeTop] as number;
    const now = clock();
    start[slot] = now;
    segStart[slot] = now;
    ran[slot] = 0;
    subtime[slot] = 0;
    running[runTop++] = slot;
    return slot + 1;
  }

  function profile_graph_return(ip: number, _depth: number, token: number, how: Leave): void {
    const slot = token - 1;
    if (runTop > 0 && running[runTop - 1] === slot) runTop--;
    if (how === LEAVE.GONE) {
      // The profiler is going away (or the call was lost): the call is dropped untimed.
      free[freeTop++] = slot;
      return;
    }
    const now = clock();
    const segment = now - (segStart[slot] as number);
    const graphTime = options['graph-time'];
    // The parent is the call running below this one now: this segment ran inside its time.
    if (!graphTime && runTop > 0) {
      const parent = running[runTop - 1] as number;
      subtime[parent] = (subtime[parent] as number) + segment;
    }
    if (how === LEAVE.SUSPEND) {
      ran[slot] = (ran[slot] as number) + segment;
      return;
    }
    let calltime = options['sleep-time'] ? now - (start[slot] as number) : (ran[slot] as number) + segment;
    if (!graphTime) calltime = calltime > (subtime[slot] as number) ? calltime - (subtime[slot] as number) : 0;
    time[ip] = (time[ip] as number) + calltime;
    timeSquared[ip] = (timeSquared[ip] as number) + calltime * calltime;
    free[freeTop++] = slot;
  }

  function profile_graph_resume(_ip: number, _depth: number, token: number): number {
    const slot = token - 1;
    segStart[slot] = clock();
    running[runTop++] = slot;
    return token;
  }

  return {
    entry: profile_graph_entry,
    ret: profile_graph_return,
    resume: profile_graph_resume,
    reset() {
      hits.fill(0);
      time.fill(0);
      timeSquared.fill(0);
      resetSlots();
      overrun = 0;
    },
    records() {
      const out: ProfileRecord[] = [];
      for (let ip = 0; ip < hits.length; ip++) {
        const n = hits[ip] as number;
        if (n > 0) out.push({ ip, hits: n, time: time[ip] as number, timeSquared: timeSquared[ip] as number });
      }
      return out;
    },
    overrun: () => overrun,
  };
}
