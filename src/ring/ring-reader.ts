/**
 * The reading side of a ring: a view over a ring's SharedArrayBuffer that any
 * thread can construct, for `trace` (non-consuming), `trace_pipe`
 * (consuming), `echo > trace` (clear) and the `entries-in-buffer/
 * entries-written` header line.
 *
 * How a read stays correct while the writer keeps writing in another thread:
 * the writer publishes its head at least once per BATCH slots and never runs
 * more than BATCH slots past what it published (see `ring-buffer.ts`). A
 * reader takes the published head H, copies the slots it wants into private
 * memory, then reads the head again (H2). A slot at position p can only have
 * been overwritten during the copy if the writer reached p + CAPACITY, and the
 * writer is below H2 + BATCH, so every slot below H2 + BATCH - CAPACITY is
 * dropped from the copy as lost. Dropping by position, not by checking
 * contents, keeps the check exact for any slot contents. In non-overwrite mode
 * the writer never passes the consumer's read position, so there is nothing to
 * drop. The ordering this relies on (plain slot stores before the writer's
 * atomic publish; the reader's plain copy before its second atomic head read)
 * holds on x86; on weakly ordered CPUs a load may complete a few nanoseconds
 * late, which the BATCH-slot margin covers many times over.
 */
import { FentryError } from '../errors.js';
import {
  CONT_PAYLOAD_BYTES,
  CONT_PAYLOAD_OFFSET,
  F_TS,
  F_VALUE,
  FLAG_OVERWRITE,
  FLAG_RETIRED,
  H_BATCH,
  H_CAPACITY,
  H_CLOCK,
  H_FLAGS,
  H_MAGIC,
  H_SLOT_SIZE,
  H_TID,
  H_VERSION,
  HEADER_BYTES,
  HEADER_WORDS,
  PRINT_FLAG_MORE,
  RING_LAYOUT_VERSION,
  RING_MAGIC,
  SHIFT_DEPTH,
  SHIFT_EXT,
  SHIFT_FLAGS,
  SLOT_F64S,
  SLOT_SIZE,
  SLOT_WORDS,
  TRACE_CONT,
  TRACE_PADDING,
  TRACE_PRINT,
  W_A0,
  W_A1,
  W_HEAD,
  W_PARENT,
  W_SITE,
  W_TID,
} from './layout.js';
import {
  abandonConsumer,
  type ConsumerState,
  lockConsumer,
  readConsumerState,
  readWriterState,
  unlockConsumer,
  type WriterState,
} from './header.js';

/** One decoded event. Fields an event type does not use are 0. */
export interface RingEvent {
  /** Absolute slot position of the event's first slot; increases by the event's slot count. */
  readonly pos: number;
  /** Event type code (`TRACE_FN`, `TRACE_PRINT`, … in `layout.ts`). */
  readonly type: number;
  /** Type-specific flags (for `TRACE_PRINT`: `PRINT_FLAG_MORE`). */
  readonly flags: number;
  /** Call depth for graph events, else 0. */
  readonly depth: number;
  /** Thread id of the writer. */
  readonly tid: number;
  /** Site id of the traced function. */
  readonly site: number;
  /** Site id of the caller, 0 when unknown. */
  readonly parent: number;
  /** Timestamp in the unit of the ring's clock (µs for time clocks, a count for `counter`/`uptime`). */
  readonly ts: number;
  /** First spare payload word (u32); for `TRACE_PRINT`, the piece's byte length. */
  readonly a0: number;
  /** Second spare payload word (u32). */
  readonly a1: number;
  /** The spare payload words read as one float64. */
  readonly value: number;
  /** For `TRACE_PRINT`, this piece of the marker text; otherwise undefined. */
  readonly text: string | undefined;
}

/**
 * The kernel's per-CPU `stats` counters for one ring, relative to the last
 * clear. `entries`/`written` are what the `trace` header prints as
 * `entries-in-buffer/entries-written`: as in the kernel, consumed events
 * count in neither, and written = entries + overrun.
 */
