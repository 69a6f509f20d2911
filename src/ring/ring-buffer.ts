/**
 * The per-thread ring buffer: fixed-size binary events in a SharedArrayBuffer,
 * written by the owning thread only and readable from any thread through a
 * {@link RingReader} over the same buffer.
 *
 * The write path is what every traced call pays, so it is plain typed-array
 * stores plus counters kept in ordinary object fields. Concurrency rests on
 * these invariants:
 *
 * - One writer. Only the thread that made the ring calls its `write*`
 *   methods, `publish`, `resize` and the `overwrite` and `clock` setters.
 *   Nothing on the write path is atomic.
 * - The writer publishes its head (with the event and drop counts) whenever
 *   its slot index reaches `limit`, and `limit` is at most BATCH slots past
 *   the head it last published. So the writer is never more than BATCH slots
 *   ahead of what readers see, which lets a reader in another thread discard
 *   exactly the slots that may be overwritten under it. The one comparison
 *   `idx >= limit` on the write path covers publishing, wrapping at the end
 *   of the ring, the non-overwrite full check and leaving idle.
 * - Every multi-slot event (a marker piece) publishes just before it is
 *   written and is at most BATCH slots long, so it keeps the bound too.
 * - `publish()` marks the writer IDLE and sets `limit` to `idx`; the next
 *   write clears IDLE before touching a slot. A reader that sees IDLE and the
 *   same head before and after its copy knows no slot moved, and reads the
 *   whole ring.
 * - In non-overwrite mode the writer never writes past the consumers' read
 *   position + CAPACITY. It looks at that position only when it reaches
 *   `limit`, and reloads it only when the consumers' RSEQ word moved; the
 *   position only grows, so a stale value is safe.
 */
import { FentryError } from '../errors.js';
import {
  CONT_PAYLOAD_BYTES,
  CONT_PAYLOAD_OFFSET,
  DEFAULT_BUFFER_SIZE_KB,
  F_TS,
  FLAG_OVERWRITE,
  FLAG_RETIRED,
  FLAG_TS_NS,
  H_BATCH,
  H_CAPACITY,
  H_CLOCK,
  H_FLAGS,
  H_MAGIC,
  H_RSEQ,
  H_SLOT_SIZE,
  H_TID,
  H_VERSION,
  HEADER_BYTES,
  MARKER_MAX_CONT,
  MAX_BUFFER_SIZE_KB,
  PRINT_FLAG_MORE,
  RING_LAYOUT_VERSION,
  RING_MAGIC,
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
  batchFor,
  slotsForKb,
} from './layout.js';
import { type Header, headerOf, loadReadSlot, lockConsumer, publishWriterState, readWriterState, setWriterIdle, unlockConsumer } from './header.js';
import { RingReader, type RingEvent, type RingStats } from './ring-reader.js';
import { type ClockName, DEFAULT_CLOCK, clockById, getClock } from './clock.js';

/** Options of {@link RingBuffer}. Unknown keys are rejected. */
export interface RingBufferOptions {
  /** Size in KiB, as written to `buffer_size_kb`; default 1408 (the kernel's expanded default). */
  sizeKb?: number;
  /** Overwrite the oldest events when full (default, the kernel's `overwrite` option); false drops new events instead. */
  overwrite?: boolean;
  /** Thread id stored in every event and in the header; default 0 (the main thread). */
  tid?: number;
  /**
   * The trace clock the caller takes timestamps with (default `local`). The
   * ring stores its id for readers, and for an `ns` clock (`mono`) stores
   * timestamps as i64 nanoseconds: write them with the `*Ns` methods.
   */
  clock?: ClockName;
}

const OPTION_KEYS = new Set(['sizeKb', 'overwrite', 'tid', 'clock']);
const encoder = new TextEncoder();

