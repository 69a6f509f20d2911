/**
 * Reading and writing a ring's header words: the 53-bit counters split into
 * (lo, hi) u32 pairs, the writer's seqlock and the consumer's lock. Every
 * access here goes through `Atomics`; it is the only place that synchronises
 * the writer with readers in other threads.
 */
import { FentryError } from '../errors.js';
import {
  H_CLEAR_DROPPED,
  H_CLEAR_EVENTS,
  H_CONT,
  H_DROPPED,
  H_HEAD,
  H_READ_EVENTS,
  H_READ_SLOT,
  H_RSEQ,
  H_WSEQ,
} from './layout.js';

const TWO_32 = 4294967296;

/** Stores a non-negative integer below 2^53 into the (lo, hi) pair at `i`. */
export function storePair(h: Uint32Array, i: number, v: number): void {
  // ToUint32 reduces modulo 2^32 exactly for any integer-valued double.
  Atomics.store(h, i, v >>> 0);
  Atomics.store(h, i + 1, Math.floor(v / TWO_32));
}

/** Loads the pair at `i`; only consistent with its neighbours inside a seqlock read. */
export function loadPair(h: Uint32Array, i: number): number {
  return Atomics.load(h, i) + Atomics.load(h, i + 1) * TWO_32;
}

/** What the writer last published. */
export interface WriterState {
  /** Absolute slot position one past the last published slot. */
  head: number;
  /** Continuation slots among the first `head` slots. */
  cont: number;
  /** Events refused (non-overwrite mode) since the ring was made. */
  dropped: number;
}

/** What the consumer side last recorded. */
export interface ConsumerState {
  /** Absolute slot position of the first unconsumed slot. */
  readSlot: number;
  /** Events consumed since the last clear. */
  readEvents: number;
  /** Published events at the last clear. */
  clearEvents: number;
  /** Dropped events at the last clear. */
  clearDropped: number;
}

// A seqlock read retries while the other side is mid-update. Updates are a
// handful of stores, so a retry almost never happens twice; the bound only
// turns a writer or consumer that died mid-update into an error instead of a
// hang.
const SPIN_LIMIT = 1_000_000;

/** Reads the writer's published words as one consistent set (seqlock on WSEQ). */
export function readWriterState(h: Uint32Array): WriterState {
  for (let n = 0; n < SPIN_LIMIT; n++) {
    const s1 = Atomics.load(h, H_WSEQ);
    if ((s1 & 1) !== 0) continue;
    const head = loadPair(h, H_HEAD);
    const cont = loadPair(h, H_CONT);
    const dropped = loadPair(h, H_DROPPED);
    if (Atomics.load(h, H_WSEQ) === s1) return { head, cont, dropped };
  }
  throw new FentryError('EBUSY', 'ring buffer: the writer never finished publishing its head (WSEQ stayed odd)');
}

/**
 * Publishes the writer's counters. Only the owning thread calls this, so the
 * sequence number is read back rather than kept: there is no other writer of
 * WSEQ to race with.
 */
export function publishWriterState(h: Uint32Array, head: number, cont: number, dropped: number): void {
  const s = Atomics.load(h, H_WSEQ);
  Atomics.store(h, H_WSEQ, s + 1);
  storePair(h, H_HEAD, head);
  storePair(h, H_CONT, cont);
  storePair(h, H_DROPPED, dropped);
  Atomics.store(h, H_WSEQ, (s + 2) >>> 0);
}

/** Reads the consumer's words as one consistent set, waiting out a consumer mid-update. */
export function readConsumerState(h: Uint32Array): ConsumerState {
  for (let n = 0; n < SPIN_LIMIT; n++) {
    const s = tryReadConsumerState(h);
    if (s !== null) return s;
  }
  throw new FentryError('EBUSY', 'ring buffer: a consumer holds the ring (RSEQ stayed odd)');
}

/** One attempt at {@link readConsumerState}: null when a consumer is mid-update. The writer uses this so it never waits. */
export function tryReadConsumerState(h: Uint32Array): ConsumerState | null {
  const s1 = Atomics.load(h, H_RSEQ);
  if ((s1 & 1) !== 0) return null;
  const readSlot = loadPair(h, H_READ_SLOT);
  const readEvents = loadPair(h, H_READ_EVENTS);
  const clearEvents = loadPair(h, H_CLEAR_EVENTS);
  const clearDropped = loadPair(h, H_CLEAR_DROPPED);
  if (Atomics.load(h, H_RSEQ) !== s1) return null;
  return { readSlot, readEvents, clearEvents, clearDropped };
}

/**
 * Takes the consumer lock (RSEQ even → odd) and returns the state under it.
 * Consumers in different threads (a `trace_pipe` reader, `clear`) serialise
 * here; the writer never takes it.
 */
export function lockConsumer(h: Uint32Array): ConsumerState {
  for (let n = 0; n < SPIN_LIMIT; n++) {
    const s = Atomics.load(h, H_RSEQ);
    if ((s & 1) !== 0) continue;
    if (Atomics.compareExchange(h, H_RSEQ, s, s + 1) !== s) continue;
    return {
      readSlot: loadPair(h, H_READ_SLOT),
      readEvents: loadPair(h, H_READ_EVENTS),
      clearEvents: loadPair(h, H_CLEAR_EVENTS),
      clearDropped: loadPair(h, H_CLEAR_DROPPED),
    };
  }
  throw new FentryError('EBUSY', 'ring buffer: could not take the consumer lock (RSEQ stayed odd)');
}

/** Writes the consumer state and releases the lock taken by {@link lockConsumer}. */
export function unlockConsumer(h: Uint32Array, s: ConsumerState): void {
  storePair(h, H_READ_SLOT, s.readSlot);
  storePair(h, H_READ_EVENTS, s.readEvents);
  storePair(h, H_CLEAR_EVENTS, s.clearEvents);
  storePair(h, H_CLEAR_DROPPED, s.clearDropped);
  Atomics.add(h, H_RSEQ, 1);
}

/** Releases the consumer lock without changing anything (after an error). */
export function abandonConsumer(h: Uint32Array): void {
  Atomics.add(h, H_RSEQ, 1);
}
