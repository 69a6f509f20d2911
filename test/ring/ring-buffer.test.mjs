// The per-thread ring buffer: ordering, overwrite and non-overwrite modes, the
// kernel's entries/written counts, `trace` vs `trace_pipe` reads, clear,
// buffer_size_kb resizes, trace_marker splitting, and readers in a Worker.
// Needs `npx tsc -p .` first (imports dist/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { RingBuffer, RingReader, reassembleMarkers, layout } from '../../dist/ring/index.js';

const { TRACE_FN, TRACE_PRINT, TRACE_GRAPH_RET, PRINT_FLAG_MORE, SLOT_SIZE } = layout;
const ringUrl = new URL('../../dist/ring/index.js', import.meta.url).href;

const sites = (events) => events.map((e) => e.site);
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const fill = (ring, from, to) => {
  for (let s = from; s <= to; s++) ring.writeFunction(s, s + 1000, s * 10);
};
const counts = (ring) => {
  const { entries, written, overrun, read, dropped } = ring.stats();
  return { entries, written, overrun, read, dropped };
};

test('events come back in write order with every field', () => {
  const ring = new RingBuffer({ sizeKb: 4, tid: 7 });
  fill(ring, 1, 50);
  ring.write(TRACE_GRAPH_RET, 3, 9, 51, 52, 510.5, 0xdeadbeef, 42);
  ring.writeValue(TRACE_GRAPH_RET, 0, 2, 53, 54, 530.25, -1.5);
  const events = ring.events();
  assert.deepEqual(sites(events), range(1, 53).filter((s) => s !== 52));
  assert.deepEqual(events[0], {
    pos: 0, type: TRACE_FN, flags: 0, depth: 0, tid: 7, site: 1, parent: 1001, ts: 10, a0: 0, a1: 0, value: 0, text: undefined,
  });
  const [ret, val] = events.slice(-2);
  assert.deepEqual([ret.type, ret.flags, ret.depth, ret.site, ret.parent, ret.ts, ret.a0, ret.a1], [TRACE_GRAPH_RET, 3, 9, 51, 52, 510.5, 0xdeadbeef, 42]);
  assert.deepEqual([val.depth, val.site, val.ts, val.value], [2, 53, 530.25, -1.5]);
  assert.deepEqual(events.map((e) => e.pos), range(0, 51));
  assert.deepEqual(counts(ring), { entries: 52, written: 52, overrun: 0, read: 0, dropped: 0 });
});

test('overwrite mode keeps the newest events and counts the rest as overrun', () => {
  const ring = new RingBuffer({ sizeKb: 1 }); // 32 slots
  assert.equal(ring.capacity, 1024 / SLOT_SIZE);
  fill(ring, 1, 100);
  assert.deepEqual(sites(ring.events()), range(69, 100));
  assert.deepEqual(counts(ring), { entries: 32, written: 100, overrun: 68, read: 0, dropped: 0 });
  // Several more laps, ending mid-ring: order survives the wrap point.
  fill(ring, 101, 1000 + 13);
  assert.deepEqual(sites(ring.events()), range(1013 - 31, 1013));
  assert.deepEqual(counts(ring), { entries: 32, written: 1013, overrun: 981, read: 0, dropped: 0 });
});

test('non-overwrite mode drops new events when full and counts them', () => {
  const ring = new RingBuffer({ sizeKb: 1, overwrite: false });
  fill(ring, 1, 100);
  assert.deepEqual(sites(ring.events()), range(1, 32));
  assert.deepEqual(counts(ring), { entries: 32, written: 32, overrun: 0, read: 0, dropped: 68 });
  // Consuming frees exactly as many slots as it took.
  assert.deepEqual(sites(ring.consume(10)), range(1, 10));
  fill(ring, 101, 120);
  assert.deepEqual(sites(ring.events()), [...range(11, 32), ...range(101, 110)]);
  assert.deepEqual(counts(ring), { entries: 32, written: 32, overrun: 0, read: 10, dropped: 78 });
  // Switching to overwrite mode lets the writer run over the unread events.
  ring.overwrite = true;
  fill(ring, 121, 124);
  assert.deepEqual(sites(ring.events()).slice(-5), [110, 121, 122, 123, 124]);
  assert.equal(ring.stats().overrun, 4);
});