function checkSizeKb(kb: unknown, where: string): number {
  if (typeof kb !== 'number' || !Number.isInteger(kb) || kb < 1) {
    throw new FentryError('EINVAL', `${where}: buffer_size_kb must be a positive integer, got ${String(kb)}`, { value: kb });
  }
  if (kb > MAX_BUFFER_SIZE_KB) {
    throw new FentryError('ENOMEM', `${where}: buffer_size_kb ${kb} is above the limit of ${MAX_BUFFER_SIZE_KB} KiB per thread`, { value: kb });
  }
  return kb;
}

function allocate(capacity: number, where: string): SharedArrayBuffer {
  try {
    return new SharedArrayBuffer(HEADER_BYTES + capacity * SLOT_SIZE);
  } catch (cause) {
    throw new FentryError('ENOMEM', `${where}: cannot allocate a ring of ${capacity} slots`, { value: capacity, cause });
  }
}

function initHeader(buffer: SharedArrayBuffer, capacity: number, tid: number, flags: number, clockId: number): Header {
  const h = headerOf(buffer);
  Atomics.store(h.u32, H_VERSION, RING_LAYOUT_VERSION);
  Atomics.store(h.u32, H_SLOT_SIZE, SLOT_SIZE);
  Atomics.store(h.u32, H_CAPACITY, capacity);
  Atomics.store(h.u32, H_BATCH, batchFor(capacity));
  Atomics.store(h.u32, H_TID, tid);
  Atomics.store(h.u32, H_FLAGS, flags);
  Atomics.store(h.u32, H_CLOCK, clockId);
  // Last: a reader that sees the magic sees every word above.
  Atomics.store(h.u32, H_MAGIC, RING_MAGIC);
  return h;
}

/**
 * A per-thread ring of 32-byte events in a SharedArrayBuffer (layout in
 * `layout.ts`), with the kernel ring buffer's modes and counts. The owning
 * thread writes; `events`, `consume`, `clear` and `stats` here read the ring
 * from the owning thread, and a {@link RingReader} over {@link buffer} does
 * the same from any other thread.
 */
export class RingBuffer {
  /** Thread id stored in every event. */
  readonly tid: number;

  // Writer state: plain fields, read and written only by the owning thread.
  private u32: Uint32Array;
  private f64: Float64Array;
  /** The same words as `f64`, for timestamps of an `ns` clock. */
  private i64: BigInt64Array;
  private u8: Uint8Array;
  private hdr: Header;
  private cap: number;
  private batch: number;
  /** Absolute position of slot 0 in the current lap: the head is `base + idx`. */
  private base = 0;
  /** Slot index of the next write, 0..cap. It reaches `cap` only until the slow path wraps it. */
  private idx = 0;
  /**
   * The write path takes the slow path when `idx` reaches this: never past
   * the end of the lap, BATCH slots past the last publish, or (non-overwrite)
   * the consumers' position + CAPACITY. So the only work per event besides
   * the stores is one compare and one increment.
   */
  private limit = 0;
  /** Continuation slots written (so events = head - cont). */
  private cont = 0;
  /** Events refused in non-overwrite mode. */
  private dropped = 0;
  /** The consumers' read position as last seen by the writer (non-overwrite mode). */
  private readSlot = 0;
  /** RSEQ when `readSlot` was loaded: the position can only have moved if RSEQ did. */
  private rseq = -1;
  /** HEAD as last published, so refusals alone do not republish on every event. */
  private publishedHead = -1;
  /** Mirrors the header's IDLE word, so leaving idle costs an atomic only once. */
  private idle = false;
  private overwriteMode: boolean;
  private view: RingReader;

