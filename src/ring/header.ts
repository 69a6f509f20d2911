/**
 * Reading and writing a ring's header: the writer's published counters, its
 * IDLE word, and the consumers' lock and counters. Every access here goes
 * through `Atomics`; this file is the only place that synchronises the writer
 * with readers in other threads.
 */
import { FentryError } from '../errors.js';
import {
  H_IDLE,
  H_RLOCK,
  H_WSEQ,
  H_RSEQ,
  HEADER_QWORDS,
  HEADER_WORDS,
  Q_CLEAR_DROPPED,
  Q_CLEAR_EVENTS,
  Q_DROPPED,
  Q_EVENTS,
  Q_HEAD,
  Q_READ_EVENTS,
  Q_READ_SLOT,
} from './layout.js';

/** The two views every header access goes through; `H_*` indices are for `u32`, `Q_*` for `i64`. */
export interface Header {
  /** The header as u32 words: constants, flags, IDLE, the seqlock and lock words. */
  readonly u32: Uint32Array;
  /** The same bytes as i64 words: the 53-bit counters. */
  readonly i64: BigInt64Array;
}

/** Views over the header of `buffer`. */
export function headerOf(buffer: SharedArrayBuffer): Header {
  return { u32: new Uint32Array(buffer, 0, HEADER_WORDS), i64: new BigInt64Array(buffer, 0, HEADER_QWORDS) };
}

// How long a reader retries a seqlock or waits for the consumer lock. A
// consumer only copies the ring and never waits itself, so it releases the
// lock unless its thread died holding it; the bound turns that case into an
// EBUSY error instead of a hang. (A writer cannot die mid-publish without its
// thread, and one that publishes without pause gets an approximate read, not
// an error.)
const WAIT_MS = 2000;

const load = (h: Header, q: number): number => Number(Atomics.load(h.i64, q));
const store = (h: Header, q: number, v: number): void => {
  Atomics.store(h.i64, q, BigInt(v));
};

/** The published head, all a read of events needs. */
export interface HeadState {
  /** Absolute slot position one past the last published slot. */
  head: number;
  /** The writer had published and written nothing since (see `H_IDLE`). */
  idle: boolean;
}

/** Reads HEAD and IDLE: two atomics, never waits. */
export function readHead(h: Header): HeadState {
  const idle = Atomics.load(h.u32, H_IDLE) === 1;
  return { head: load(h, Q_HEAD), idle };
}

/** The writer's published counters. */
export interface WriterState {
  /** Absolute slot position one past the last published slot. */
  head: number;
  /** Events among the first `head` slots. */
  events: number;
  /** Events refused (non-overwrite mode) since the ring was made. */
  dropped: number;
  /**
   * The three values come from one publish. False only when a writer kept
   * republishing for the whole of two seconds; `events` may then be off by
   * the events of one batch.
   */
  exact: boolean;
}

/**
 * Reads HEAD, EVENTS and DROPPED as one set (seqlock on WSEQ), for counts.
 * Retries while the writer is mid-publish; a publish is three stores, so a
 * retry almost always succeeds, and after two seconds of failures the last
 * unchecked read is returned rather than waiting on a writer that publishes
 * without pause.
 */
export function readWriterState(h: Header): WriterState {
  const deadline = Date.now() + WAIT_MS;
  for (let n = 0; ; n++) {
    const s1 = Atomics.load(h.u32, H_WSEQ);
    const head = load(h, Q_HEAD);
    const events = load(h, Q_EVENTS);
    const dropped = load(h, Q_DROPPED);
    const exact = (s1 & 1) === 0 && Atomics.load(h.u32, H_WSEQ) === s1;
    if (exact || ((n & 1023) === 1023 && Date.now() > deadline)) return { head, events, dropped, exact };
  }
}

/** Publishes the writer's counters under the WSEQ seqlock. Owning thread only, so nothing races on WSEQ itself. */
export function publishWriterState(h: Header, head: number, events: number, dropped: number): void {
  Atomics.add(h.u32, H_WSEQ, 1);
  store(h, Q_DROPPED, dropped);
  store(h, Q_EVENTS, events);
  store(h, Q_HEAD, head);
  Atomics.add(h.u32, H_WSEQ, 1);
}

/** Marks the writer idle (after a publish) or busy (before its next write). Owning thread only. */
export function setWriterIdle(h: Header, idle: boolean): void {
  Atomics.store(h.u32, H_IDLE, idle ? 1 : 0);
}

/** The consumer's read position, one atomic load: what the writer checks in non-overwrite mode, without ever waiting. */
export function loadReadSlot(h: Header): number {
  return load(h, Q_READ_SLOT);
}

/** What the consumers last recorded. */
export interface ConsumerState {
  /** Absolute slot position of the first unconsumed slot. */
  readSlot: number;
  /** Events consumed since the last clear. */
  readEvents: number;
  /** EVENTS at the last clear. */
  clearEvents: number;
  /** DROPPED at the last clear. */
  clearDropped: number;
}

function loadConsumerWords(h: Header): ConsumerState {
  return {
    readSlot: load(h, Q_READ_SLOT),
    readEvents: load(h, Q_READ_EVENTS),
    clearEvents: load(h, Q_CLEAR_EVENTS),
    clearDropped: load(h, Q_CLEAR_DROPPED),
  };
}

/**
 * Reads the consumer words as one consistent set (seqlock on RSEQ, which is
 * odd only for the four stores of an update, not for a whole consuming read).
 */
export function readConsumerState(h: Header): ConsumerState {
  const deadline = Date.now() + WAIT_MS;
  for (let n = 0; ; n++) {
    const s1 = Atomics.load(h.u32, H_RSEQ);
    if ((s1 & 1) === 0) {
      const s = loadConsumerWords(h);
      if (Atomics.load(h.u32, H_RSEQ) === s1) return s;
    }
    if ((n & 1023) === 1023 && Date.now() > deadline) {
      throw new FentryError('EBUSY', 'ring buffer: a consumer stayed in the middle of an update (RSEQ odd)');
    }
  }
}

/**
 * Takes the consumer lock and returns the consumer state under it. Consumers
 * in different threads (`trace_pipe` readers, `clear`, a resize) serialise
 * here; the writer never takes it.
 */
export function lockConsumer(h: Header): ConsumerState {
  const deadline = Date.now() + WAIT_MS;
  for (let n = 0; ; n++) {
    if (Atomics.compareExchange(h.u32, H_RLOCK, 0, 1) === 0) return loadConsumerWords(h);
    if ((n & 1023) === 1023 && Date.now() > deadline) {
      throw new FentryError('EBUSY', 'ring buffer: another consumer holds the ring (RLOCK)');
    }
  }
}

/** Stores the consumer state and releases the lock taken by {@link lockConsumer}; `s` null releases it unchanged. */
export function unlockConsumer(h: Header, s: ConsumerState | null): void {
  if (s !== null) {
    Atomics.add(h.u32, H_RSEQ, 1);
    store(h, Q_READ_SLOT, s.readSlot);
    store(h, Q_READ_EVENTS, s.readEvents);
    store(h, Q_CLEAR_EVENTS, s.clearEvents);
    store(h, Q_CLEAR_DROPPED, s.clearDropped);
    Atomics.add(h.u32, H_RSEQ, 1);
  }
  Atomics.store(h.u32, H_RLOCK, 0);
}