test('trace does not consume; trace_pipe does, and consumed events leave both counts', () => {
  const ring = new RingBuffer({ sizeKb: 4 });
  fill(ring, 1, 20);
  ring.writeMarker('hello from trace_marker', 555);
  assert.deepEqual(ring.events(), ring.events());
  assert.equal(ring.events().length, 21);

  assert.deepEqual(sites(ring.consume(5)), range(1, 5));
  assert.deepEqual(sites(ring.events()), [...range(6, 20), 0]);
  assert.deepEqual(counts(ring), { entries: 16, written: 16, overrun: 0, read: 5, dropped: 0 });

  const rest = ring.consume();
  assert.equal(rest.length, 16);
  assert.deepEqual(rest.at(-1).text, 'hello from trace_marker');
  assert.deepEqual(ring.events(), [], 'the marker is gone from trace once trace_pipe returned it');
  assert.deepEqual(ring.consume(), []);
  assert.deepEqual(counts(ring), { entries: 0, written: 0, overrun: 0, read: 21, dropped: 0 });

  fill(ring, 21, 22);
  assert.deepEqual(sites(ring.consume()), [21, 22]);
});

test('a consuming read that starts behind an overwrite skips what was lost', () => {
  const ring = new RingBuffer({ sizeKb: 1 });
  fill(ring, 1, 10);
  assert.deepEqual(sites(ring.consume(3)), [1, 2, 3]);
  fill(ring, 11, 60);
  assert.deepEqual(sites(ring.consume(2)), [29, 30]);
  assert.deepEqual(counts(ring), { entries: 30, written: 55, overrun: 25, read: 5, dropped: 0 });
});

test('clear empties the buffer and restarts every count', () => {
  const ring = new RingBuffer({ sizeKb: 1, overwrite: false });
  fill(ring, 1, 40);
  ring.consume(2);
  ring.clear();
  assert.deepEqual(ring.events(), []);
  assert.deepEqual(counts(ring), { entries: 0, written: 0, overrun: 0, read: 0, dropped: 0 });
  assert.equal(ring.stats().oldestTs, undefined);
  // A full non-overwrite ring has all its room back.
  fill(ring, 41, 72);
  assert.deepEqual(sites(ring.events()), range(41, 72));
  assert.deepEqual(counts(ring), { entries: 32, written: 32, overrun: 0, read: 0, dropped: 0 });
});

test('buffer_size_kb can be halved, doubled and restored (ringbuffer_size.tc)', () => {
  const ring = new RingBuffer({ sizeKb: 8 }); // 256 slots
  const original = ring.sizeKb;
  fill(ring, 1, 200);
  const before = ring.buffer;

  ring.resize(original / 2);
  assert.equal(ring.sizeKb, 4);
  assert.equal(ring.capacity, 128);
  assert.notEqual(ring.buffer, before);
  assert.equal(new RingReader(before).retired, true, 'a reader of the old buffer learns it moved');
  assert.equal(new RingReader(ring.buffer).retired, false);
  assert.deepEqual(sites(ring.events()), range(73, 200), 'the newest events that fit are kept');
  assert.deepEqual(counts(ring), { entries: 128, written: 200, overrun: 72, read: 0, dropped: 0 });

  ring.resize(original * 2);
  assert.equal(ring.sizeKb, 16);
  assert.deepEqual(sites(ring.events()), range(73, 200), 'growing keeps everything');
  fill(ring, 201, 500);
  assert.deepEqual(sites(ring.events()), range(73, 500));
  assert.deepEqual(counts(ring), { entries: 428, written: 500, overrun: 72, read: 0, dropped: 0 });

  ring.resize(original);
  assert.equal(ring.sizeKb, original);
  assert.deepEqual(sites(ring.events()), range(245, 500));
  // Writing continues at the right place in the resized ring, across its wrap point.
  fill(ring, 501, 700);
  assert.deepEqual(sites(ring.events()), range(445, 700));
  assert.deepEqual(counts(ring), { entries: 256, written: 700, overrun: 444, read: 0, dropped: 0 });
});

