/**
 * What a tracer writes into and a reader reads from: one thread's ring buffer
 * of an instance, seen as trace events. The binary layout is the ring's
 * business (src/ring); tracers and the control plane see only this.
 */
import type { TraceEvent, BufferCounts, GraphValue } from '../formats/trace-text.js';
import type { ClockName } from '../ring/index.js';

/** Passed as a return's value when none is recorded. */
export const NO_VALUE: unique symbol = Symbol('no value');

/** A clock reading: microseconds (or a count) as a number, or nanoseconds as a bigint for `mono`. */
export type Timestamp = number | bigint;

export interface TraceBuffer {
  /** Appends a function entry. Hot path: no allocation. `ts` is in the clock's unit (a bigint of ns for `mono`). */
  writeFunction(ts: Timestamp, ip: number, parent: number): void;
  /** Appends a `func-no-repeats` summary. */
  writeRepeats(ts: Timestamp, ip: number, parent: number, count: number, deltaUs: number): void;
  /** Appends a marker, split into as many events as it needs. */
  writeMarker(ts: Timestamp, text: string): void;
  /** Appends a function_graph entry (`flags`: GRAPH_ENT bits; `args`: the arguments as text). */
  writeGraphEntry(ts: Timestamp, ip: number, depth: number, flags: number, args: readonly string[] | undefined): void;
  /**
   * Appends a function_graph return: `start` is the reading of the same clock
   * when the call (or this run of it) began, so no clock arithmetic happens
   * on the hot path; `first`, for an async call that suspended, the reading
   * at its first entry (else undefined); `retval` only when recorded.
   */
  writeGraphReturn(ts: Timestamp, ip: number, depth: number, how: number, start: Timestamp, retval: GraphValue | typeof NO_VALUE, first: Timestamp | undefined): void;
  /** Appends a `<stack trace>` entry. */
  writeStack(ts: Timestamp, frames: readonly string[]): void;
  /** The stored events, oldest first, without consuming them (`trace`). */
  read(): TraceEvent[];
  /** Removes and returns the stored events (`trace_pipe`), with the events lost since the last consuming read. */
  consume(): { events: TraceEvent[]; lost: number };
  clear(): void;
  /** Events stored / ever written. */
  counts(): BufferCounts;
  /** Events overwritten or dropped since the last clear. */
  readonly lost: number;
  /** Size in KiB (`buffer_size_kb`). */
  readonly sizeKb: number;
  resize(kb: number): void;
  /** Overwrite the oldest events when full (default) or drop new ones. */
  overwrite: boolean;
  /** Records which trace clock the timestamps come from; the buffer is cleared, as in the kernel. */
  setClock(name: ClockName): void;
}
