// DESIGN invariant 5, as a property: after any random sequence of register,
// unregister, filter and notrace changes and module loads over many ops and
// sites, every record equals a from-scratch recomputation from the registered
// ops, the backend's sites call exactly what the records say, and undoing the
// sequence restores the earlier state exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ftrace, Ops, OPS_FL, REC_FL, REC_NOCLEAR, FilterHash } from '../../dist/core/index.js';
import { FakeBackend, site, rng } from './support.mjs';

const MODULES = ['app.js', 'lib/db.js', 'lib/http.js', 'pkg/index.js'];
const WORDS = ['open', 'close', 'read', 'write', 'lock', 'unlock', 'sched', 'query', 'parse'];

function makeSites(random, n, module) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const a = WORDS[Math.floor(random() * WORDS.length)];
    const b = WORDS[Math.floor(random() * WORDS.length)];
    out.push(site(random() < 0.5 ? `${a}_${b}` : `Cls.${a}${i}`, module ?? MODULES[Math.floor(random() * MODULES.length)]));
  }
  return out;
}

/** The record of `ip` computed from nothing but the registered ops. */
function recompute(ftrace, ip) {
  const tracing = ftrace.ops.filter((o) => o.flags & OPS_FL.ENABLED && o.traces(ip));
  const count = tracing.length;
  let flags = 0;
  if (tracing.some((o) => o.flags & OPS_FL.SAVE_REGS)) flags |= REC_FL.REGS;
  if (tracing.some((o) => o.flags & OPS_FL.IPMODIFY)) flags |= REC_FL.IPMODIFY;
  if (count === 1 && !(tracing[0].flags & (OPS_FL.RECURSION | OPS_FL.RCU | OPS_FL.DIRECT))) flags |= REC_FL.CALL_OPS;
  const kind = count === 0 ? null : count === 1 && !(tracing[0].flags & (OPS_FL.RECURSION | OPS_FL.RCU)) ? 'ops' : 'list';
  return { count, flags, kind, ops: count === 1 ? tracing[0] : undefined };
}

const REQUESTED = REC_FL.REGS | REC_FL.IPMODIFY | REC_FL.CALL_OPS | REC_FL.DIRECT;

function checkAll(ftrace, backend, step) {
  for (let ip = 0; ip < backend.siteCount; ip++) {
    const want = recompute(ftrace, ip);
    const got = ftrace.record(ip);
    assert.equal(got.count, want.count, `${step}: count of site ${ip}`);
    assert.equal(got.flags & REQUESTED, want.flags, `${step}: requested flags of site ${ip}`);
    assert.equal(got.target?.kind ?? null, want.kind, `${step}: target of site ${ip}`);
    if (want.kind === 'ops') assert.equal(got.target.ops, want.ops, `${step}: CALL_OPS names the unique ops at ${ip}`);
    assert.equal(backend.calls[ip], got.target, `${step}: the backend's site ${ip} calls what the record says`);
    assert.equal(Boolean(got.flags & REC_FL.ENABLED), want.count > 0, `${step}: ENABLED of site ${ip}`);
    if (want.count > 0) assert.ok(got.flags & REC_FL.TOUCHED, `${step}: TOUCHED of site ${ip}`);
    if (want.kind === 'list') assert.equal(got.target.regs, Boolean(want.flags & REC_FL.REGS), `${step}: the list dispatcher saves args iff an ops wants them at ${ip}`);
    const regsEn = want.kind === 'list' ? Boolean(want.flags & REC_FL.REGS) : want.kind === 'ops' ? Boolean(want.ops.flags & OPS_FL.SAVE_REGS) : false;
    assert.equal(Boolean(got.flags & REC_FL.REGS_EN), regsEn, `${step}: REGS_EN of site ${ip}`);
    assert.equal(Boolean(got.flags & REC_FL.CALL_OPS_EN), want.kind === 'ops', `${step}: CALL_OPS_EN of site ${ip}`);
  }
}

function snapshot(ftrace, backend) {
  const out = [];
  for (let ip = 0; ip < backend.siteCount; ip++) {
    const r = ftrace.record(ip);
    out.push([r.count, r.flags & ~REC_NOCLEAR, r.target?.kind ?? null, r.target?.ops?.name ?? null]);
  }
  return out;
}

function randomFilterText(random, ftrace) {
  const parts = [];
  const n = 1 + Math.floor(random() * 3);
  for (let i = 0; i < n; i++) {
    const r = random();
    const word = WORDS[Math.floor(random() * WORDS.length)];
    if (r < 0.3) parts.push(`*${word}*`);
    else if (r < 0.45) parts.push(`${word}*`);
    else if (r < 0.55) parts.push(String(1 + Math.floor(random() * ftrace.backend.siteCount)));
    else if (r < 0.7) parts.push(`*:mod:${MODULES[Math.floor(random() * MODULES.length)]}`);
    else if (r < 0.8) parts.push(`!*${word}*`);
    else parts.push(`Cls.*`);
  }
  return parts.join(' ');
}

