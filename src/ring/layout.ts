/**
 * The shared-memory layout of a per-thread ring buffer: every offset, size and
 * type code a writer or a reader of the SharedArrayBuffer relies on, and
 * nothing else. A reader in another thread (or a recording file written from
 * a raw copy of the buffer) needs only this file to make sense of the bytes.
 *
 * ```text
 * SharedArrayBuffer
 * +--------------------------- header: 192 bytes, three 64-byte lines ---------------------+
 * | line 0, bytes 0..63, u32 words: constants (FLAGS and CLOCK change, by the owner only)  |
 * |   w0 MAGIC 'fRNG'  w1 VERSION  w2 SLOT_SIZE  w3 CAPACITY (slots)                       |
 * |   w4 BATCH (slots) w5 TID      w6 FLAGS      w7 CLOCK               w8..w15 reserved    |
 * | line 1, bytes 64..127: written by the writer only                                      |
 * |   w16 WSEQ  w17 IDLE (u32)   q9 HEAD  q10 EVENTS  q11 DROPPED (i64)    rest reserved   |
 * | line 2, bytes 128..191: written by consumers only                                      |
 * |   w32 RLOCK  w33 RSEQ (u32)                                                            |
 * |   q17 READ_SLOT  q18 READ_EVENTS  q19 CLEAR_EVENTS  q20 CLEAR_DROPPED (i64) rest -     |
 * +----------------------------------------------------------------------------------------+
 * | slot 0 | slot 1 | ... | slot CAPACITY-1 |      (absolute position p lives in slot p % CAPACITY) |
 * +----------------------------------------------------------------------------------------+
 *   wN = u32 word N (byte 4N); qN = i64 word N (byte 8N)
 *
 * One slot, 32 bytes (u32 word index on the left of each field):
 *
 *  byte 0      1      2      3      4             8             12            16                24        28        32
 *       +------+------+------+------+-------------+-------------+-------------+-----------------+---------+---------+
 *       | type | flags| depth| ext  | tid    (w1) | site   (w2) | parent (w3) | ts (f64, f2)    | a0 (w6) | a1 (w7) |
 *       +------+------+------+------+-------------+-------------+-------------+-----------------+---------+---------+
 *       \______ word 0 (w0) _______/                                                            \__ value (f64, f3) _/
 *
 *  continuation slot of a variable-length event (TRACE_CONT):
 *       +------+------+------+------+-------------------------------------------------------------------------------+
 *       | CONT |  0   |  0   |  k   | 28 payload bytes (k = 1..ext: the slot's place after the event's first slot)   |
 *       +------+------+------+------+-------------------------------------------------------------------------------+
 * ```
 *
 * Word 0 is always written and read as one u32 (`type | flags << 8 |
 * depth << 16 | ext << 24`), never as bytes, so the layout reads the same on
 * either byte order; only the continuation payload is a byte array. `ts` is in
 * the unit of the ring's trace clock: a float64 of microseconds for most time
 * clocks, an i64 of nanoseconds when FLAGS has FLAG_TS_NS (`mono`), a float64
 * raw count for `counter` and `uptime` (see `clock.ts`). `a0`/`a1` and `value` are
 * the same 8 bytes seen as two u32 or one f64; what they mean is up to the
 * event type.
 *
 * Counters in the header are absolute i64 values (a ring at 200 M events/s
 * passes 2^32 slots in 20 s), each read and written as one atomic. Reading
 * events needs HEAD alone, so it never waits for the writer; only the counts
 * (`stats`, `clear`) need HEAD, EVENTS and DROPPED as one set and take them
 * under the WSEQ seqlock. (Events reads stay off the seqlock on purpose: a
 * writer that republishes every few hundred nanoseconds keeps the line busy
 * and a reader's retries could fail for a long time.) Every header word is
 * accessed with `Atomics`; slot words are plain typed-array accesses whose
 * visibility is ordered by the header's atomics (see `ring-reader.ts`).
 */

/** `'fRNG'` as a little-endian u32: marks a buffer as a fentry ring. */
export const RING_MAGIC = 0x474e5266;