test('resize keeps the consumer position and whole markers only', () => {
  const ring = new RingBuffer({ sizeKb: 8 });
  fill(ring, 1, 10);
  ring.consume(4);
  const long = 'm'.repeat(ring.markerPieceBytes * 3);
  ring.writeMarker(long, 1);
  ring.writeMarker('short', 2);
  ring.resize(16);
  assert.deepEqual(reassembleMarkers(ring.events()), [long, 'short']);
  assert.deepEqual(sites(ring.events()).slice(0, 6), range(5, 10));
  assert.equal(ring.stats().read, 4);
  // Shrink so the long marker's first pieces cannot stay: no piece is cut.
  ring.resize(2);
  const kept = ring.events();
  assert.ok(kept.every((e) => e.type === TRACE_PRINT));
  assert.ok(kept.length < 4, `expected some pieces to be given up, kept ${kept.length}`);
  assert.equal(reassembleMarkers(kept).at(-1), 'short');
  assert.ok(long.endsWith(reassembleMarkers(kept)[0]));
});

test('resize rejects bad sizes and leaves the ring as it was', () => {
  const ring = new RingBuffer({ sizeKb: 2 });
  fill(ring, 1, 5);
  assert.throws(() => ring.resize(0), { code: 'EINVAL' });
  assert.throws(() => ring.resize(1.5), { code: 'EINVAL' });
  assert.throws(() => ring.resize(2 ** 30), { code: 'ENOMEM' });
  assert.equal(ring.sizeKb, 2);
  assert.deepEqual(sites(ring.events()), range(1, 5));
  assert.throws(() => new RingBuffer({ sizeKB: 4 }), { code: 'EINVAL', message: /unknown option "sizeKB"/ });
});

test('a marker longer than one event is split; the pieces concatenate to it (trace_marker.tc)', () => {
  const ring = new RingBuffer({ sizeKb: 64 });
  const piece = ring.markerPieceBytes;
  // ASCII, two-, three- and four-byte UTF-8, so some splits fall inside a code point.
  const text = Array.from({ length: 400 }, (_, i) => `${i}:aé€😀 `).join('');
  const bytes = Buffer.byteLength(text);
  assert.ok(bytes > 3 * piece, `the marker (${bytes} B) spans several pieces of ${piece} B`);
  fill(ring, 1, 1);
  const pieces = ring.writeMarker(text, 123.5);
  fill(ring, 2, 2);

  const events = ring.events();
  const prints = events.filter((e) => e.type === TRACE_PRINT);
  assert.equal(prints.length, pieces);
  assert.ok(pieces >= 4);
  assert.deepEqual(sites([events[0], events.at(-1)]), [1, 2], 'pieces sit between the events around them');
  for (const [i, p] of prints.entries()) {
    assert.equal(p.ts, 123.5);
    assert.equal((p.flags & PRINT_FLAG_MORE) !== 0, i < prints.length - 1);
    assert.ok(Buffer.byteLength(p.text) <= piece);
    assert.ok(!p.text.includes('\uFFFD'), 'each piece is whole text');
  }
  assert.equal(prints.map((p) => p.text).join(''), text);
  assert.deepEqual(reassembleMarkers(events), [text]);
});

