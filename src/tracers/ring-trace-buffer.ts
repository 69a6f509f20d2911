/**
 * A {@link TraceBuffer} over this thread's {@link RingBuffer}: tracer events
 * as fixed-size ring slots, decoded back to trace events for the readers.
 * `<stack trace>` frames are text of unbounded length, so they live in a
 * bounded side table and the slot carries the entry's number.
 */
import { RingBuffer, getClock, type RingEvent, layout } from '../ring/index.js';
import type { GraphValue, TraceEvent } from '../formats/trace-text.js';
import { NO_VALUE, type TraceBuffer } from './buffer.js';

/** Stack traces kept for `<stack trace>` entries still in the ring; older ones print without frames. */
const MAX_STACKS = 4096;
/** Graph extras (return values, arguments, async totals) kept for events still in the ring. */
const MAX_EXTRAS = 1 << 16;

interface GraphExtra {
  retval?: GraphValue;
  /** An async call's first entry, in the ring's µs (or count) unit. */
  firstUs?: number;
  args?: readonly string[];
}

/** A clock reading in the unit the ring's events are decoded to: µs for time clocks, the raw count otherwise. */
const readingUs = (ts: number | bigint): number => (typeof ts === 'bigint' ? Number(ts) / 1000 : ts);

/** Parents are stored +1 so that 0 means "not known" (site 0 is a real site). */
const encodeParent = (parent: number): number => parent + 1;
const decodeParent = (stored: number): number => stored - 1;

export function ringTraceBuffer(kb: number, tid: number): TraceBuffer {
  const ring = new RingBuffer({ sizeKb: kb, tid });
  const stacks = new Map<number, readonly string[]>();
  let stackSeq = 0;
  // A graph event's extras live here; the slot's parent word holds the key (0: none).
  const extras = new Map<number, GraphExtra>();
  let extraSeq = 0;
  const keep = (extra: GraphExtra): number => {
    extraSeq = (extraSeq % 0xfffffffe) + 1;
    extras.set(extraSeq, extra);
    if (extras.size > MAX_EXTRAS) extras.delete(extras.keys().next().value as number);
    return extraSeq;
  };
  let lostSeen = 0;

  const lostNow = (): number => {
    const s = ring.stats();
    return s.overrun + s.dropped;
  };

  const decode = (events: RingEvent[]): TraceEvent[] => {
    const out: TraceEvent[] = [];
    for (const e of events) {
      switch (e.type) {
        case layout.TRACE_FN:
          out.push({ kind: 'function', cpu: e.tid, ts: e.ts, ip: e.site, parent: decodeParent(e.parent) });
          break;
        case layout.TRACE_FN_REPEATS:
          out.push({ kind: 'repeats', cpu: e.tid, ts: e.ts, ip: e.site, parent: decodeParent(e.parent), count: e.a0, deltaUs: e.a1 });
          break;
        case layout.TRACE_PRINT:
          out.push({ kind: 'marker', cpu: e.tid, ts: e.ts, text: e.text ?? '' });
          break;
        case layout.TRACE_STACK:
          out.push({ kind: 'stack', cpu: e.tid, ts: e.ts, frames: stacks.get(e.a0) ?? ['<frames no longer kept>'] });
          break;
        case layout.TRACE_GRAPH_ENT: {
          const extra = e.parent === 0 ? undefined : extras.get(e.parent);
          out.push({ kind: 'graph-ent', cpu: e.tid, ts: e.ts, ip: e.site, depth: e.depth, flags: e.flags, ...(extra?.args === undefined ? {} : { args: extra.args }) });
          break;
        }
        case layout.TRACE_GRAPH_RET: {
          const extra = e.parent === 0 ? undefined : extras.get(e.parent);
          // The call's start: an i64 of ns on an `ns` clock (a0 low word, a1 high), else the f64 reading.
          const startUs = getClock(ring.clock).ns ? Number((BigInt(e.a1) << 32n) | BigInt(e.a0)) / 1000 : e.value;
          out.push({
            kind: 'graph-ret',
            cpu: e.tid,
            ts: e.ts,
            ip: e.site,
            depth: e.depth,
            how: e.flags,
            durationUs: e.ts - startUs,
            ...(extra !== undefined && 'retval' in extra ? { retval: extra.retval } : {}),
            ...(extra?.firstUs === undefined ? {} : { totalUs: e.ts - extra.firstUs }),
          });
          break;
        }
      }
    }
    return out;
  };

  return {
    writeFunction(ts, ip, parent) {
      if (typeof ts === 'number') ring.writeFunction(ip, encodeParent(parent), ts);
      else ring.writeFunctionNs(ip, encodeParent(parent), ts);
    },
    writeRepeats(ts, ip, parent, count, deltaUs) {
      const a1 = Math.min(0xffffffff, Math.round(deltaUs));
      if (typeof ts === 'number') ring.write(layout.TRACE_FN_REPEATS, 0, 0, ip, encodeParent(parent), ts, count, a1);
      else ring.writeNs(layout.TRACE_FN_REPEATS, 0, 0, ip, encodeParent(parent), ts, count, a1);
    },
    writeGraphEntry(ts, ip, depth, flags, args) {
      const key = args === undefined ? 0 : keep({ args });
      if (typeof ts === 'number') ring.write(layout.TRACE_GRAPH_ENT, flags, depth, ip, key, ts, 0, 0);
      else ring.writeNs(layout.TRACE_GRAPH_ENT, flags, depth, ip, key, ts, 0, 0);
    },
    writeGraphReturn(ts, ip, depth, how, start, retval, first) {
      let key = 0;
      if (retval !== NO_VALUE || first !== undefined) {
        const extra: GraphExtra = {};
        if (retval !== NO_VALUE) extra.retval = retval;
        if (first !== undefined) extra.firstUs = readingUs(first);
        key = keep(extra);
      }
      if (typeof ts === 'number') ring.writeValue(layout.TRACE_GRAPH_RET, how, depth, ip, key, ts, start as number);
      else ring.writeStampNs(layout.TRACE_GRAPH_RET, how, depth, ip, key, ts, start as bigint);
    },
    writeMarker(ts, text) {
      ring.writeMarker(text, ts);
    },
    writeStack(ts, frames) {
      const id = ++stackSeq >>> 0;
      stacks.set(id, frames);
      if (stacks.size > MAX_STACKS) stacks.delete(stacks.keys().next().value as number);
      if (typeof ts === 'number') ring.write(layout.TRACE_STACK, 0, 0, 0, 0, ts, id, 0);
      else ring.writeNs(layout.TRACE_STACK, 0, 0, 0, 0, ts, id, 0);
    },
    read: () => decode(ring.events()),
    consume() {
      const events = decode(ring.consume());
      const lost = lostNow();
      const fresh = lost - lostSeen;
      lostSeen = lost;
      return { events, lost: fresh };
    },
    clear() {
      ring.clear();
      stacks.clear();
      extras.clear();
      lostSeen = lostNow();
    },
    counts() {
      const s = ring.stats();
      return { entries: s.entries, written: s.written };
    },
    get lost() {
      return lostNow();
    },
    get sizeKb() {
      return ring.sizeKb;
    },
    resize(kb) {
      ring.resize(kb);
    },
    get overwrite() {
      return ring.overwrite;
    },
    set overwrite(on: boolean) {
      ring.overwrite = on;
    },
    setClock(name) {
      ring.clock = name;
      stacks.clear();
      lostSeen = lostNow();
    },
  };
}
