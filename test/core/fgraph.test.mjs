// fgraph: the manager ops, its clients (sub-ops), the shadow stack, parked async
// frames and the pairing of every hooked entry with one return or one GONE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ftrace, Fgraph, FgraphOps, Ops, LEAVE, OPS_FL, FGRAPH_MAX } from '../../dist/core/index.js';
import { FakeBackend, site } from './support.mjs';

const NAMES = ['main', 'parse', 'lex', 'emit', 'fetch'].map((s) => site(s));

function setup() {
  const backend = new FakeBackend(NAMES);
  const ftrace = new Ftrace(backend);
  const fgraph = new Fgraph(ftrace);
  return { backend, ftrace, fgraph };
}

/** A client that logs what it sees; `filter`: the symbols it traces (all when omitted). */
function client(ftrace, name, filter, log = []) {
  const ops = new Ops({ name: `${name}-hash`, func: () => {} });
  if (filter !== undefined) ftrace.setFilter(ops, filter, true);
  let next = 1;
  const g = new FgraphOps({
    name,
    ops,
    entry: (ip, _parent, depth) => {
      log.push(`${name} enter ${NAMES[ip].symbol} @${depth}`);
      return next++;
    },
    ret: (ip, depth, token, how) => log.push(`${name} ${['return', 'throw', 'suspend', 'gone'][how]} ${NAMES[ip].symbol} @${depth} #${token}`),
    resume: (ip, depth, token) => {
      log.push(`${name} resume ${NAMES[ip].symbol} @${depth} #${token}`);
      return token;
    },
  });
  return { g, log };
}

// What a site does: the manager's entry, then later its return hooks.
const enter = (fgraph, ip) => fgraph.manager.func(ip, -1, fgraph.manager, undefined, true);
const leave = (fgraph, ip, token, how = LEAVE.RETURN) => fgraph.manager.hooks.ret(ip, fgraph.manager, token, how, undefined);
const resume = (fgraph, ip, token) => fgraph.manager.hooks.resume(ip, fgraph.manager, token);

test('one manager ops for all clients: each site counted once, the manager leaves with the last client', () => {
  const { ftrace, fgraph } = setup();
  const a = client(ftrace, 'a', 'parse lex');
  const b = client(ftrace, 'b', 'lex emit');
  fgraph.register(a.g);
  assert.deepEqual(ftrace.ops, [fgraph.manager]);
  fgraph.register(b.g);
  assert.deepEqual(ftrace.ops, [fgraph.manager]);
  assert.deepEqual([0, 1, 2, 3, 4].map((ip) => ftrace.record(ip).count), [0, 1, 1, 1, 0]);
  assert.ok(fgraph.manager.flags & OPS_FL.GRAPH);
  // A client's filter change re-hashes the manager.
  ftrace.setFilter(b.g.ops, 'fetch', true);
  assert.deepEqual([0, 1, 2, 3, 4].map((ip) => ftrace.record(ip).count), [0, 1, 1, 0, 1]);
  fgraph.unregister(a.g);
  assert.deepEqual([0, 1, 2, 3, 4].map((ip) => ftrace.record(ip).count), [0, 0, 0, 0, 1]);
  fgraph.unregister(b.g);
  assert.deepEqual(ftrace.ops, []);
  assert.throws(() => fgraph.unregister(b.g), { code: 'EINVAL' });
  assert.deepEqual([0, 1, 2, 3, 4].map((ip) => ftrace.record(ip).count), [0, 0, 0, 0, 0]);
});

test('each client sees its own functions at its own depth, and only the returns it asked for', () => {
  const { ftrace, fgraph } = setup();
  const log = [];
  const a = client(ftrace, 'a', undefined, log);
  const b = client(ftrace, 'b', 'lex', log);
  fgraph.register(a.g);
  fgraph.register(b.g);
  const t0 = enter(fgraph, 0);
  const t1 = enter(fgraph, 1);
  const t2 = enter(fgraph, 2);
  leave(fgraph, 2, t2);
  leave(fgraph, 1, t1, LEAVE.THROW);
  leave(fgraph, 0, t0);
  assert.deepEqual(log, [
    'a enter main @0',
    'a enter parse @1',
    'a enter lex @2',
    'b enter lex @0',
    'b return lex @0 #1',
    'a return lex @2 #3',
    'a throw parse @1 #2',
    'a return main @0 #1',
  ]);
});

