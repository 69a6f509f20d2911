// Framed generators: every `yield`, `yield*` and `return` of the body reports
// to the call's frame, and the body sits in a try/catch/finally. This prints
// what would show a difference: `yield` as an operand and without one,
// automatic semicolon insertion before and after a yield, values sent in
// with next(), return() and throw() at every kind of suspension, a return
// in finally, yield in finally, delegation, declarations of the body, and
// generator methods with `this` and `super`.
const log = [];
const take = (it, n) => Array.from({ length: n }, () => it.next());
const sendAll = (gen, values) => {
  const out = [gen.next()];
  for (const v of values) out.push(gen.next(v));
  return out;
};

function* positions(x) {
  let a = x
  yield 'a statement after a line without a semicolon'
  yield
  ;[1].forEach(() => log.push('array statement after a bare yield'))
  yield
  (log.push)('a parenthesized call after a bare yield: a statement of its own')
  const sent = yield 'send me'
  const array = [yield 'in an array', ...[yield 'spread me']]
  const template = `${yield 'template'}!`
  const args = Math.max(yield 'first argument', yield 'second argument')
  const conditional = (yield 'test') ? yield 'then' : yield 'else'
  const nested = yield yield 'nested'
  const arrow = yield () => {}
  (log.push)('a call after an arrow with a block body')
  class Keyed {
    [yield 'computed key']() {
      return 'method'
    }
  }
  let assigned
  assigned = yield 'assign'
  const delegated = yield* [1, 2]
  const delegatedReturn = yield* returning()
  const sequence = (yield 's1', yield 's2')
  return [sent, array, template, args, conditional, nested, typeof arrow, Object.getOwnPropertyNames(Keyed.prototype).join(), assigned, delegated, delegatedReturn, sequence, a]
}

function* returning() {
  yield 'returning 1'
  return 'returned from delegate'
}

function* bareReturns(kind) {
  yield kind
  if (kind === 0) return
  if (kind === 1) return;
  let n = 5
  if (kind === 2) return n++
  (log.push)('a statement of its own after return n++')
  if (kind === 3) return yield 'yield as the return value'
}

function* cleanup(label) {
  try {
    yield label + ' 1';
    yield label + ' 2';
  } catch (e) {
    log.push(label + ' caught ' + e);
    yield label + ' after catch';
  } finally {
    log.push(label + ' finally');
  }
  return label + ' end';
}

function* finallyYields() {
  try {
    yield 'try';
  } finally {
    yield 'from finally';
    log.push('after the yield in finally');
  }
}

function* finallyReturns() {
  try {
    yield 1;
  } finally {
    return 'finally wins';
  }
}

function* throws() {
  yield 'before';
  throw new RangeError('thrown by the body');
}

function* declarations() {
  const before = [typeof early, early(), typeof later, typeof v];
  var v = 'var';
  yield before;
  function early() {
    return 'early';
  }
  {
    yield 'block function inside its block: ' + blockFn();
    function blockFn() {
      return 'block';
    }
  }
  let l = 'let';
  class K {}
  return [typeof blockFn, v, l, typeof K, later()];
  function later() {
    return 'later';
  }
}

const base = {
  label() {
    return 'base';
  },
};
const object = {
  __proto__: base,
  tag: 'object',
  *method() {
    yield this.tag;
    yield super.label();
    return arguments.length;
  },
};
class Collection {
  constructor(items) {
    this.items = items;
  }
  *[Symbol.iterator]() {
    for (const item of this.items) yield item;
  }
  static *range(n) {
    for (let i = 0; i < n; i++) yield i;
  }
}

console.log(JSON.stringify(sendAll(positions(true), ['sent', 'a1', 'a2', 'tpl', 3, 4, true, 'then', 'inner', 'outer', 'fn', 'key', 'assigned', 'x', 'y', 'z', 'after the delegate', 's1', 's2', 'end', 'past the end'])));
console.log(JSON.stringify([0, 1, 2, 3].map((kind) => sendAll(bareReturns(kind), ['r1', 'r2']))));

const closed = cleanup('closed');
console.log(JSON.stringify([closed.next(), closed.return('early'), closed.next()]));
const thrown = cleanup('thrown');
console.log(JSON.stringify([thrown.next(), thrown.throw('boom'), thrown.next(), thrown.next()]));
const unstarted = cleanup('unstarted');
console.log(JSON.stringify([unstarted.return('before start'), unstarted.next()]));
try {
  cleanup('throw before start').throw(new Error('before start'));
} catch (e) {
  console.log('throw before start', e.message);
}
const rethrown = cleanup('rethrown');
rethrown.next();
rethrown.throw('first');
try {
  rethrown.throw('second');
} catch (e) {
  console.log('second throw leaves', e);
}
const fy = finallyYields();
console.log(JSON.stringify([fy.next(), fy.return('later'), fy.next(), fy.next()]));
const fr = finallyReturns();
fr.next();
console.log(JSON.stringify(fr.return('ignored')));
const t = throws();
t.next();
try {
  t.next();
} catch (e) {
  console.log(e.constructor.name, e.message, JSON.stringify(t.next()));
}
console.log(JSON.stringify([...declarations()]), JSON.stringify(take(declarations(), 3)));
console.log(JSON.stringify([...object.method(1, 2)]), JSON.stringify(take(object.method(1, 2), 3)));
console.log([...new Collection(['c1', 'c2'])].join(), [...Collection.range(3)].join(), Math.max(...Collection.range(5)));
for (const v of cleanup('broken')) {
  if (v === 'broken 1') break;
}
const [first] = cleanup('destructured');
console.log('destructured', first);
console.log(log.join('\n'));
console.log(String(positions).split('\n').length, String(cleanup).includes('__fe'), String(object.method));
console.log('done');