  /** Throws EINVAL for a bad option, ENOMEM when the buffer cannot be allocated. */
  constructor(options: RingBufferOptions = {}) {
    for (const key of Object.keys(options)) {
      if (!OPTION_KEYS.has(key)) throw new FentryError('EINVAL', `RingBuffer: unknown option ${JSON.stringify(key)}`, { value: key });
    }
    const kb = checkSizeKb(options.sizeKb ?? DEFAULT_BUFFER_SIZE_KB, 'RingBuffer');
    const tid = options.tid ?? 0;
    if (!Number.isInteger(tid) || tid < 0 || tid > 0xffffffff) throw new FentryError('EINVAL', `RingBuffer: tid must be a u32, got ${String(tid)}`, { value: tid });
    const clock = getClock(options.clock ?? DEFAULT_CLOCK);
    this.tid = tid;
    this.overwriteMode = options.overwrite ?? true;
    this.cap = slotsForKb(kb);
    this.batch = batchFor(this.cap);
    const buffer = allocate(this.cap, 'RingBuffer');
    const flags = (this.overwriteMode ? FLAG_OVERWRITE : 0) | (clock.ns ? FLAG_TS_NS : 0);
    this.hdr = initHeader(buffer, this.cap, tid, flags, clock.id);
    this.u32 = new Uint32Array(buffer, HEADER_BYTES, this.cap * SLOT_WORDS);
    this.f64 = new Float64Array(buffer, HEADER_BYTES, this.cap * SLOT_F64S);
    this.i64 = new BigInt64Array(buffer, HEADER_BYTES, this.cap * SLOT_F64S);
    this.u8 = new Uint8Array(buffer, HEADER_BYTES, this.cap * SLOT_SIZE);
    this.view = new RingReader(buffer, { quiescent: true });
    this.publish();
  }

  /** The SharedArrayBuffer to hand to readers in other threads; a {@link resize} replaces it. */
  get buffer(): SharedArrayBuffer {
    return this.view.buffer;
  }

  /** Slots in the ring. */
  get capacity(): number {
    return this.cap;
  }

  /** Size as `buffer_size_kb` shows it. */
  get sizeKb(): number {
    return (this.cap * SLOT_SIZE) / 1024;
  }

  /** Most bytes of marker text one print event holds; longer `trace_marker` writes are split. */
  get markerPieceBytes(): number {
    return Math.min(MARKER_MAX_CONT, this.batch - 1) * CONT_PAYLOAD_BYTES;
  }

  /** Overwrite mode (default on). Switching it keeps the stored events. */
  get overwrite(): boolean {
    return this.overwriteMode;
  }

  set overwrite(on: boolean) {
    this.overwriteMode = on;
    if (on) Atomics.or(this.hdr.u32, H_FLAGS, FLAG_OVERWRITE);
    else Atomics.and(this.hdr.u32, H_FLAGS, ~FLAG_OVERWRITE);
    this.publish();
  }

  /**
   * The trace clock timestamps are taken with. Setting it clears the ring, as
   * writing `trace_clock` does in the kernel: timestamps of two clocks do not
   * compare (and an `ns` clock stores them differently). Throws EINVAL for an
   * unknown name.
   */
  get clock(): ClockName {
    return clockById(Atomics.load(this.hdr.u32, H_CLOCK)).name;
  }

  set clock(name: ClockName) {
    const clock = getClock(name);
    this.publish();
    this.view.clear();
    Atomics.store(this.hdr.u32, H_CLOCK, clock.id);
    if (clock.ns) Atomics.or(this.hdr.u32, H_FLAGS, FLAG_TS_NS);
    else Atomics.and(this.hdr.u32, H_FLAGS, ~FLAG_TS_NS);
  }

  // ---- write path (owning thread only) -------------------------------------
  //
  // Slot offsets below are layout.ts's W_* (u32 words) and F_* (f64 words)
  // written as literals: an imported binding costs a load and a TDZ check per
  // use, which measured ~4 ns per event on the seven stores of an event.
  // Word index = slot * 8 (SLOT_WORDS), f64 index = slot * 4 (SLOT_F64S); the
  // tests decode every field through layout.ts, so a mismatch fails them.