test('an async call parks at each suspension and comes back at each resumption', () => {
  const { ftrace, fgraph } = setup();
  const log = [];
  const a = client(ftrace, 'a', undefined, log);
  fgraph.register(a.g);
  const tMain = enter(fgraph, 0);
  const tFetch = enter(fgraph, 4);
  const parked = leave(fgraph, 4, tFetch, LEAVE.SUSPEND);
  assert.ok(parked < 0, 'a parked frame has its own token');
  leave(fgraph, 0, tMain);
  // Later, from the event loop: fetch runs again and finishes.
  const again = resume(fgraph, 4, parked);
  assert.ok(again > 0);
  leave(fgraph, 4, again);
  assert.deepEqual(log, ['a enter main @0', 'a enter fetch @1', 'a suspend fetch @1 #2', 'a return main @0 #1', 'a resume fetch @0 #2', 'a return fetch @0 #2']);
  assert.equal(resume(fgraph, 4, parked), 0, 'a parked frame resumes once');
});

test('unregistering a client closes its open calls with one GONE each; its later returns are not delivered', () => {
  const { ftrace, fgraph } = setup();
  const log = [];
  const a = client(ftrace, 'a', undefined, log);
  const b = client(ftrace, 'b', undefined, log);
  fgraph.register(a.g);
  fgraph.register(b.g);
  const tMain = enter(fgraph, 0);
  const tFetch = enter(fgraph, 4);
  const parked = leave(fgraph, 4, tFetch, LEAVE.SUSPEND);
  const tParse = enter(fgraph, 1);
  log.length = 0;
  fgraph.unregister(a.g);
  assert.deepEqual(log.sort(), ['a gone fetch @0 #2', 'a gone main @0 #1', 'a gone parse @1 #3'].sort());
  log.length = 0;
  leave(fgraph, 1, tParse);
  leave(fgraph, 0, tMain);
  const again = resume(fgraph, 4, parked);
  leave(fgraph, 4, again);
  assert.deepEqual(log, ['b return parse @1 #3', 'b return main @0 #1', 'b resume fetch @0 #2', 'b return fetch @0 #2']);
  assert.equal(a.g.depth, 0);
  assert.equal(b.g.depth, 0);
});

test('a throwing client is contained and counted; the others still run', () => {
  const { ftrace, fgraph } = setup();
  const errors = [];
  ftrace.onCallbackError = (ops, ip, error) => errors.push([ops.name, ip, error.message]);
  const log = [];
  const good = client(ftrace, 'good', undefined, log);
  const ops = new Ops({ name: 'bad-hash', func: () => {} });
  const bad = new FgraphOps({ name: 'bad', ops, entry: () => 1, ret: () => { throw new Error('boom'); } });
  fgraph.register(bad);
  fgraph.register(good.g);
  const t = enter(fgraph, 1);
  leave(fgraph, 1, t);
  assert.deepEqual(log, ['good enter parse @0', 'good return parse @0 #1']);
  assert.deepEqual(errors, [['bad-hash', 1, 'boom']]);
  assert.equal(ops.errors, 1);
});

test(`at most ${FGRAPH_MAX} clients: the next one fails with ENOSPC and nothing changes`, () => {
  const { ftrace, fgraph } = setup();
  const clients = Array.from({ length: FGRAPH_MAX }, (_, i) => client(ftrace, `c${i}`, 'main').g);
  for (const g of clients) fgraph.register(g);
  const before = ftrace.record(0);
  const extra = client(ftrace, 'extra', 'parse').g;
  assert.throws(() => fgraph.register(extra), { code: 'ENOSPC' });
  assert.deepEqual(ftrace.record(1).count, 0);
  assert.deepEqual(ftrace.record(0), before);
  assert.throws(() => fgraph.register(clients[0]), { code: 'EBUSY' });
  for (const g of clients) fgraph.unregister(g);
  assert.deepEqual(ftrace.ops, []);
});
