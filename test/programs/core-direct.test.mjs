// The core's direct-call registry, IPMODIFY sharing protocol and trampoline
// bookkeeping, on a fake backend: the kernel's error codes, the targets the
// sites get, the ops_func commands in order, and failures that leave no trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ftrace, Ops, OPS_FL, OPS_CMD, REC_FL, Trampolines, TrampLink, Prog, TRAMP_KIND, enabledFunctions } from '../../dist/core/index.js';
import { FakeBackend, site, rng } from '../core/support.mjs';

const names = () => [site('wake_up_process'), site('schedule'), site('handle_mm_fault', 'mm.js')];
const noop = function trace_cb() {};
const tramp = (name) => Object.defineProperty(() => {}, 'name', { value: name });

function directOps(ftrace, ips, name = 'direct', opsFunc) {
  const ops = new Ops({ name, func: noop, ...(opsFunc ? { opsFunc } : {}) });
  ftrace.setFilterIps(ops, ips, false, true);
  return ops;
}

test('register_ftrace_direct: the rules and their codes; a failure changes nothing', () => {
  const backend = new FakeBackend(names());
  const ftrace = new Ftrace(backend);
  const empty = new Ops({ name: 'empty', func: noop });
  assert.throws(() => ftrace.registerDirect(empty, tramp('t')), { code: 'EINVAL', message: /needs a filter/ });
  const a = directOps(ftrace, [0]);
  ftrace.registerDirect(a, tramp('my_tramp'));
  assert.throws(() => ftrace.registerDirect(a, tramp('again')), { code: 'EINVAL' });
  const b = directOps(ftrace, [0, 1], 'b');
  assert.throws(() => ftrace.registerDirect(b, tramp('b')), { code: 'EBUSY', message: /wake_up_process already has a direct trampoline/ });
  assert.equal(ftrace.record(1).count, 0, 'b left no trace on schedule');
  assert.equal(b.direct, undefined);
  assert.equal(ftrace.findDirect(0).name, 'my_tramp');
  assert.equal(ftrace.findDirect(1), undefined);
  assert.equal(backend.calls[0].kind, 'direct');
  assert.equal(enabledFunctions(ftrace), 'wake_up_process [app.js] (1) R   D   M \ttramp: direct (call_direct_funcs)\n\tdirect-->my_tramp\n');
  assert.throws(() => ftrace.setFilter(a, 'schedule', false), { code: 'EINVAL', message: /direct-call API/ });
  const plain = new Ops({ name: 'plain', func: noop });
  assert.throws(() => ftrace.unregisterDirect(plain), { code: 'EINVAL' });
  assert.throws(() => ftrace.unregisterDirect(a, tramp('other')), { code: 'EINVAL' });
  ftrace.unregisterDirect(a);
  assert.equal(backend.calls[0], null);
  assert.equal(ftrace.findDirect(0), undefined);
  assert.equal(ftrace.record(0).flags & REC_FL.MODIFIED, REC_FL.MODIFIED, 'MODIFIED is sticky');
});

test('modify_ftrace_direct: through the list dispatcher (a stub shares the site), then directly to the new trampoline', () => {
  const backend = new FakeBackend(names());
  const ftrace = new Ftrace(backend);
  const a = directOps(ftrace, [0]);
  const t1 = tramp('t1');
  const t2 = tramp('t2');
  ftrace.registerDirect(a, t1);
  backend.log.length = 0;
  ftrace.modifyDirect(a, t2);
  // The stub makes the count 2 (the list dispatcher), the list's trampoline switches, the stub goes.
  assert.deepEqual(backend.log, [['modify', 0, 'list'], ['modify', 0, 'list'], ['modify', 0, 'direct']]);
  assert.equal(backend.calls[0].trampoline, t2);
  assert.equal(ftrace.record(0).count, 1);
  // With a tracer on the site, the list target names the new trampoline.
  const tracer = new Ops({ name: 'function', func: noop });
  ftrace.register(tracer);
  assert.equal(backend.calls[0].kind, 'list');
  assert.equal(backend.calls[0].direct.trampoline, t2);
  ftrace.modifyDirect(a, t1);
  assert.equal(backend.calls[0].direct.trampoline, t1);
  ftrace.unregister(tracer);
  assert.equal(backend.calls[0].trampoline, t1);
  ftrace.unregisterDirect(a);
});