  /** Records a function tracer event (`TRACE_FN`): `site` was called from `parent` at `ts`. */
  writeFunction(site: number, parent: number, ts: number): void {
    let i = this.idx;
    if (i >= this.limit) {
      if (!this.reserve(1)) return;
      i = this.idx;
    }
    const w = i * 8;
    const u32 = this.u32;
    u32[w] = 1; // W_HEAD = TRACE_FN, no flags, depth 0, ext 0
    u32[w + 1] = this.tid; // W_TID
    u32[w + 2] = site; // W_SITE
    u32[w + 3] = parent; // W_PARENT
    const f = i * 4;
    const f64 = this.f64;
    f64[f + 2] = ts; // F_TS
    // F_VALUE (a0, a1): zeroed rather than left stale, so a raw copy of the
    // ring never carries another event's payload.
    f64[f + 3] = 0;
    this.idx = i + 1;
  }

  /**
   * Records a one-slot event of any type with two u32 payload words (e.g. a
   * graph return's overrun and a small return value). `flags` and `depth` are
   * truncated to 8 bits.
   */
  write(type: number, flags: number, depth: number, site: number, parent: number, ts: number, a0: number, a1: number): void {
    let i = this.idx;
    if (i >= this.limit) {
      if (!this.reserve(1)) return;
      i = this.idx;
    }
    const w = i * 8;
    const u32 = this.u32;
    u32[w] = (type & 0xff) | ((flags & 0xff) << 8) | ((depth & 0xff) << 16); // W_HEAD
    u32[w + 1] = this.tid; // W_TID
    u32[w + 2] = site; // W_SITE
    u32[w + 3] = parent; // W_PARENT
    this.f64[i * 4 + 2] = ts; // F_TS
    u32[w + 6] = a0; // W_A0
    u32[w + 7] = a1; // W_A1
    this.idx = i + 1;
  }

  /** Like {@link write}, with the payload as one float64 (a duration, a numeric return value). */
  writeValue(type: number, flags: number, depth: number, site: number, parent: number, ts: number, value: number): void {
    let i = this.idx;
    if (i >= this.limit) {
      if (!this.reserve(1)) return;
      i = this.idx;
    }
    const w = i * 8;
    const u32 = this.u32;
    u32[w] = (type & 0xff) | ((flags & 0xff) << 8) | ((depth & 0xff) << 16); // W_HEAD
    u32[w + 1] = this.tid; // W_TID
    u32[w + 2] = site; // W_SITE
    u32[w + 3] = parent; // W_PARENT
    const f = i * 4;
    const f64 = this.f64;
    f64[f + 2] = ts; // F_TS
    f64[f + 3] = value; // F_VALUE
    this.idx = i + 1;
  }

  /** {@link writeFunction} for an `ns` clock (`mono`): `ns` is stored as the i64 it is, with no conversion. */
  writeFunctionNs(site: number, parent: number, ns: bigint): void {
    let i = this.idx;
    if (i >= this.limit) {
      if (!this.reserve(1)) return;
      i = this.idx;
    }
    const w = i * 8;
    const u32 = this.u32;
    u32[w] = 1; // W_HEAD = TRACE_FN
    u32[w + 1] = this.tid; // W_TID
    u32[w + 2] = site; // W_SITE
    u32[w + 3] = parent; // W_PARENT
    const f = i * 4;
    this.i64[f + 2] = ns; // F_TS
    this.f64[f + 3] = 0; // F_VALUE
    this.idx = i + 1;
  }

  /** {@link write} for an `ns` clock. */
  writeNs(type: number, flags: number, depth: number, site: number, parent: number, ns: bigint, a0: number, a1: number): void {
    let i = this.idx;
    if (i >= this.limit) {
      if (!this.reserve(1)) return;
      i = this.idx;
    }
    const w = i * 8;
    const u32 = this.u32;
    u32[w] = (type & 0xff) | ((flags & 0xff) << 8) | ((depth & 0xff) << 16); // W_HEAD
    u32[w + 1] = this.tid; // W_TID
    u32[w + 2] = site; // W_SITE
    u32[w + 3] = parent; // W_PARENT
    this.i64[i * 4 + 2] = ns; // F_TS
    u32[w + 6] = a0; // W_A0
    u32[w + 7] = a1; // W_A1
    this.idx = i + 1;
  }