/** Bumped whenever anything in this file changes meaning; readers refuse other versions. */
export const RING_LAYOUT_VERSION = 1;

/** Bytes per slot. Every event is one slot plus `ext` continuation slots. */
export const SLOT_SIZE = 32;
/** u32 words per slot (`SLOT_SIZE / 4`): the shift from slot index to word index is 3. */
export const SLOT_WORDS = 8;
/** f64 words per slot (`SLOT_SIZE / 8`): the shift from slot index to f64 index is 2. */
export const SLOT_F64S = 4;

/** u32 words in the header; the slots start right after it. */
export const HEADER_WORDS = 48;
/** i64 words in the header (the same bytes as {@link HEADER_WORDS}). */
export const HEADER_QWORDS = HEADER_WORDS / 2;
/** Bytes in the header: three 64-byte lines, so the writer's and the consumers' words never share a cache line. */
export const HEADER_BYTES = HEADER_WORDS * 4;

// ---- header word indices (H_* index the u32 view, Q_* the i64 view) ------

/** u32 word: {@link RING_MAGIC}. */
export const H_MAGIC = 0;
/** u32 word: {@link RING_LAYOUT_VERSION}. */
export const H_VERSION = 1;
/** u32 word: {@link SLOT_SIZE}, so a reader can reject a foreign slot size before reading a slot. */
export const H_SLOT_SIZE = 2;
/** u32 word: number of slots. A resize makes a new buffer; it never changes this word. */
export const H_CAPACITY = 3;
/**
 * u32 word: the most slots a writer may have written past the published
 * HEAD while it is not IDLE. A reader of a running writer treats the BATCH
 * slots about to be overwritten as already lost.
 */
export const H_BATCH = 4;
/** u32 word: the owning thread's id (`worker_threads.threadId`; 0 for the main thread). */
export const H_TID = 5;
/** u32 word: {@link FLAG_OVERWRITE} and {@link FLAG_RETIRED}, set by the owner. */
export const H_FLAGS = 6;
/** u32 word: the trace clock's id (`clock.ts`), so a reader knows the unit of `ts`. */
export const H_CLOCK = 7;

/** u32 word: writer seqlock, odd while the writer stores the three counters below. */
export const H_WSEQ = 16;
/**
 * u32 word: 1 while the writer is idle (it published and has written
 * nothing since), 0 while it may be writing past HEAD. Cleared before the
 * first write after idling, set after the publish that starts an idle spell.
 */
export const H_IDLE = 17;
/** i64 word: absolute slot position one past the last published slot. */
export const Q_HEAD = 9;
/** i64 word: events among the first HEAD slots (HEAD minus the continuation slots). */
export const Q_EVENTS = 10;
/** i64 word: events refused in non-overwrite mode because the ring was full. */
export const Q_DROPPED = 11;

/** u32 word: consumer mutual exclusion, 1 while a consumer or `clear` works on the ring. */
export const H_RLOCK = 32;
/** u32 word: consumer seqlock, odd only while the consumer words below are being stored. */
export const H_RSEQ = 33;
/** i64 word: absolute slot position of the first unconsumed slot. */
export const Q_READ_SLOT = 17;
/** i64 word: events consumed since the last clear. */
export const Q_READ_EVENTS = 18;
/** i64 word: EVENTS at the last clear; the counts shown are relative to it. */
export const Q_CLEAR_EVENTS = 19;
/** i64 word: DROPPED at the last clear. */
export const Q_CLEAR_DROPPED = 20;

/** FLAGS bit: overwrite mode (the kernel's `overwrite` option, on by default). */
export const FLAG_OVERWRITE = 1;
/** FLAGS bit: the owner resized into a new buffer; this one no longer receives events. */
export const FLAG_RETIRED = 2;
/**
 * FLAGS bit: `ts` holds an i64 count of nanoseconds (the `mono` clock, read
 * with `process.hrtime.bigint()` and stored as it comes), not a float64.
 * Set with the clock; a clock change clears the ring, so encodings never mix.
 */