test('IPMODIFY and DIRECT: without ops_func they never share (EBUSY both ways)', () => {
  const ftrace = new Ftrace(new FakeBackend(names()));
  const klp = new Ops({ name: 'klp', func: noop, flags: OPS_FL.IPMODIFY | OPS_FL.SAVE_REGS });
  ftrace.setFilterIps(klp, [0], false, true);
  ftrace.register(klp);
  const a = directOps(ftrace, [0]);
  assert.throws(() => ftrace.registerDirect(a, tramp('t')), { code: 'EBUSY', message: /has a live patch/ });
  ftrace.unregister(klp);
  ftrace.registerDirect(a, tramp('t'));
  assert.throws(() => ftrace.register(klp), { code: 'EBUSY', message: /cannot share the function with a live patch/ });
  assert.equal(ftrace.record(0).count, 1);
  assert.equal(ftrace.record(0).flags & REC_FL.IPMODIFY, 0);
});

test('the sharing protocol: PEER before the patch goes in, DISABLE_PEER after it left, SELF for a direct ops entering a patched site', () => {
  const backend = new FakeBackend(names());
  const ftrace = new Ftrace(backend);
  const cmds = [];
  let answer = 0;
  const a = directOps(ftrace, [0], 'direct', (ops, ip, cmd) => {
    cmds.push([cmd, ip, ops.flags & OPS_FL.ENABLED ? 'registered' : 'not registered']);
    return cmd === OPS_CMD.DISABLE_SHARE_IPMODIFY_PEER ? 0 : answer;
  });
  ftrace.registerDirect(a, tramp('t'));
  const klp = new Ops({ name: 'klp', func: noop, flags: OPS_FL.IPMODIFY | OPS_FL.SAVE_REGS });
  ftrace.setFilterIps(klp, [0], false, true);
  answer = -11;
  assert.throws(() => ftrace.register(klp), { code: 'EAGAIN' });
  assert.equal(ftrace.record(0).count, 1, 'the refused patch left no trace');
  answer = 0;
  cmds.length = 0;
  ftrace.register(klp);
  assert.deepEqual(cmds, [[OPS_CMD.ENABLE_SHARE_IPMODIFY_PEER, 0, 'registered']]);
  assert.deepEqual(backend.calls[0], { kind: 'list', regs: true, direct: { ops: a, trampoline: a.direct }, ipmodify: true });
  assert.equal(enabledFunctions(ftrace), 'wake_up_process [app.js] (2) R I D   M \t->ftrace_ops_list_func\n\tdirect-->t\n');
  cmds.length = 0;
  ftrace.modifyDirect(a, tramp('t2'));
  assert.deepEqual(cmds, [[OPS_CMD.ENABLE_SHARE_IPMODIFY_SELF, 0, 'registered']]);
  cmds.length = 0;
  ftrace.unregister(klp);
  assert.deepEqual(cmds, [[OPS_CMD.DISABLE_SHARE_IPMODIFY_PEER, 0, 'registered']]);
  ftrace.unregisterDirect(a);
});

test('trampolines: 38 links, E2BIG, freplace exclusion, EAGAIN rebuild with ORIG_STACK, and rollback', () => {
  const backend = new FakeBackend(names());
  const images = [];
  backend.prepareTrampoline = (image) => {
    images.push(image);
    return tramp(`${image.name}#${images.length}`);
  };
  const ftrace = new Ftrace(backend);
  const trs = new Trampolines(ftrace);
  const link = (kind) => new TrampLink(new Prog(kind, noop, `p${kind}`));
  const links = [];
  for (let i = 0; i < 38; i++) {
    const l = link(i % 2 === 0 ? TRAMP_KIND.FENTRY : TRAMP_KIND.FEXIT);
    trs.link(l, 1);
    links.push(l);
  }
  assert.equal(images.at(-1).fentry.length + images.at(-1).fexit.length, 38);
  const count = images.length;
  assert.throws(() => trs.link(link(TRAMP_KIND.MODIFY_RETURN), 1), { code: 'E2BIG' });
  assert.throws(() => trs.link(link(TRAMP_KIND.REPLACE), 1), { code: 'EBUSY' });
  assert.equal(images.length, count, 'refused before any image was built');
  assert.throws(() => trs.link(links[0], 2), { code: 'EBUSY', message: /already linked/ });
  for (const l of links) trs.unlink(l);
  assert.equal(backend.calls[1], null);
  assert.equal(trs.get(1), undefined);

  // A patch first, then fexit: SELF answers EAGAIN once, the second image has ORIG_STACK.
  const klp = new Ops({ name: 'klp', func: noop, flags: OPS_FL.IPMODIFY | OPS_FL.SAVE_REGS });
  ftrace.setFilterIps(klp, [2], false, true);
  ftrace.register(klp);
  images.length = 0;
  const fexit = link(TRAMP_KIND.FEXIT);
  trs.link(fexit, 2);
  assert.equal(images.length, 2);
  assert.equal(images[0].flags & 0x20, 0, 'the first image calls the original body');
  assert.equal(images[1].flags & 0x20, 0x20, 'the rebuilt one calls the body the patch chose (ORIG_STACK)');
  assert.equal(backend.calls[2].direct.trampoline.name, 'bpf_trampoline_2#2');
  trs.unlink(fexit);
  ftrace.unregister(klp);
  assert.equal(enabledFunctions(ftrace), '');

  // A backend that cannot build the image: the link fails and leaves nothing.
  backend.prepareTrampoline = () => {
    throw Object.assign(new Error('no'), { code: 'ENOTSUPP' });
  };
  assert.throws(() => trs.link(link(TRAMP_KIND.FEXIT), 0), { code: 'ENOTSUPP' });
  assert.equal(trs.get(0), undefined);
  assert.equal(ftrace.record(0).count, 0);
});

