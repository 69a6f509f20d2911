/**
 * The per-thread ring buffer: fixed-size binary events in a SharedArrayBuffer,
 * written by the owning thread only and readable from any thread through a
 * {@link RingReader} over the same buffer.
 *
 * The write path is what every traced call pays, so it is plain typed-array
 * stores plus two counters kept in ordinary object fields. Concurrency rests
 * on these invariants:
 *
 * - One writer. Only the thread that made the ring calls its `write*`
 *   methods, `publish`, `resize` and the `overwrite` setter. Nothing on the
 *   write path is atomic.
 * - The writer publishes its head (plus the continuation and drop counts) to
 *   the header under a seqlock whenever it reaches `limit`, and `limit` is at
 *   most BATCH slots past the head it last published. So at any instant the
 *   writer is at most BATCH slots ahead of what readers see, which is what
 *   lets a reader in another thread discard exactly the slots that may be
 *   overwritten under it. The one comparison `head >= limit` on the write path
 *   covers both the publishing and the non-overwrite full check.
 * - Every multi-slot event (a marker piece) publishes just before it is
 *   written and is at most BATCH slots long, so it keeps the bound too.
 * - In non-overwrite mode the writer never writes past the consumer's read
 *   position + CAPACITY. It reads that position only when it reaches `limit`,
 *   and never waits for it: if a consumer is mid-update it uses the last value
 *   it saw, which is never later than the real one.
 *
 * Events published but not yet read are what `trace` shows. The owner should
 * call {@link RingBuffer.publish} when its thread goes idle (the tracer layer
 * does this when the thread returns to its event loop) so a remote reader does
 * not miss the last partial batch.
 */