  /** {@link writeValue} for an `ns` clock. */
  writeValueNs(type: number, flags: number, depth: number, site: number, parent: number, ns: bigint, value: number): void {
    let i = this.idx;
    if (i >= this.limit) {
      if (!this.reserve(1)) return;
      i = this.idx;
    }
    const w = i * 8;
    const u32 = this.u32;
    u32[w] = (type & 0xff) | ((flags & 0xff) << 8) | ((depth & 0xff) << 16); // W_HEAD
    u32[w + 1] = this.tid; // W_TID
    u32[w + 2] = site; // W_SITE
    u32[w + 3] = parent; // W_PARENT
    const f = i * 4;
    this.i64[f + 2] = ns; // F_TS
    this.f64[f + 3] = value; // F_VALUE
    this.idx = i + 1;
  }

  /** {@link writeValueNs} with an i64 payload (a graph return's call time on an `ns` clock, stored as it comes). */
  writeStampNs(type: number, flags: number, depth: number, site: number, parent: number, ns: bigint, stamp: bigint): void {
    let i = this.idx;
    if (i >= this.limit) {
      if (!this.reserve(1)) return;
      i = this.idx;
    }
    const w = i * 8;
    const u32 = this.u32;
    u32[w] = (type & 0xff) | ((flags & 0xff) << 8) | ((depth & 0xff) << 16); // W_HEAD
    u32[w + 1] = this.tid; // W_TID
    u32[w + 2] = site; // W_SITE
    u32[w + 3] = parent; // W_PARENT
    const f = i * 4;
    this.i64[f + 2] = ns; // F_TS
    this.i64[f + 3] = stamp; // F_VALUE as i64
    this.idx = i + 1;
  }

  /**
   * Records a `trace_marker` write. Text longer than {@link markerPieceBytes}
   * (UTF-8) is split, as the kernel splits a write longer than a sub-buffer,
   * into consecutive print events whose texts concatenate to the original;
   * every piece but the last has `PRINT_FLAG_MORE`. Splits fall between code
   * points, so each piece is valid text on its own. Publishes at the end:
   * markers are rare and whoever wrote one usually wants to see it. Returns
   * the number of pieces recorded (fewer than written when a non-overwrite
   * ring is full). `ts` is a bigint for an `ns` clock.
   */
  writeMarker(text: string, ts: number | bigint): number {
    const bytes = encoder.encode(text);
    const piece = this.markerPieceBytes;
    let recorded = 0;
    let off = 0;
    do {
      let end = Math.min(off + piece, bytes.length);
      if (end < bytes.length) {
        // Back up to a code point boundary: UTF-8 continuation bytes are 10xxxxxx.
        let e = end;
        while (e > off && ((bytes[e] ?? 0) & 0xc0) === 0x80) e--;
        if (e > off) end = e;
      }
      if (this.writePrint(bytes, off, end, end < bytes.length, ts)) recorded++;
      off = end;
    } while (off < bytes.length);
    this.publish();
    return recorded;
  }