export interface RingStats {
  /** Events in the buffer and not yet consumed. */
  readonly entries: number;
  /** Events overwritten before anyone read them (overwrite mode, or dropped by a shrinking resize). */
  readonly overrun: number;
  /** `entries + overrun`: the kernel's entries-written. */
  readonly written: number;
  /** Events consumed through `trace_pipe` reads. */
  readonly read: number;
  /** Events refused because the buffer was full (non-overwrite mode). */
  readonly dropped: number;
  /** Bytes the stored events occupy, continuation slots included. */
  readonly bytes: number;
  /** Timestamp of the oldest stored event, undefined when empty. */
  readonly oldestTs: number | undefined;
}

/** Options of {@link RingReader}. */
export interface RingReaderOptions {
  /**
   * The writer is not running while this reader reads (it is in the same
   * thread, or it has published and stopped), so no slot needs to be treated
   * as about to be overwritten. Default false: assume a live writer.
   */
  quiescent?: boolean;
}

const decoder = new TextDecoder();

type Mode = 'peek' | 'consume' | 'count';

interface Collected {
  events: RingEvent[];
  /** Position one past the last event returned (or counted). */
  end: number;
  entries: number;
  slots: number;
  oldestTs: number | undefined;
}

/**
 * A reader over a ring's SharedArrayBuffer, usable from any thread. Reads never
 * block the writer: a non-consuming read changes nothing in the buffer, a
 * consuming read only advances the consumer's read position (which the writer
 * looks at only in non-overwrite mode).
 */
export class RingReader {
  /** The SharedArrayBuffer this reader views. */
  readonly buffer: SharedArrayBuffer;
  /** Slots in the ring. */
  readonly capacity: number;
  /** Thread id of the ring's owner. */
  readonly tid: number;
  readonly #hdr: Uint32Array;
  readonly #slots: Uint8Array;
  readonly #batch: number;
  readonly #quiescent: boolean;

  /** Throws `ERR_FENTRY_RING_LAYOUT` when the buffer is not a ring of this layout version. */
  constructor(buffer: SharedArrayBuffer, options: RingReaderOptions = {}) {
    for (const key of Object.keys(options)) {
      if (key !== 'quiescent') throw new FentryError('EINVAL', `RingReader: unknown option ${JSON.stringify(key)}`, { value: key });
    }
    if (!(buffer instanceof SharedArrayBuffer) || buffer.byteLength < HEADER_BYTES + SLOT_SIZE) {
      throw new FentryError('ERR_FENTRY_RING_LAYOUT', 'RingReader: expected the SharedArrayBuffer of a fentry ring', { value: buffer });
    }
    const hdr = new Uint32Array(buffer, 0, HEADER_WORDS);
    const magic = Atomics.load(hdr, H_MAGIC);
    const version = Atomics.load(hdr, H_VERSION);
    const slotSize = Atomics.load(hdr, H_SLOT_SIZE);
    const capacity = Atomics.load(hdr, H_CAPACITY);
    if (magic !== RING_MAGIC || version !== RING_LAYOUT_VERSION || slotSize !== SLOT_SIZE || HEADER_BYTES + capacity * SLOT_SIZE > buffer.byteLength) {
      throw new FentryError(
        'ERR_FENTRY_RING_LAYOUT',
        `RingReader: not a fentry ring of layout ${RING_LAYOUT_VERSION} (magic 0x${magic.toString(16)}, version ${version}, slot size ${slotSize}, capacity ${capacity})`,
        { value: buffer },
      );
    }
    this.buffer = buffer;
    this.capacity = capacity;
    this.tid = Atomics.load(hdr, H_TID);
    this.#hdr = hdr;
    this.#slots = new Uint8Array(buffer, HEADER_BYTES, capacity * SLOT_SIZE);
    this.#batch = Atomics.load(hdr, H_BATCH);
    this.#quiescent = options.quiescent === true;
  }