test('markers wrap around the ring end and survive partial overwrite', () => {
  const ring = new RingBuffer({ sizeKb: 1 }); // 32 slots; pieces of 3 continuation slots
  const texts = [];
  for (let i = 0; i < 20; i++) {
    const t = `marker ${i} `.repeat((i % 5 + 1) * 2); // up to 110 bytes: 1 or 2 pieces
    texts.push(t);
    ring.writeMarker(t, i);
    ring.writeFunction(1000 + i, 0, i);
  }
  const events = ring.events();
  const joined = reassembleMarkers(events);
  // The oldest stored write may have lost its first pieces; all later ones are whole.
  assert.deepEqual(joined.slice(1), texts.slice(texts.length - joined.length + 1));
  assert.ok(texts[texts.length - joined.length].endsWith(joined[0]));
  const { entries, written, overrun } = ring.stats();
  assert.equal(entries, events.length);
  assert.equal(written, entries + overrun);

  // Overwrite the first slot of a marker but not its continuation slots: the
  // orphaned continuation slots are skipped, not decoded as events.
  const small = new RingBuffer({ sizeKb: 1 });
  small.writeMarker('x'.repeat(small.markerPieceBytes), 0); // 1 + 3 slots
  fill(small, 1, 29); // 33 slots in all: the marker's first slot is overwritten
  assert.deepEqual(sites(small.events()), range(1, 29));
  assert.deepEqual(counts(small), { entries: 29, written: 30, overrun: 1, read: 0, dropped: 0 });
});

test('non-overwrite mode drops marker pieces that do not fit', () => {
  const ring = new RingBuffer({ sizeKb: 1, overwrite: false });
  fill(ring, 1, 26);
  assert.equal(ring.writeMarker('y'.repeat(ring.markerPieceBytes * 2), 0), 1);
  assert.deepEqual(counts(ring), { entries: 27, written: 27, overrun: 0, read: 0, dropped: 1 });
  assert.equal(ring.events().at(-1).flags & PRINT_FLAG_MORE, PRINT_FLAG_MORE);
});

test('another thread sees published events only; a busy writer costs it the BATCH oldest slots', () => {
  const ring = new RingBuffer({ sizeKb: 1 }); // 32 slots, BATCH 4
  const reader = new RingReader(ring.buffer); // as a reader in another thread would
  fill(ring, 1, 101);
  // The writer published at its last batch boundary and is not idle: the
  // reader stops at the published head and leaves out the BATCH slots the
  // writer may be overwriting.
  const busy = sites(reader.events());
  assert.ok(busy.length > 0 && busy.at(-1) < 101, `published head lags the writer: ${busy.at(-1)}`);
  assert.equal(busy.length, 32 - 4);
  assert.deepEqual(busy, range(busy[0], busy.at(-1)));
  // publish() makes everything visible and marks the writer idle: the whole ring.
  ring.publish();
  assert.deepEqual(sites(reader.events()), range(70, 101));
  // The next write leaves idle again.
  fill(ring, 102, 102);
  ring.publish();
  assert.deepEqual(sites(reader.events()), range(71, 102));
});

test('an ns clock (mono) stores i64 nanoseconds; readers show microseconds', () => {
  const ring = new RingBuffer({ sizeKb: 2, clock: 'mono' });
  assert.equal(ring.clock, 'mono');
  const t0 = process.hrtime.bigint();
  ring.writeFunctionNs(1, 2, t0);
  ring.writeNs(TRACE_GRAPH_RET, 1, 4, 3, 4, t0 + 1500n, 11, 12);
  ring.writeValueNs(TRACE_GRAPH_RET, 0, 5, 5, 6, t0 + 2_000_001n, 0.25);
  ring.writeMarker('at a bigint time', t0 + 3000n);
  const reader = new RingReader(ring.buffer);
  assert.equal(reader.clock, 'mono');
  const events = reader.events();
  const us = Number(t0) / 1000;
  for (const [i, d] of [0, 1.5, 2000.001, 3].entries()) assert.ok(Math.abs(events[i].ts - (us + d)) < 1e-3, `event ${i}: ${events[i].ts} vs ${us + d}`);
  assert.deepEqual(events.map((e) => [e.site, e.parent, e.depth]), [[1, 2, 0], [3, 4, 4], [5, 6, 5], [0, 0, 0]]);
  assert.deepEqual([events[1].a0, events[1].a1, events[2].value], [11, 12, 0.25]);
  assert.equal(events[3].text, 'at a bigint time');
  assert.ok(Math.abs(ring.stats().oldestTs - us) < 1e-3);
});