  private writePrint(bytes: Uint8Array, from: number, to: number, more: boolean, ts: number | bigint): boolean {
    const len = to - from;
    const ext = Math.ceil(len / CONT_PAYLOAD_BYTES);
    // Always through reserve: publishing right before a multi-slot event keeps
    // the writer within BATCH slots of the published head while it writes.
    if (!this.reserve(1 + ext)) return false;
    const cap = this.cap;
    const u32 = this.u32;
    let i = this.idx;
    let w = i * SLOT_WORDS;
    u32[w + W_HEAD] = TRACE_PRINT | ((more ? PRINT_FLAG_MORE : 0) << SHIFT_FLAGS) | (ext << SHIFT_EXT);
    u32[w + W_TID] = this.tid;
    u32[w + W_SITE] = 0;
    u32[w + W_PARENT] = 0;
    if (typeof ts === 'bigint') this.i64[i * SLOT_F64S + F_TS] = ts;
    else this.f64[i * SLOT_F64S + F_TS] = ts;
    u32[w + W_A0] = len;
    u32[w + W_A1] = 0;
    for (let k = 1, off = from; k <= ext; k++, off += CONT_PAYLOAD_BYTES) {
      // A piece may run over the end of the lap: continue at slot 0.
      if (++i === cap) {
        i = 0;
        this.base += cap;
      }
      w = i * SLOT_WORDS;
      u32[w + W_HEAD] = TRACE_CONT | (k << SHIFT_EXT);
      const at = i * SLOT_SIZE + CONT_PAYLOAD_OFFSET;
      const take = Math.min(CONT_PAYLOAD_BYTES, to - off);
      this.u8.set(bytes.subarray(off, off + take), at);
      if (take < CONT_PAYLOAD_BYTES) this.u8.fill(0, at + take, at + CONT_PAYLOAD_BYTES);
    }
    this.idx = i + 1;
    this.cont += ext;
    return true;
  }

  /**
   * The slow path, taken when `idx` reaches `limit`: leaves idle if the writer
   * was, wraps to the next lap at the end of the ring, publishes, and sets the
   * next `limit`. In non-overwrite mode it refreshes the consumers' position
   * and refuses an event of `n` slots (counting it) when it does not fit.
   */
  private reserve(n: number): boolean {
    if (this.idle) {
      // Before any slot is written: a reader that still sees IDLE must be
      // able to trust that nothing moves under its copy.
      setWriterIdle(this.hdr, false);
      this.idle = false;
    }
    const cap = this.cap;
    if (this.idx === cap) {
      this.base += cap;
      this.idx = 0;
    }
    const h = this.base + this.idx;
    let end = h + this.batch;
    if (!this.overwriteMode) {
      // A u32 load tells whether a consumer moved since the last look; only
      // then is the i64 position (an allocation to read) loaded again.
      const rseq = Atomics.load(this.hdr.u32, H_RSEQ);
      if (rseq !== this.rseq) {
        this.rseq = rseq;
        this.readSlot = loadReadSlot(this.hdr);
      }
      end = Math.min(end, this.readSlot + cap);
      if (h + n > end) {
        this.dropped++;
        this.limit = Math.min(end - this.base, cap);
        // A full ring refuses every event until a consumer reads: publish the
        // refusals in batches (owner reads and publish() are exact anyway).
        if (h !== this.publishedHead || (this.dropped & 255) === 1) this.publishAt(h);
        return false;
      }
    }
    // In slot-index terms, and never past the end of this lap: the write path
    // does not wrap by itself.
    this.limit = Math.min(end - this.base, cap);
    this.publishAt(h);
    return true;
  }

  private publishAt(h: number): void {
    publishWriterState(this.hdr, h, h - this.cont, this.dropped);
    this.publishedHead = h;
  }

  /**
   * Makes every event written so far visible to readers in other threads and
   * marks the writer idle, so a reader can take the whole ring without
   * allowing for slots about to be overwritten. A few atomics; call it when
   * the thread goes idle (the tracer layer does, when the thread returns to
   * its event loop). The next write pays one more publish to leave idle.
   */
  publish(): void {
    this.publishAt(this.base + this.idx);
    if (!this.idle) {
      setWriterIdle(this.hdr, true);
      this.idle = true;
    }
    // The next write takes the slow path, which clears IDLE before writing.
    this.limit = this.idx;
  }

  // ---- reads from the owning thread ------------------------------------------

  /** The `trace` read: all stored, unconsumed events, oldest first, without consuming them. */
  events(): RingEvent[] {
    this.publish();
    return this.view.events();
  }

