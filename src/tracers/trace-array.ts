/**
 * `struct trace_array`: the top-level tracing instance or one of
 * `instances/<name>/`, with its own tracer, filters, options, clock, thread
 * filter and buffer. Tracers are written against it the way kernel tracers
 * are written against `tr`.
 */
import { threadId } from 'node:worker_threads';
import { Ops, type Fgraph, type Ftrace, type OpsFunc } from '../core/index.js';
import { FentryError } from '../errors.js';
import type { Timestamp, TraceBuffer } from './buffer.js';
import { getClock, type ClockName, type TraceClock } from '../ring/index.js';

/** Options of `trace_options` with their defaults; each is also `options/<name>`. */
export const DEFAULT_OPTIONS = {
  'print-parent': true,
  'sym-offset': false,
  overwrite: true,
  func_stack_trace: false,
  'func-no-repeats': false,
  // function_graph (trace_functions_graph.c)
  'funcgraph-cpu': true,
  'funcgraph-overhead': true,
  'funcgraph-proc': false,
  'funcgraph-duration': true,
  'funcgraph-abstime': false,
  'funcgraph-tail': false,
  'funcgraph-retval': false,
  'funcgraph-retval-hex': false,
  'funcgraph-args': false,
  // the function profiler
  'graph-time': true,
  'sleep-time': true,
} as const;

export type OptionName = keyof typeof DEFAULT_OPTIONS;

/** A tracer (`struct tracer`): started and stopped on an instance. */
export interface Tracer {
  readonly name: string;
  init(tr: TraceArray): void;
  reset(tr: TraceArray): void;
  /** An option this tracer reads changed while it is current. */
  optionChanged?(tr: TraceArray, option: OptionName): void;
}

/**
 * The trace clock a new instance starts with. The kernel's default is
 * `local`; here `mono` (`process.hrtime.bigint()`, stored as it comes): the
 * cheapest monotonic clock with enough precision (27 ns per read against
 * 40–45 for `performance.now()`, bench/clocks.mjs), and function_graph reads
 * two per call.
 */
export const TRACE_DEFAULT_CLOCK: ClockName = 'mono';

/** The CPU number of this thread: 0 for the main thread, the worker's thread id otherwise. */
export const THIS_CPU = threadId;

export class TraceArray {
  readonly name: string;
  readonly ftrace: Ftrace;
  /** The thread's function-graph manager (shared by all instances). */
  readonly fgraph: Fgraph;
  readonly buffer: TraceBuffer;
  /** The function tracer's ops; its hashes are this instance's set_ftrace_filter / set_ftrace_notrace. */
  readonly ops: Ops;
  tracingOn = true;
  traceClock: TraceClock = getClock(TRACE_DEFAULT_CLOCK);
  clock: () => Timestamp = this.traceClock.now;
  readonly options: Record<OptionName, boolean> = { ...DEFAULT_OPTIONS };
  /** `set_ftrace_pid` by thread: empty means every thread. */
  readonly pids = new Set<number>();
  tracer: Tracer;
  #nop: Tracer;
  /** Called when the instance's function callback must be rebuilt (options or thread filter changed). */
  #specialise: (() => void) | undefined;

  constructor(name: string, ftrace: Ftrace, fgraph: Fgraph, buffer: TraceBuffer, nop: Tracer) {
    this.name = name;
    this.ftrace = ftrace;
    this.fgraph = fgraph;
    this.buffer = buffer;
    this.#nop = nop;
    this.tracer = nop;
    this.ops = new Ops({ name: name === '' ? 'global_ops' : `instance:${name}`, func: () => {}, private: this });
    this.buffer.setClock(this.traceClock.name);
  }

  /** Whether this thread passes the `set_ftrace_pid` filter. */
  get threadTraced(): boolean {
    return this.pids.size === 0 || this.pids.has(THIS_CPU);
  }

  setTracer(tracer: Tracer): void {
    if (tracer === this.tracer) return;
    this.tracer.reset(this);
    this.tracer = this.#nop;
    tracer.init(this);
    this.tracer = tracer;
  }

  setOption(option: string, on: boolean): void {
    if (!(option in this.options)) throw new FentryError('EINVAL', `unknown trace option '${option}'`, { value: option });
    const name = option as OptionName;
    if (this.options[name] === on) return;
    this.options[name] = on;
    if (name === 'overwrite') this.buffer.overwrite = on;
    this.tracer.optionChanged?.(this, name);
  }

  /** Selects a trace clock by name (EINVAL for an unknown one); the buffer is cleared, as the kernel does. */
  setClock(name: string): void {
    const clock = getClock(name);
    this.traceClock = clock;
    this.clock = clock.now;
    this.buffer.setClock(clock.name);
    this.#specialise?.();
  }

  setPids(pids: Iterable<number>): void {
    this.pids.clear();
    for (const pid of pids) this.pids.add(pid);
    this.#specialise?.();
  }

  /**
   * Installs `func` as the instance ops' callback, re-registering if needed so
   * every site calls the new one (sites cache the callback they were patched with).
   */
  setFunction(func: OpsFunc, specialise?: () => void): void {
    this.#specialise = specialise;
    const registered = this.ftrace.ops.includes(this.ops);
    if (registered) this.ftrace.unregister(this.ops);
    this.ops.func = func;
    if (registered) this.ftrace.register(this.ops);
  }

  /** Called when the clock or the thread filter changed, for a tracer specialised to them. */
  setSpecialiser(specialise: (() => void) | undefined): void {
    this.#specialise = specialise;
  }

  clearSpecialiser(): void {
    this.#specialise = undefined;
  }
}