test('changing the clock clears the ring, as writing trace_clock does', () => {
  const ring = new RingBuffer({ sizeKb: 2 });
  assert.equal(ring.clock, 'local');
  fill(ring, 1, 10);
  ring.clock = 'mono';
  assert.deepEqual(ring.events(), []);
  assert.deepEqual(counts(ring), { entries: 0, written: 0, overrun: 0, read: 0, dropped: 0 });
  ring.writeFunctionNs(11, 0, 5_000n);
  assert.deepEqual(ring.events().map((e) => [e.site, e.ts]), [[11, 5]]);
  ring.clock = 'counter';
  ring.writeFunction(12, 0, 42);
  assert.deepEqual(ring.events().map((e) => [e.site, e.ts]), [[12, 42]]);
  assert.equal(new RingReader(ring.buffer).clock, 'counter');
  assert.throws(() => { ring.clock = 'tsc'; }, { code: 'EINVAL' });
  assert.throws(() => new RingBuffer({ clock: 'jiffies' }), { code: 'EINVAL' });
  // A resize keeps the clock and its encoding.
  ring.clock = 'mono';
  ring.writeFunctionNs(13, 0, 7_000n);
  ring.resize(4);
  assert.equal(ring.clock, 'mono');
  assert.deepEqual(ring.events().map((e) => [e.site, e.ts]), [[13, 7]]);
});

test('RingReader rejects buffers that are not rings and unknown options', () => {
  assert.throws(() => new RingReader(new SharedArrayBuffer(4096)), { code: 'ERR_FENTRY_RING_LAYOUT' });
  assert.throws(() => new RingReader(new ArrayBuffer(4096)), { code: 'ERR_FENTRY_RING_LAYOUT' });
  assert.throws(() => new RingReader(new RingBuffer({ sizeKb: 1 }).buffer, { quiet: true }), { code: 'EINVAL' });
});