for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
  test(`random register/unregister/filter sequences keep every record exact (seed ${seed})`, () => {
    const random = rng(seed);
    const backend = new FakeBackend(makeSites(random, 60));
    const ftrace = new Ftrace(backend);
    const pool = [];
    for (let i = 0; i < 12; i++) {
      const r = random();
      const flags = r < 0.2 ? OPS_FL.RECURSION : r < 0.35 ? OPS_FL.SAVE_REGS : 0;
      pool.push(new Ops({ name: `ops${i}`, func: () => {}, flags }));
    }
    const undo = [];
    let undoFrom = -1;
    let before;
    for (let step = 0; step < 160; step++) {
      if (step === 80) {
        undoFrom = undo.length;
        before = snapshot(ftrace, backend);
      }
      const ops = pool[Math.floor(random() * pool.length)];
      const r = random();
      const enabled = Boolean(ops.flags & OPS_FL.ENABLED);
      try {
        if (r < 0.3) {
          if (enabled) { ftrace.unregister(ops); undo.push(() => ftrace.register(ops)); }
          else { ftrace.register(ops); undo.push(() => ftrace.unregister(ops)); }
        } else if (r < 0.65 || r < 0.85) {
          const which = r < 0.65 ? 'filter' : 'notrace';
          const oldFilter = ops.filter.clone();
          const oldNotrace = ops.notrace.clone();
          const text = randomFilterText(random, ftrace);
          if (which === 'filter') ftrace.setFilter(ops, text, random() < 0.5);
          else ftrace.setNotrace(ops, text.replace(/\S*:mod:\S*/g, '').trim() || '*lock*', random() < 0.5);
          undo.push(() => ftrace.setHashes(ops, oldFilter, oldNotrace));
        } else if (step < 80) {
          // Module loads cannot be undone: only before the undo window.
          backend.load(makeSites(random, 1 + Math.floor(random() * 5)));
        } else {
          const oldFilter = ops.filter.clone();
          const oldNotrace = ops.notrace.clone();
          ftrace.setFilterIps(ops, [Math.floor(random() * backend.siteCount)], false, true);
          undo.push(() => ftrace.setHashes(ops, oldFilter, oldNotrace));
        }
      } catch (error) {
        assert.equal(error.code, 'EINVAL', String(error));
      }
      checkAll(ftrace, backend, `seed ${seed} step ${step}`);
    }
    for (let i = undo.length - 1; i >= undoFrom; i--) {
      undo[i]();
      checkAll(ftrace, backend, `seed ${seed} undo ${i}`);
    }
    assert.deepEqual(snapshot(ftrace, backend), before, 'undoing the sequence restores every record');
    for (const ops of pool) if (ops.flags & OPS_FL.ENABLED) ftrace.unregister(ops);
    assert.equal(ftrace.disabled, undefined, 'no inconsistency was found');
    for (let ip = 0; ip < backend.siteCount; ip++) {
      assert.equal(ftrace.record(ip).count, 0);
      assert.equal(backend.calls[ip], null);
    }
  });
}

test('a filter for a module that is not loaded yet is applied when it loads', () => {
  const backend = new FakeBackend([site('main', 'app.js')]);
  const ftrace = new Ftrace(backend);
  const ops = new Ops({ name: 'mod', func: () => {} });
  ftrace.setFilter(ops, 'query*:mod:lib/db*', true);
  ftrace.register(ops);
  assert.equal(ftrace.record(0).count, 0, 'nothing traced before the module loads');
  backend.load([site('queryOne', 'lib/db.js'), site('queryAll', 'lib/db.js'), site('close', 'lib/db.js'), site('queryX', 'other.js')]);
  assert.deepEqual([1, 2, 3, 4].map((ip) => ftrace.record(ip).count), [1, 1, 0, 0]);
  assert.equal(backend.calls[1].kind, 'ops');
});

test('an ops with an empty filter covers sites of modules loaded later', () => {
  const backend = new FakeBackend([site('a')]);
  const ftrace = new Ftrace(backend);
  const ops = new Ops({ name: 'all', func: () => {} });
  ftrace.register(ops);
  backend.load([site('b', 'later.js')]);
  assert.equal(ftrace.record(1).count, 1);
  assert.equal(backend.calls[1].ops, ops);
});

test('FilterHash is all-functions only when it holds nothing at all', () => {
  const h = new FilterHash();
  assert.equal(h.isAll, true);
  h.pending.push({ text: 'x:mod:y', symbol: 'x', module: 'y' });
  assert.equal(h.isAll, false);
});