  /** Whether the ring overwrites its oldest events when full (else it drops new ones). */
  get overwrite(): boolean {
    return (Atomics.load(this.#hdr, H_FLAGS) & FLAG_OVERWRITE) !== 0;
  }

  /** True once the owner resized into a new buffer: this one is frozen and the owner's new `buffer` must be read instead. */
  get retired(): boolean {
    return (Atomics.load(this.#hdr, H_FLAGS) & FLAG_RETIRED) !== 0;
  }

  /** Id of the trace clock the timestamps were taken with (`clock.ts`). */
  get clockId(): number {
    return Atomics.load(this.#hdr, H_CLOCK);
  }

  /** Buffer size as `buffer_size_kb` shows it. */
  get sizeKb(): number {
    return (this.capacity * SLOT_SIZE) / 1024;
  }

  /** The `trace` read: every stored, unconsumed event, oldest first, leaving the buffer as it was. */
  events(): RingEvent[] {
    return this.#collect('peek', readConsumerState(this.#hdr), Infinity).events;
  }

  /**
   * The `trace_pipe` read: returns up to `max` of the oldest unconsumed events
   * and removes them, so neither `events()` nor a later `consume()` returns
   * them again. Consumers in several threads are serialised by a lock in the
   * header; the writer never waits for it.
   */
  consume(max = Infinity): RingEvent[] {
    if (!(max >= 0)) throw new FentryError('EINVAL', `RingReader.consume: max must be a non-negative number, got ${String(max)}`, { value: max });
    const cs = lockConsumer(this.#hdr);
    let out: Collected;
    try {
      out = this.#collect('consume', cs, max);
    } catch (err) {
      abandonConsumer(this.#hdr);
      throw err;
    }
    unlockConsumer(this.#hdr, { ...cs, readSlot: Math.max(cs.readSlot, out.end), readEvents: cs.readEvents + out.events.length });
    return out.events;
  }

  /**
   * Empties the buffer as `echo > trace` does and restarts every count at 0.
   * The writer is not stopped: an event the writer had written but not yet
   * published when `clear` ran is concurrent with it and survives.
   */
  clear(): void {
    lockConsumer(this.#hdr);
    const ws = readWriterState(this.#hdr);
    unlockConsumer(this.#hdr, { readSlot: ws.head, readEvents: 0, clearEvents: ws.head - ws.cont, clearDropped: ws.dropped });
  }

  /**
   * The buffer's counters. `entries` comes from walking the stored events
   * (O(capacity)), because an overwritten marker takes a variable number of
   * events with it; the other counts follow from the header.
   */
  stats(): RingStats {
    const cs = readConsumerState(this.#hdr);
    const got = this.#collect('count', cs, Infinity);
    const ws = got.ws;
    const committed = ws.head - ws.cont - cs.clearEvents;
    const overrun = Math.max(0, committed - cs.readEvents - got.entries);
    return {
      entries: got.entries,
      overrun,
      written: got.entries + overrun,
      read: cs.readEvents,
      dropped: Math.max(0, ws.dropped - cs.clearDropped),
      bytes: got.slots * SLOT_SIZE,
      oldestTs: got.oldestTs,
    };
  }

  /**
   * Copies the readable window out of shared memory, validates it against the
   * head read after the copy and decodes (or only counts) its events.
   */
  #collect(mode: Mode, cs: ConsumerState, max: number): Collected & { ws: WriterState } {
    const cap = this.capacity;
    const ws = readWriterState(this.#hdr);
    const hi = ws.head;
    const live = !this.#quiescent && this.overwrite;
    const guard = live ? this.#batch : 0;
    let lo = Math.max(cs.readSlot, hi - cap + guard, 0);
    if (lo > hi) lo = hi;
    const n = hi - lo;
    const copy = new Uint8Array(n * SLOT_SIZE);
    if (n > 0) {
      const first = lo % cap;
      const run = Math.min(n, cap - first);
      copy.set(this.#slots.subarray(first * SLOT_SIZE, (first + run) * SLOT_SIZE), 0);
      if (run < n) copy.set(this.#slots.subarray(0, (n - run) * SLOT_SIZE), run * SLOT_SIZE);
    }
    let start = lo;
    if (live && n > 0) {
      const after = readWriterState(this.#hdr);
      start = Math.max(lo, after.head - cap + guard);
      if (start > hi) start = hi;
    }
    const u32 = new Uint32Array(copy.buffer);
    const f64 = new Float64Array(copy.buffer);
    const events: RingEvent[] = [];
    let entries = 0;
    let slots = 0;
    let oldestTs: number | undefined;
    let p = start;
    while (p < hi) {
      if (mode === 'consume' && events.length >= max) break;
      const k = p - lo;
      const w0 = u32[k * SLOT_WORDS + W_HEAD] ?? 0;
      const type = w0 & 0xff;
      // A continuation slot at the start of the window lost its first slot to
      // an overwrite; padding only appears between a resize's kept events.
      if (type === TRACE_CONT || type === TRACE_PADDING) {
        p++;
        continue;
      }
      const ext = w0 >>> SHIFT_EXT;
      if (p + 1 + ext > hi) break;
      const ts = f64[k * SLOT_F64S + F_TS] ?? 0;
      oldestTs ??= ts;
      entries++;
      slots += 1 + ext;
      if (mode !== 'count') events.push(decodeEvent(p, w0, u32, f64, copy, k));
      p += 1 + ext;
    }
    return { events, end: p, entries, slots, oldestTs, ws };
  }
}

function decodeEvent(pos: number, w0: number, u32: Uint32Array, f64: Float64Array, bytes: Uint8Array, k: number): RingEvent {
  const w = k * SLOT_WORDS;
  const type = w0 & 0xff;
  const a0 = u32[w + W_A0] ?? 0;
  let text: string | undefined;
  if (type === TRACE_PRINT) {
    const ext = w0 >>> SHIFT_EXT;
    const len = Math.min(a0, ext * CONT_PAYLOAD_BYTES);
    const buf = new Uint8Array(len);
    for (let j = 1, off = 0; j <= ext && off < len; j++) {
      const from = (k + j) * SLOT_SIZE + CONT_PAYLOAD_OFFSET;
      const take = Math.min(CONT_PAYLOAD_BYTES, len - off);
      buf.set(bytes.subarray(from, from + take), off);
      off += take;
    }
    text = decoder.decode(buf);
  }
  return {
    pos,
    type,
    flags: (w0 >>> SHIFT_FLAGS) & 0xff,
    depth: (w0 >>> SHIFT_DEPTH) & 0xff,
    tid: u32[w + W_TID] ?? 0,
    site: u32[w + W_SITE] ?? 0,
    parent: u32[w + W_PARENT] ?? 0,
    ts: f64[k * SLOT_F64S + F_TS] ?? 0,
    a0,
    a1: u32[w + W_A1] ?? 0,
    value: f64[k * SLOT_F64S + F_VALUE] ?? 0,
    text,
  };
}

/**
 * Joins `trace_marker` pieces back into the strings that were written, in
 * order. A write longer than one piece was split into consecutive print events
 * with `PRINT_FLAG_MORE` on all but the last; events of other types are
 * skipped. A trailing incomplete write (its last piece not stored) is returned
 * as far as it goes.
 */
export function reassembleMarkers(events: Iterable<RingEvent>): string[] {
  const out: string[] = [];
  let acc: string | null = null;
  for (const e of events) {
    if (e.type !== TRACE_PRINT) continue;
    acc = (acc ?? '') + (e.text ?? '');
    if ((e.flags & PRINT_FLAG_MORE) === 0) {
      out.push(acc);
      acc = null;
    }
  }
  if (acc !== null) out.push(acc);
  return out;
}
