/**
 * The clocks `trace_clock` can select, in the kernel's order. A tracer reads
 * the selected clock once per event and passes the value to the ring, so the
 * clock is most of an event's cost (`bench/clocks.mjs`: 30-45 ns for a real
 * clock against ~1 ns for `counter`). The cheapest real clock measured is
 * `process.hrtime.bigint()` stored as it comes into an i64 slot field
 * (~28 ns against ~40 for `performance.now()`; turning the bigint into a
 * number costs more than that gap), so `mono` is that: an `ns` clock whose
 * `now()` returns a bigint, written with the ring's `*Ns` methods.
 *
 * The time clocks return microseconds as a float64, on one base for every
 * thread: CLOCK_MONOTONIC, i.e. time since boot, which is also what the
 * kernel's `local` prints. `performance.now()` counts from each thread's own
 * time origin, so each thread measures the offset of its origin against
 * `process.hrtime` (the same CLOCK_MONOTONIC source, process-wide) once, at
 * load; after that a `local` read is one `performance.now()` plus a multiply
 * and an add, and events from different threads merge by timestamp.
 *
 * Translation of the kernel's clocks:
 *
 * | name      | kernel                              | here                                             |
 * |-----------|-------------------------------------|--------------------------------------------------|
 * | `local`   | sched_clock per CPU, not synced     | `performance.now()` on the monotonic base (default) |
 * | `global`  | synced across CPUs                  | the same source: `local` is already synced here  |
 * | `counter` | an atomic counter, no clock read    | a per-thread sequence number, no clock read      |
 * | `uptime`  | jiffies in USER_HZ (100) ticks      | 10 ms ticks since boot from the same source      |
 * | `perf`    | local_clock, as perf uses           | the same source as `local`                       |
 * | `mono`    | CLOCK_MONOTONIC (fast accessor)     | `process.hrtime.bigint()` as i64 ns: the cheapest |
 *
 * `counter` and `uptime` are not in microseconds (the kernel's `in_ns` is
 * false for them), so formatters print their raw value. `counter` is per
 * thread: it orders one thread's events, not events across threads.
 */
import { FentryError } from '../errors.js';

/** A clock name as written to `trace_clock`. */
export type ClockName = 'local' | 'global' | 'counter' | 'uptime' | 'perf' | 'mono';

/** What every trace clock has. */
interface ClockBase {
  /** The name `trace_clock` lists and accepts. */
  readonly name: ClockName;
  /** Small integer stored in a ring's header (`H_CLOCK`) so a reader knows what the timestamps are. */
  readonly id: number;
  /** True when readers show the clock in microseconds (the kernel's `in_ns`); false for raw counts, printed as they are. */
  readonly inUs: boolean;
}

/** A clock read as a float64 number: microseconds, or a raw count when `inUs` is false. */
export interface NumberClock extends ClockBase {
  /** False: `now()` returns a number, written with the ring's plain `write*` methods. */
  readonly ns: false;
  /** Reads the clock. Monotonic within a thread. */
  readonly now: () => number;
}

/** A clock read as a bigint of nanoseconds, stored unconverted (ring flag `FLAG_TS_NS`); readers still show microseconds. */
export interface NsClock extends ClockBase {
  /** True: `now()` returns a bigint, written with the ring's `*Ns` methods. */
  readonly ns: true;
  /** Reads the clock. Monotonic within a thread. */
  readonly now: () => bigint;
}

/** One selectable trace clock; `ns` tells which `write*` methods take its values. */
export type TraceClock = NumberClock | NsClock;

/** Microseconds of CLOCK_MONOTONIC at this thread's `performance.timeOrigin`. */
function measureOriginUs(): number {
  // Bracket one performance.now() between two hrtime reads and keep the
  // tightest bracket of a few: the error is at most half its width (~0.1 µs).
  let best = Infinity;
  let origin = 0;
  for (let i = 0; i < 32; i++) {
    const a = process.hrtime.bigint();
    const p = performance.now();
    const b = process.hrtime.bigint();
    const width = Number(b - a);
    if (width < best) {
      best = width;
      origin = Number(a) / 1000 + width / 2000 - p * 1000;
    }
  }
  return origin;
}

const ORIGIN_US = measureOriginUs();
// In a Float64Array rather than a `let`: past 2^30 a `let` counter no longer
// fits a small integer and every increment would allocate a heap number.
// Exact up to 2^53.
const sequence = new Float64Array(1);
const hrtime = process.hrtime;

const local = (): number => performance.now() * 1000 + ORIGIN_US;

/** Every clock, in the order `trace_clock` lists them; `id` is the index. */
export const CLOCKS: readonly TraceClock[] = Object.freeze([
  { name: 'local', id: 0, inUs: true, ns: false, now: local },
  { name: 'global', id: 1, inUs: true, ns: false, now: local },
  { name: 'counter', id: 2, inUs: false, ns: false, now: (): number => ++sequence[0]! },
  { name: 'uptime', id: 3, inUs: false, ns: false, now: (): number => Math.floor((performance.now() * 1000 + ORIGIN_US) / 10_000) },
  { name: 'perf', id: 4, inUs: true, ns: false, now: local },
  { name: 'mono', id: 5, inUs: true, ns: true, now: (): bigint => hrtime.bigint() },
] satisfies TraceClock[]);

/** The clock a fresh ring uses, as in the kernel. */
export const DEFAULT_CLOCK: ClockName = 'local';

/** The clock named `name`; throws EINVAL for an unknown name, as a write of one to `trace_clock` fails. */
export function getClock(name: string): TraceClock {
  const clock = CLOCKS.find((c) => c.name === name);
  if (clock === undefined) {
    throw new FentryError('EINVAL', `trace_clock: unknown clock ${JSON.stringify(name)} (known: ${CLOCKS.map((c) => c.name).join(' ')})`, { value: name });
  }
  return clock;
}

/** The clock with header id `id` (a ring's `clockId`); throws EINVAL for an unknown id. */
export function clockById(id: number): TraceClock {
  const clock = CLOCKS[id];
  if (clock === undefined) throw new FentryError('EINVAL', `trace_clock: unknown clock id ${id}`, { value: id });
  return clock;
}

/** The `trace_clock` file's text without its newline: every name, the current one in brackets (`[local] global counter …`). */
export function formatTraceClock(current: ClockName): string {
  return CLOCKS.map((c) => (c.name === current ? `[${c.name}]` : c.name)).join(' ');
}