/** Runs `body` (the text of an async function taking (ring, data)) in a Worker; resolves with what it returns. */
function inWorker(body, data, transferList = []) {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.url).then(async (ring) => {
      const result = await (${body})(ring, workerData.data);
      parentPort.postMessage(result);
    }).catch((err) => parentPort.postMessage({ error: String(err && err.stack || err) }));
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { url: ringUrl, data }, transferList });
    worker.once('message', (m) => {
      if (m && m.error) reject(new Error(m.error));
      else resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

test('a reader in a Worker sees the published events of this thread\'s ring', async () => {
  const ring = new RingBuffer({ sizeKb: 2, tid: 0 });
  fill(ring, 1, 40);
  ring.writeMarker('seen from a worker', 41);
  ring.publish();
  const seen = await inWorker(`async ({ RingReader, reassembleMarkers }, sab) => {
    const reader = new RingReader(sab);
    const events = reader.events();
    const stats = reader.stats();
    const consumed = reader.consume(10).map((e) => e.site);
    return { sites: events.filter((e) => e.type === 1).map((e) => e.site), markers: reassembleMarkers(events), stats, consumed, tid: reader.tid };
  }`, ring.buffer);
  assert.deepEqual(seen.sites, range(1, 40));
  assert.deepEqual(seen.markers, ['seen from a worker']);
  assert.equal(seen.stats.entries, 41);
  assert.equal(seen.stats.written, 41);
  assert.deepEqual(seen.consumed, range(1, 10));
  // The worker's consuming read is visible here: shared consumer state.
  assert.deepEqual(sites(ring.events()).slice(0, 2), [11, 12]);
  assert.equal(ring.stats().read, 10);
});

test('this thread reads a ring that a Worker owns and wrote', async () => {
  const result = await inWorker(`async ({ RingBuffer }) => {
    const ring = new RingBuffer({ sizeKb: 4, tid: require('node:worker_threads').threadId });
    for (let s = 1; s <= 300; s++) ring.writeFunction(s, 0, s);
    ring.writeMarker('from the worker', 301);
    ring.publish();
    return { sab: ring.buffer, tid: ring.tid };
  }`, null);
  const reader = new RingReader(result.sab);
  assert.equal(reader.tid, result.tid);
  assert.notEqual(reader.tid, 0);
  const events = reader.events();
  assert.deepEqual(reassembleMarkers(events), ['from the worker']);
  const fns = events.filter((e) => e.type === TRACE_FN);
  // 128 slots, of which the marker takes 1 + 1; the rest are the newest calls.
  assert.deepEqual(sites(fns), range(300 - 125, 300));
  assert.ok(fns.every((e) => e.tid === result.tid));
  assert.deepEqual(
    (({ entries, written, overrun }) => ({ entries, written, overrun }))(reader.stats()),
    { entries: 127, written: 301, overrun: 174 },
  );
});

test('reads while a Worker keeps writing return only whole, untorn, consecutive events', async () => {
  const control = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.url).then(({ RingBuffer }) => {
      const ring = new RingBuffer({ sizeKb: 64 });
      const control = workerData.control;
      let s = 0;
      for (let b = 0; b < 4; b++) for (let i = 0; i < 1000; i++) { s++; ring.write(1, 0, 0, s, s + 1, s, (s ^ 0x5a5a5a5a) >>> 0, ~s >>> 0); }
      parentPort.postMessage(ring.buffer);
      while (Atomics.load(control, 0) === 0) {
        for (let i = 0; i < 1000; i++) { s++; ring.write(1, 0, 0, s, s + 1, s, (s ^ 0x5a5a5a5a) >>> 0, ~s >>> 0); }
        Atomics.store(control, 1, s >>> 0);
      }
      parentPort.postMessage('done');
    });
  `, { eval: true, workerData: { url: ringUrl, control } });
  const sab = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const reader = new RingReader(sab);
  let snapshots = 0;
  let progressed = 0;
  let last = 0;
  // At least 400 snapshots, and enough of them taken while the writer was
  // moving; the cap only bounds a run on a machine that never schedules it.
  // A snapshot may come back empty: the writer can lap the whole copy.
  for (let round = 0; round < 400 || (progressed < 100 && round < 20_000); round++) {
    const events = reader.events();
    if (events.length === 0) continue;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (i > 0) assert.equal(e.site, events[i - 1].site + 1, `snapshot ${round}: gap or reorder at ${i}`);
      assert.equal(e.ts, e.site);
      assert.equal(e.parent, e.site + 1);
      assert.equal(e.a0, (e.site ^ 0x5a5a5a5a) >>> 0);
      assert.equal(e.a1, ~e.site >>> 0);
    }
    const top = events.at(-1).site;
    assert.ok(top >= last, 'a later snapshot never ends before an earlier one');
    if (top > last) progressed++;
    last = top;
    snapshots++;
    const stats = reader.stats();
    assert.equal(stats.written, stats.entries + stats.overrun);
    assert.ok(stats.entries <= reader.capacity);
  }
  Atomics.store(control, 0, 1);
  await new Promise((resolve) => worker.once('message', resolve));
  await worker.terminate();
  assert.ok(snapshots >= 100, `only ${snapshots} snapshots had events`);
  // Not a timing claim: only that the writer moved while we read, so the checks above saw a live writer.
  assert.ok(progressed >= 100, `the writer advanced during only ${progressed} of ${snapshots} snapshots`);
});
