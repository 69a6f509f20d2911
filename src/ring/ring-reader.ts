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
 * contents, keeps the check exact for any slot contents. When the writer was
 * IDLE at the same head before and after the copy, nothing moved and nothing
 * is dropped; in non-overwrite mode the writer never passes the consumers'
 * read position, so there is nothing to drop either. The ordering this relies
 * on (plain slot stores before the writer's atomic publish; the reader's plain
 * copy before its second atomic head read) holds on x86; on weakly ordered
 * CPUs a load may complete a few nanoseconds late, which the BATCH-slot
 * margin covers many times over (the IDLE shortcut has no such margin: a
 * write racing a read there could tear the oldest slot).
 */
import { FentryError } from '../errors.js';
import {
  CONT_PAYLOAD_BYTES,
  CONT_PAYLOAD_OFFSET,
  F_TS,
  F_VALUE,
  FLAG_OVERWRITE,
  FLAG_RETIRED,
  FLAG_TS_NS,
  H_BATCH,
  H_CAPACITY,
  H_CLOCK,
  H_FLAGS,
  H_MAGIC,
  H_SLOT_SIZE,
  H_TID,
  H_VERSION,
  HEADER_BYTES,
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
import { type ClockName, clockById } from './clock.js';
import {
  type ConsumerState,
  type HeadState,
  type Header,
  headerOf,
  lockConsumer,
  readConsumerState,
  readHead,
  readWriterState,
  unlockConsumer,
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
  /** Timestamp in the unit of the ring's clock: µs for the time clocks (an `ns` clock's nanoseconds converted), a count for `counter`/`uptime`. */
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

/** A validated private copy of part of the ring and where its events start. */
interface Snapshot {
  /** Absolute position of the copy's first slot. */
  lo: number;
  bytes: Uint8Array;
  u32: Uint32Array;
  f64: Float64Array;
  /** Set when timestamps are i64 nanoseconds (FLAG_TS_NS), to be shown in µs. */
  i64: BigInt64Array | null;
  /** Absolute positions of the events, oldest first. */
  starts: number[];
  /** Position one past the last event taken. */
  end: number;
  /** Slots the events occupy, continuation slots included. */
  slots: number;
}

/**
 * A reader over a ring's SharedArrayBuffer, usable from any thread. Reads never
 * block the writer: a non-consuming read changes nothing in the buffer, a
 * consuming read only advances the consumers' read position (which the writer
 * looks at only in non-overwrite mode).
 */
export class RingReader {
  /** The SharedArrayBuffer this reader views. */
  readonly buffer: SharedArrayBuffer;
  /** Slots in the ring. */
  readonly capacity: number;
  /** Thread id of the ring's owner. */
  readonly tid: number;
  readonly #hdr: Header;
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
    const hdr = headerOf(buffer);
    const magic = Atomics.load(hdr.u32, H_MAGIC);
    const version = Atomics.load(hdr.u32, H_VERSION);
    const slotSize = Atomics.load(hdr.u32, H_SLOT_SIZE);
    const capacity = Atomics.load(hdr.u32, H_CAPACITY);
    if (magic !== RING_MAGIC || version !== RING_LAYOUT_VERSION || slotSize !== SLOT_SIZE || HEADER_BYTES + capacity * SLOT_SIZE > buffer.byteLength) {
      throw new FentryError(
        'ERR_FENTRY_RING_LAYOUT',
        `RingReader: not a fentry ring of layout ${RING_LAYOUT_VERSION} (magic 0x${magic.toString(16)}, version ${version}, slot size ${slotSize}, capacity ${capacity})`,
        { value: buffer },
      );
    }
    this.buffer = buffer;
    this.capacity = capacity;
    this.tid = Atomics.load(hdr.u32, H_TID);
    this.#hdr = hdr;
    this.#slots = new Uint8Array(buffer, HEADER_BYTES, capacity * SLOT_SIZE);
    this.#batch = Atomics.load(hdr.u32, H_BATCH);
    this.#quiescent = options.quiescent === true;
  }

  /** Whether the ring overwrites its oldest events when full (else it drops new ones). */
  get overwrite(): boolean {
    return (Atomics.load(this.#hdr.u32, H_FLAGS) & FLAG_OVERWRITE) !== 0;
  }

  /** True once the owner resized into a new buffer: this one is frozen and the owner's new `buffer` must be read instead. */
  get retired(): boolean {
    return (Atomics.load(this.#hdr.u32, H_FLAGS) & FLAG_RETIRED) !== 0;
  }

  /** The trace clock the timestamps were taken with; `ts` of events is in its unit (µs for the time clocks). */
  get clock(): ClockName {
    return clockById(Atomics.load(this.#hdr.u32, H_CLOCK)).name;
  }

  /** Buffer size as `buffer_size_kb` shows it. */
  get sizeKb(): number {
    return (this.capacity * SLOT_SIZE) / 1024;
  }

  /** The `trace` read: every stored, unconsumed event, oldest first, leaving the buffer as it was. */
  events(): RingEvent[] {
    const snap = this.#snapshot(readConsumerState(this.#hdr), readHead(this.#hdr), Infinity);
    return decodeAll(snap);
  }

  /**
   * The `trace_pipe` read: returns up to `max` of the oldest unconsumed events
   * and removes them, so neither `events()` nor a later `consume()` returns
   * them again. Consumers in several threads are serialised by a lock in the
   * header (held for the copy, not for decoding); the writer never waits for it.
   */
  consume(max = Infinity): RingEvent[] {
    if (!(max >= 0)) throw new FentryError('EINVAL', `RingReader.consume: max must be a non-negative number, got ${String(max)}`, { value: max });
    const cs = lockConsumer(this.#hdr);
    let snap: Snapshot;
    try {
      snap = this.#snapshot(cs, readHead(this.#hdr), max);
    } catch (err) {
      unlockConsumer(this.#hdr, null);
      throw err;
    }
    unlockConsumer(this.#hdr, { ...cs, readSlot: Math.max(cs.readSlot, snap.end), readEvents: cs.readEvents + snap.starts.length });
    return decodeAll(snap);
  }

  /**
   * Empties the buffer as `echo > trace` does and restarts every count at 0.
   * The writer is not stopped: an event the writer had written but not yet
   * published when `clear` ran is concurrent with it and survives.
   */
  clear(): void {
    lockConsumer(this.#hdr);
    const ws = readWriterState(this.#hdr);
    unlockConsumer(this.#hdr, { readSlot: ws.head, readEvents: 0, clearEvents: ws.events, clearDropped: ws.dropped });
  }

  /**
   * The buffer's counters. `entries` comes from walking the stored events
   * (O(capacity)), because an overwritten marker takes a variable number of
   * slots with it; the other counts follow from the header. For a ring whose
   * writer is running in another thread they are a moment's snapshot.
   */
  stats(): RingStats {
    const cs = readConsumerState(this.#hdr);
    const { idle } = readHead(this.#hdr);
    const ws = readWriterState(this.#hdr);
    const snap = this.#snapshot(cs, { head: ws.head, idle }, Infinity);
    const entries = snap.starts.length;
    const overrun = Math.max(0, ws.events - cs.clearEvents - cs.readEvents - entries);
    const first = snap.starts[0];
    return {
      entries,
      overrun,
      written: entries + overrun,
      read: cs.readEvents,
      dropped: Math.max(0, ws.dropped - cs.clearDropped),
      bytes: snap.slots * SLOT_SIZE,
      oldestTs: first === undefined ? undefined : tsAt(snap, first - snap.lo),
    };
  }

  /**
   * Copies the readable window (up to `hs.head`, from the consumers' read
   * position) out of shared memory, drops what a live writer may have
   * overwritten during the copy, and finds the events in what is left.
   */
  #snapshot(cs: ConsumerState, hs: HeadState, max: number): Snapshot {
    const cap = this.capacity;
    const hi = hs.head;
    const live = !this.#quiescent && this.overwrite;
    const guard = live && !hs.idle ? this.#batch : 0;
    let lo = Math.max(cs.readSlot, hi - cap + guard, 0);
    if (lo > hi) lo = hi;
    const n = hi - lo;
    const bytes = new Uint8Array(n * SLOT_SIZE);
    if (n > 0) {
      const first = lo % cap;
      const run = Math.min(n, cap - first);
      bytes.set(this.#slots.subarray(first * SLOT_SIZE, (first + run) * SLOT_SIZE), 0);
      if (run < n) bytes.set(this.#slots.subarray(0, (n - run) * SLOT_SIZE), run * SLOT_SIZE);
    }
    let start = lo;
    if (live && n > 0) {
      // An idle writer that is still idle at the same head wrote nothing
      // during the copy; otherwise keep only what it cannot have reached.
      const after = readHead(this.#hdr);
      if (!(hs.idle && after.idle && after.head === hi)) start = Math.min(hi, Math.max(lo, after.head - cap + this.#batch));
    }
    const u32 = new Uint32Array(bytes.buffer);
    const f64 = new Float64Array(bytes.buffer);
    const i64 = (Atomics.load(this.#hdr.u32, H_FLAGS) & FLAG_TS_NS) !== 0 ? new BigInt64Array(bytes.buffer) : null;
    const starts: number[] = [];
    let slots = 0;
    let p = start;
    while (p < hi && starts.length < max) {
      const w0 = u32[(p - lo) * SLOT_WORDS + W_HEAD] ?? 0;
      const type = w0 & 0xff;
      // A continuation slot at the start of the window lost its first slot to
      // an overwrite; padding only appears where a resize left no event.
      if (type === TRACE_CONT || type === TRACE_PADDING) {
        p++;
        continue;
      }
      const size = 1 + (w0 >>> SHIFT_EXT);
      if (p + size > hi) break;
      starts.push(p);
      slots += size;
      p += size;
    }
    return { lo, bytes, u32, f64, i64, starts, end: p, slots };
  }
}

function tsAt(snap: Snapshot, k: number): number {
  const at = k * SLOT_F64S + F_TS;
  return snap.i64 === null ? (snap.f64[at] ?? 0) : Number(snap.i64[at] ?? 0n) / 1000;
}

function decodeAll(snap: Snapshot): RingEvent[] {
  return snap.starts.map((p) => decodeEvent(snap, p, p - snap.lo));
}

function decodeEvent(snap: Snapshot, pos: number, k: number): RingEvent {
  const { u32, f64, bytes } = snap;
  const w = k * SLOT_WORDS;
  const w0 = u32[w + W_HEAD] ?? 0;
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
    ts: tsAt(snap, k),
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