export const FLAG_TS_NS = 4;

// ---- slot field indices ----------------------------------------------------

/** Slot u32 word: `type | flags << 8 | depth << 16 | ext << 24`. */
export const W_HEAD = 0;
/** Slot u32 word: thread id of the writer. */
export const W_TID = 1;
/** Slot u32 word: site id (the traced function). */
export const W_SITE = 2;
/** Slot u32 word: parent site id (the caller, for `func <-parent`), 0 when unknown. */
export const W_PARENT = 3;
/** Slot f64 (or i64, with FLAG_TS_NS) index: timestamp, in the ring clock's unit. */
export const F_TS = 2;
/** Slot u32 word: first spare payload word. */
export const W_A0 = 6;
/** Slot u32 word: second spare payload word. */
export const W_A1 = 7;
/** Slot f64 index: the spare payload words seen as one float64. */
export const F_VALUE = 3;
/** Byte offset, inside a continuation slot, of its payload. */
export const CONT_PAYLOAD_OFFSET = 4;
/** Payload bytes per continuation slot. */
export const CONT_PAYLOAD_BYTES = SLOT_SIZE - CONT_PAYLOAD_OFFSET;

/** Bit shift of `flags` in word 0. */
export const SHIFT_FLAGS = 8;
/** Bit shift of `depth` in word 0. */
export const SHIFT_DEPTH = 16;
/** Bit shift of `ext` (continuation slots that follow) in word 0. */
export const SHIFT_EXT = 24;

// ---- event types (the kernel's `enum trace_type` names; fentry's own values) ----

/** Type 0: a slot never written. Readers never see one inside the published window. */
export const TRACE_PADDING = 0;
/** Function tracer entry: site, parent, ts. */
export const TRACE_FN = 1;
/** function_graph entry: site, depth, ts. Reserved for the graph tracer. */
export const TRACE_GRAPH_ENT = 2;
/** function_graph return: site, depth, ts = return time; payload for the call time or return value. Reserved. */
export const TRACE_GRAPH_RET = 3;
/** A `trace_marker` write (the kernel's print event): text in `ext` continuation slots, byte length in `a0`. */
export const TRACE_PRINT = 4;
/** A `<stack trace>` entry (func_stack_trace, the stacktrace trigger): `a0` numbers the frames in the tracer's side table. */
export const TRACE_STACK = 5;
/** func-no-repeats: the previous function event repeated `a0` times over `a1` microseconds (the kernel's func_repeats). */
export const TRACE_FN_REPEATS = 6;
/** A continuation slot carrying payload bytes of the event before it; never an event by itself. */
export const TRACE_CONT = 0xff;

/** PRINT flag: another piece of the same `trace_marker` write follows. */
export const PRINT_FLAG_MORE = 1;

/** Most continuation slots one print event uses (a piece of at most 36 x 28 = 1008 bytes), before the ring's BATCH bound. */
export const MARKER_MAX_CONT = 36;

/** The kernel's default `buffer_size_kb` once expanded; ours is per thread rather than per CPU. */
export const DEFAULT_BUFFER_SIZE_KB = 1408;
/** Largest `buffer_size_kb` accepted (1 GiB per thread); above it a resize fails with ENOMEM, as over-allocation does in the kernel. */
export const MAX_BUFFER_SIZE_KB = 1 << 20;
/** Most slots a writer runs ahead of its published head (a cap on BATCH). */
export const MAX_BATCH = 1024;

/** Slots in a ring of `kb` KiB (the header is not counted, as the kernel does not count page headers). */
export function slotsForKb(kb: number): number {
  return Math.floor((kb * 1024) / SLOT_SIZE);
}

/**
 * BATCH for a ring of `capacity` slots: an eighth of the ring, between 2 and
 * {@link MAX_BATCH}. Publishing costs a few atomics, so the writer publishes
 * once per BATCH slots; a remote reader loses at most BATCH slots to the guard.
 */
export function batchFor(capacity: number): number {
  return Math.max(2, Math.min(MAX_BATCH, capacity >>> 3));
}
