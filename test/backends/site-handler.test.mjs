// The generated site handlers, read back as text, and run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handlerSource, siteHandler } from '../../dist/backends/js/site-handler.js';
import { callerStack } from '../../dist/backends/js/parent.js';
import { CONTINUE } from '../../dist/runtime/index.js';

test('a handler is specialised to the arity: no rest parameter, no spread', () => {
  const source = handlerSource(2, false, true);
  assert.match(source, /function siteCall\(self, fn, newTarget, a0, a1\)/);
  assert.match(source, /apply\(fn, self, \[a0, a1\]\)/);
  assert.doesNotMatch(source, /\.\.\./);
  assert.match(handlerSource(12, true, true), /function siteCall\(self, fn, newTarget, \.\.\.args\)/);
  assert.doesNotMatch(handlerSource(1, false, false), /reentry|stack/, 'entry-only handlers run no body');
});

test('a handler that runs the body: one entry, the nested guard passes through, the caller stack holds the call', () => {
  const stack = callerStack();
  const seen = [];
  const handler = siteHandler(stack, 7, 2, true, true, (self, args) => seen.push([self, args, stack.parent()]));
  // What the site's guard does: call the handler, return its value unless it says continue.
  function add(a, b) {
    const r = handler(this, add, new.target, a, b);
    if (r !== CONTINUE) return r;
    return { sum: a + b, depth: stack.depth, parent: stack.parent() };
  }
  const self = { name: 'receiver' };
  const result = add.call(self, 2, 3);
  assert.deepEqual(result, { sum: 5, depth: 1, parent: 7 });
  assert.deepEqual(seen, [[self, [2, 3], -1]]);
  assert.equal(stack.depth, 0, 'popped on return');
});

test('exceptions pop the stack; constructors keep new.target', () => {
  const stack = callerStack();
  const handler = siteHandler(stack, 3, 1, false, true, () => {});
  function Thing(x) {
    const r = handler(this, Thing, new.target, x);
    if (r !== CONTINUE) return r;
    if (x < 0) throw new RangeError('negative');
    this.x = x;
    this.target = new.target;
  }
  const t = new Thing(4);
  assert.ok(t instanceof Thing);
  assert.equal(t.x, 4);
  assert.equal(t.target, Thing);
  assert.throws(() => new Thing(-1), RangeError);
  assert.equal(stack.depth, 0);
});