test('property: random direct, IPMODIFY, plain ops and trampoline links keep records equal to a recomputation', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const random = rng(seed);
    const backend = new FakeBackend([site('a'), site('b'), site('c'), site('d')]);
    backend.prepareTrampoline = (image) => tramp(image.name);
    const ftrace = new Ftrace(backend);
    const trs = new Trampolines(ftrace);
    const plain = [0, 1].map((i) => new Ops({ name: `plain${i}`, func: noop, flags: i === 1 ? OPS_FL.SAVE_REGS : 0 }));
    const patches = [0, 1, 2, 3].map((ip) => {
      const ops = new Ops({ name: `klp${ip}`, func: noop, flags: OPS_FL.IPMODIFY | OPS_FL.SAVE_REGS });
      ftrace.setFilterIps(ops, [ip], false, true);
      return ops;
    });
    const linked = [];
    for (let step = 0; step < 60; step++) {
      const r = random();
      try {
        if (r < 0.2) {
          const ops = plain[Math.floor(random() * 2)];
          if (ops.flags & OPS_FL.ENABLED) ftrace.unregister(ops);
          else ftrace.register(ops);
        } else if (r < 0.45) {
          const ops = patches[Math.floor(random() * 4)];
          if (ops.flags & OPS_FL.ENABLED) ftrace.unregister(ops);
          else ftrace.register(ops);
        } else if (r < 0.8 || linked.length === 0) {
          const l = new TrampLink(new Prog([TRAMP_KIND.FENTRY, TRAMP_KIND.FEXIT, TRAMP_KIND.MODIFY_RETURN][Math.floor(random() * 3)], noop, 'p'));
          trs.link(l, Math.floor(random() * 4));
          linked.push(l);
        } else {
          trs.unlink(linked.splice(Math.floor(random() * linked.length), 1)[0]);
        }
      } catch (error) {
        assert.ok(['EBUSY', 'EAGAIN'].includes(error.code), `seed ${seed} step ${step}: ${error.message}`);
      }
      for (let ip = 0; ip < 4; ip++) {
        const tracing = ftrace.ops.filter((o) => o.flags & OPS_FL.ENABLED && o.traces(ip));
        const rec = ftrace.record(ip);
        assert.equal(rec.count, tracing.length, `seed ${seed} step ${step}: count of ${ip}`);
        assert.equal(Boolean(rec.flags & REC_FL.DIRECT), tracing.some((o) => o.flags & OPS_FL.DIRECT));
        assert.equal(Boolean(rec.flags & REC_FL.IPMODIFY), tracing.some((o) => o.flags & OPS_FL.IPMODIFY));
        assert.ok(tracing.filter((o) => o.flags & OPS_FL.IPMODIFY).length <= 1, 'one live patch per function');
        assert.ok(tracing.filter((o) => o.flags & OPS_FL.DIRECT).length <= 1, 'one direct trampoline per function');
        const target = backend.calls[ip];
        assert.equal(target?.kind ?? null, tracing.length === 0 ? null : tracing.length === 1 ? (tracing[0].flags & OPS_FL.DIRECT ? 'direct' : 'ops') : 'list');
        if (target?.kind === 'list') {
          assert.equal(target.direct?.ops, tracing.find((o) => o.flags & OPS_FL.DIRECT));
          assert.equal(target.ipmodify ?? false, tracing.some((o) => o.flags & OPS_FL.IPMODIFY));
        }
        const tr = trs.get(ip);
        if (tr !== undefined && tr.total > 0) {
          const patched = tracing.some((o) => o.flags & OPS_FL.IPMODIFY);
          const callsOrig = tr.links[1].length + tr.links[2].length > 0;
          assert.equal(Boolean(tr.flags & 0x20), patched && callsOrig, `seed ${seed} step ${step}: ORIG_STACK at ${ip} iff patched and calling the body`);
        }
      }
    }
  }
});