  /** The `trace_pipe` read: removes and returns up to `max` of the oldest unconsumed events. */
  consume(max = Infinity): RingEvent[] {
    this.publish();
    // publish() left `limit` at `head`, so the next write re-reads the
    // consumers' position and sees the slots this read freed.
    return this.view.consume(max);
  }

  /** Empties the buffer and restarts its counts (`echo > trace`). */
  clear(): void {
    this.publish();
    this.view.clear();
  }

  /** `entries`, `overrun`, `written`, … as the kernel's per-CPU `stats` file; see {@link RingStats}. */
  stats(): RingStats {
    this.publish();
    return this.view.stats();
  }

  /**
   * Changes the size, as a write to `buffer_size_kb` does. The ring moves to a
   * new SharedArrayBuffer (so {@link buffer} changes; the old one is marked
   * retired for readers still holding it) and keeps as many of the newest
   * unconsumed events as fit, whole events only; the ones that do not fit
   * count as overrun, as the pages a shrinking kernel ring gives up do. All
   * counts carry over. Owning thread only. Throws EINVAL for a size that is
   * not a positive integer, ENOMEM above the limit or when allocation fails;
   * the ring is unchanged then.
   */
  resize(kb: number): void {
    checkSizeKb(kb, 'RingBuffer.resize');
    const cap = slotsForKb(kb);
    if (cap === this.cap) return;
    const buffer = allocate(cap, 'RingBuffer.resize');
    // Idle first: readers still holding the old buffer may read all of it.
    this.publish();
    const old = this.hdr;
    const oldCap = this.cap;
    const cs = lockConsumer(old);
    const ws = readWriterState(old);
    // Walk the stored events oldest first to find the first one from which
    // the rest fits into the new ring.
    const hi = ws.head;
    let p = Math.max(cs.readSlot, hi - oldCap, 0);
    let keepFrom = hi;
    while (p < hi) {
      const w0 = this.u32[(p % oldCap) * SLOT_WORDS] ?? 0;
      const type = w0 & 0xff;
      if (type === TRACE_CONT || type === TRACE_PADDING) {
        p++;
        continue;
      }
      if (hi - p <= cap) {
        keepFrom = p;
        break;
      }
      p += 1 + (w0 >>> SHIFT_EXT);
    }
    const flags = Atomics.load(old.u32, H_FLAGS) & ~FLAG_RETIRED;
    const hdr = initHeader(buffer, cap, this.tid, flags, Atomics.load(old.u32, H_CLOCK));
    const u8 = new Uint8Array(buffer, HEADER_BYTES, cap * SLOT_SIZE);
    for (let q = keepFrom; q < hi; q++) {
      const from = (q % oldCap) * SLOT_SIZE;
      u8.set(this.u8.subarray(from, from + SLOT_SIZE), (q % cap) * SLOT_SIZE);
    }
    // The new ring starts at the first kept event, so the events given up
    // show as overrun (published, never read, not stored).
    const readSlot = Math.max(cs.readSlot, keepFrom);
    publishWriterState(hdr, ws.head, ws.events, ws.dropped);
    unlockConsumer(hdr, { ...cs, readSlot });
    Atomics.or(old.u32, H_FLAGS, FLAG_RETIRED);
    unlockConsumer(old, null);

    this.cap = cap;
    this.batch = batchFor(cap);
    this.hdr = hdr;
    this.u32 = new Uint32Array(buffer, HEADER_BYTES, cap * SLOT_WORDS);
    this.f64 = new Float64Array(buffer, HEADER_BYTES, cap * SLOT_F64S);
    this.i64 = new BigInt64Array(buffer, HEADER_BYTES, cap * SLOT_F64S);
    this.u8 = u8;
    const head = this.base + this.idx;
    this.idx = head % cap;
    this.base = head - this.idx;
    this.readSlot = readSlot;
    this.rseq = -1;
    this.idle = false;
    this.view = new RingReader(buffer, { quiescent: true });
    this.publish();
  }
}