import { FentryError } from '../errors.js';
import {
  CONT_PAYLOAD_BYTES,
  CONT_PAYLOAD_OFFSET,
  DEFAULT_BUFFER_SIZE_KB,
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
  MARKER_MAX_CONT,
  MAX_BUFFER_SIZE_KB,
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
  TRACE_FN,
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
import { lockConsumer, publishWriterState, readWriterState, tryReadConsumerState, unlockConsumer } from './header.js';
import { RingReader, type RingEvent, type RingStats } from './ring-reader.js';

/** Options of {@link RingBuffer}. Unknown keys are rejected. */
export interface RingBufferOptions {
  /** Size in KiB, as written to `buffer_size_kb`; default 1408 (the kernel's expanded default). */
  sizeKb?: number;
  /** Overwrite the oldest events when full (default, the kernel's `overwrite` option); false drops new events instead. */
  overwrite?: boolean;
  /** Thread id stored in every event and in the header; default 0 (the main thread). */
  tid?: number;
  /** Id of the trace clock the caller takes timestamps with (`clock.ts`); stored for readers, default 0 (`local`). */
  clockId?: number;
}

const OPTION_KEYS = new Set(['sizeKb', 'overwrite', 'tid', 'clockId']);
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

function initHeader(buffer: SharedArrayBuffer, capacity: number, tid: number, flags: number, clockId: number): Uint32Array {
  const h = new Uint32Array(buffer, 0, HEADER_WORDS);
  Atomics.store(h, H_VERSION, RING_LAYOUT_VERSION);
  Atomics.store(h, H_SLOT_SIZE, SLOT_SIZE);
  Atomics.store(h, H_CAPACITY, capacity);
  Atomics.store(h, H_BATCH, batchFor(capacity));
  Atomics.store(h, H_TID, tid);
  Atomics.store(h, H_FLAGS, flags);
  Atomics.store(h, H_CLOCK, clockId);
  // Last: a reader that sees the magic sees every word above.
  Atomics.store(h, H_MAGIC, RING_MAGIC);
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
  private u8: Uint8Array;
  private hdr: Uint32Array;
  private cap: number;
  private batch: number;
  /** Absolute position of the next slot to write. */
  private head = 0;
  /** `head % cap`, kept separately so the write path never divides. */
  private idx = 0;
  /** The write path takes the slow path when `head` reaches this. */
  private limit = 0;
  /** Continuation slots written (so events = head - cont). */
  private cont = 0;
  /** Events refused in non-overwrite mode. */
  private dropped = 0;
  /** The consumer's read position as last seen by the writer (non-overwrite mode). */
  private readSlot = 0;
  private overwriteMode: boolean;
  private view: RingReader;

  /** Throws EINVAL for a bad option, ENOMEM when the buffer cannot be allocated. */
  constructor(options: RingBufferOptions = {}) {
    for (const key of Object.keys(options)) {
      if (!OPTION_KEYS.has(key)) throw new FentryError('EINVAL', `RingBuffer: unknown option ${JSON.stringify(key)}`, { value: key });
    }
    const kb = checkSizeKb(options.sizeKb ?? DEFAULT_BUFFER_SIZE_KB, 'RingBuffer');
    const tid = options.tid ?? 0;
    const clockId = options.clockId ?? 0;
    if (!Number.isInteger(tid) || tid < 0 || tid > 0xffffffff) throw new FentryError('EINVAL', `RingBuffer: tid must be a u32, got ${String(tid)}`, { value: tid });
    if (!Number.isInteger(clockId) || clockId < 0 || clockId > 0xffffffff) {
      throw new FentryError('EINVAL', `RingBuffer: clockId must be a u32, got ${String(clockId)}`, { value: clockId });
    }
    this.tid = tid;
    this.overwriteMode = options.overwrite ?? true;
    this.cap = slotsForKb(kb);
    this.batch = batchFor(this.cap);
    const buffer = allocate(this.cap, 'RingBuffer');
    this.hdr = initHeader(buffer, this.cap, tid, this.overwriteMode ? FLAG_OVERWRITE : 0, clockId);
    this.u32 = new Uint32Array(buffer, HEADER_BYTES, this.cap * SLOT_WORDS);
    this.f64 = new Float64Array(buffer, HEADER_BYTES, this.cap * SLOT_F64S);
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
    const flags = Atomics.load(this.hdr, H_FLAGS);
    Atomics.store(this.hdr, H_FLAGS, on ? flags | FLAG_OVERWRITE : flags & ~FLAG_OVERWRITE);
    this.publish();
  }

  /**
   * Id of the trace clock timestamps are taken with. The ring only stores it
   * for readers; as in the kernel, the control plane clears the buffer when
   * the clock changes, because old and new timestamps do not compare.
   */
  get clockId(): number {
    return Atomics.load(this.hdr, H_CLOCK);
  }

  set clockId(id: number) {
    Atomics.store(this.hdr, H_CLOCK, id);
  }

  // ---- write path (owning thread only) -------------------------------------

  /** Records a function tracer event (`TRACE_FN`): `site` was called from `parent` at `ts`. */
  writeFunction(site: number, parent: number, ts: number): void {
    const h = this.head;
    if (h >= this.limit && !this.reserve(1)) return;
    const i = this.idx;
    const w = i * SLOT_WORDS;
    const u32 = this.u32;
    u32[w + W_HEAD] = TRACE_FN;
    u32[w + W_TID] = this.tid;
    u32[w + W_SITE] = site;
    u32[w + W_PARENT] = parent;
    this.f64[i * SLOT_F64S + F_TS] = ts;
    // Zeroed rather than left stale, so a raw copy of the ring never carries
    // another event's payload.
    u32[w + W_A0] = 0;
    u32[w + W_A1] = 0;
    this.head = h + 1;
    this.idx = i + 1 === this.cap ? 0 : i + 1;
  }

  /**
   * Records a one-slot event of any type with two u32 payload words (e.g. a
   * graph return's overrun and a small return value). `flags` and `depth` are
   * truncated to 8 bits.
   */
  write(type: number, flags: number, depth: number, site: number, parent: number, ts: number, a0: number, a1: number): void {
    const h = this.head;
    if (h >= this.limit && !this.reserve(1)) return;
    const i = this.idx;
    const w = i * SLOT_WORDS;
    const u32 = this.u32;
    u32[w + W_HEAD] = (type & 0xff) | ((flags & 0xff) << SHIFT_FLAGS) | ((depth & 0xff) << SHIFT_DEPTH);
    u32[w + W_TID] = this.tid;
    u32[w + W_SITE] = site;
    u32[w + W_PARENT] = parent;
    this.f64[i * SLOT_F64S + F_TS] = ts;
    u32[w + W_A0] = a0;
    u32[w + W_A1] = a1;
    this.head = h + 1;
    this.idx = i + 1 === this.cap ? 0 : i + 1;
  }

  /** Like {@link write}, with the payload as one float64 (a duration, a numeric return value). */
  writeValue(type: number, flags: number, depth: number, site: number, parent: number, ts: number, value: number): void {
    const h = this.head;
    if (h >= this.limit && !this.reserve(1)) return;
    const i = this.idx;
    const w = i * SLOT_WORDS;
    const u32 = this.u32;
    u32[w + W_HEAD] = (type & 0xff) | ((flags & 0xff) << SHIFT_FLAGS) | ((depth & 0xff) << SHIFT_DEPTH);
    u32[w + W_TID] = this.tid;
    u32[w + W_SITE] = site;
    u32[w + W_PARENT] = parent;
    const f = i * SLOT_F64S;
    this.f64[f + F_TS] = ts;
    this.f64[f + F_VALUE] = value;
    this.head = h + 1;
    this.idx = i + 1 === this.cap ? 0 : i + 1;
  }

  /**
   * Records a `trace_marker` write. Text longer than {@link markerPieceBytes}
   * (UTF-8) is split, as the kernel splits a write longer than a sub-buffer,
   * into consecutive print events whose texts concatenate to the original;
   * every piece but the last has `PRINT_FLAG_MORE`. Splits fall between code
   * points, so each piece is valid text on its own. Publishes at the end:
   * markers are rare and whoever wrote one usually wants to see it. Returns
   * the number of pieces recorded (fewer than written when a non-overwrite
   * ring is full).
   */
  writeMarker(text: string, ts: number): number {
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

  private writePrint(bytes: Uint8Array, from: number, to: number, more: boolean, ts: number): boolean {
    const len = to - from;
    const ext = Math.ceil(len / CONT_PAYLOAD_BYTES);
    const n = 1 + ext;
    // Always through reserve: publishing right before a multi-slot event keeps
    // the writer within BATCH slots of the published head while it writes.
    if (!this.reserve(n)) return false;
    const u32 = this.u32;
    let i = this.idx;
    let w = i * SLOT_WORDS;
    u32[w + W_HEAD] = TRACE_PRINT | ((more ? PRINT_FLAG_MORE : 0) << SHIFT_FLAGS) | (ext << SHIFT_EXT);
    u32[w + W_TID] = this.tid;
    u32[w + W_SITE] = 0;
    u32[w + W_PARENT] = 0;
    this.f64[i * SLOT_F64S + F_TS] = ts;
    u32[w + W_A0] = len;
    u32[w + W_A1] = 0;
    for (let k = 1, off = from; k <= ext; k++, off += CONT_PAYLOAD_BYTES) {
      i = i + 1 === this.cap ? 0 : i + 1;
      w = i * SLOT_WORDS;
      u32[w + W_HEAD] = TRACE_CONT | (k << SHIFT_EXT);
      const at = i * SLOT_SIZE + CONT_PAYLOAD_OFFSET;
      const take = Math.min(CONT_PAYLOAD_BYTES, to - off);
      this.u8.set(bytes.subarray(off, off + take), at);
      if (take < CONT_PAYLOAD_BYTES) this.u8.fill(0, at + take, at + CONT_PAYLOAD_BYTES);
    }
    this.idx = i + 1 === this.cap ? 0 : i + 1;
    this.head += n;
    this.cont += ext;
    return true;
  }

  /**
   * The slow path, taken when `head + n` passes `limit`: publishes, moves
   * `limit` one batch on and, in non-overwrite mode, refreshes the consumer's
   * position and refuses the event (counting it) when it does not fit.
   */
  private reserve(n: number): boolean {
    const h = this.head;
    let limit = h + this.batch;
    let fits = true;
    if (!this.overwriteMode) {
      const cs = tryReadConsumerState(this.hdr);
      if (cs !== null) this.readSlot = cs.readSlot;
      const end = this.readSlot + this.cap;
      if (end < limit) limit = end;
      if (h + n > limit) {
        fits = false;
        this.dropped++;
      }
    }
    this.limit = limit;
    publishWriterState(this.hdr, h, this.cont, this.dropped);
    return fits;
  }

  /** Makes every event written so far visible to readers in other threads. Cheap (a few atomics); call it when the thread goes idle. */
  publish(): void {
    this.reserve(0);
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
    const out = this.view.consume(max);
    // In non-overwrite mode the consumed slots are free again: let the writer see it now.
    this.publish();
    return out;
  }

  /** Empties the buffer and restarts its counts (`echo > trace`). */
  clear(): void {
    this.publish();
    this.view.clear();
    this.publish();
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
    const flags = Atomics.load(old, H_FLAGS) & FLAG_OVERWRITE;
    const hdr = initHeader(buffer, cap, this.tid, flags, Atomics.load(old, H_CLOCK));
    const u8 = new Uint8Array(buffer, HEADER_BYTES, cap * SLOT_SIZE);
    for (let q = keepFrom; q < hi; q++) {
      const from = (q % oldCap) * SLOT_SIZE;
      u8.set(this.u8.subarray(from, from + SLOT_SIZE), (q % cap) * SLOT_SIZE);
    }
    publishWriterState(hdr, ws.head, ws.cont, ws.dropped);
    // The new consumer state starts at the first kept event, so the events
    // given up show as overrun (committed, never read, not stored).
    unlockConsumer(hdr, { ...cs, readSlot: Math.max(cs.readSlot, keepFrom) });
    Atomics.or(old, H_FLAGS, FLAG_RETIRED);
    unlockConsumer(old, cs);

    this.cap = cap;
    this.batch = batchFor(cap);
    this.hdr = hdr;
    this.u32 = new Uint32Array(buffer, HEADER_BYTES, cap * SLOT_WORDS);
    this.f64 = new Float64Array(buffer, HEADER_BYTES, cap * SLOT_F64S);
    this.u8 = u8;
    this.idx = this.head % cap;
    this.readSlot = Math.max(cs.readSlot, keepFrom);
    this.view = new RingReader(buffer, { quiescent: true });
    this.publish();
  }
}
