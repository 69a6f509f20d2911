// Generators: lazy start, next/return/throw, finally, yield*, spread, and the
// generator object's protocol.
const log = [];
function* counter(limit) {
  log.push('counter started');
  try {
    for (let i = 0; i < limit; i++) {
      const sent = yield i;
      if (sent !== undefined) log.push('sent ' + sent);
    }
    return 'counter done';
  } finally {
    log.push('counter finally');
  }
}
const it = counter(3);
console.log('created, not started:', log.length === 0);
console.log(it.next('ignored first'), it.next('a'), it.next(), it.next(), it.next());
console.log(log.splice(0).join(' | '));

const early = counter(5);
console.log(early.next(), early.return('early'), early.next());
console.log(log.splice(0).join(' | '));

const neverStarted = counter(5);
console.log('return before start', neverStarted.return('r'), neverStarted.next(), log.splice(0).length);

function* catcher() {
  while (true) {
    try {
      yield 'waiting';
    } catch (e) {
      log.push('caught ' + e);
      yield 'recovered';
    }
  }
}
const c = catcher();
console.log(c.next(), c.throw('boom'), c.next());
try {
  catcher().throw('before start');
} catch (e) {
  console.log('throw before start propagates', e);
}
console.log(log.splice(0).join(' | '));

function* inner() {
  const x = yield 'inner 1';
  yield 'inner got ' + x;
  return 'inner result';
}
function* outer() {
  const r = yield* inner();
  yield 'outer got ' + r;
  yield* [1, 2];
  yield* 'ab';
}
const o = outer();
console.log(o.next().value, o.next('X').value, o.next().value, [...o].join());
console.log('spread', [...counter(3)], Math.max(...counter(4)));
log.length = 0;
const [first, second] = counter(10);
console.log('destructuring closes', first, second, log.join(' | '));
log.length = 0;
for (const v of counter(10)) {
  if (v === 1) break;
}
console.log('break closes', log.join(' | '));
function* withThis() {
  yield this?.tag;
}
console.log('this', withThis.call({ tag: 'tagged' }).next().value, withThis().next().value);
function* withArguments() {
  yield arguments.length;
}
console.log('arguments', withArguments(1, 2, 3).next().value);
const obj = {
  *method() {
    yield* [this.v, super.constructor.name];
  },
  v: 'v',
};
class K {
  *[Symbol.iterator]() {
    yield 'k1';
    yield 'k2';
  }
  static *gen() {
    yield this.name;
  }
}
console.log('methods', [...obj.method()], [...new K()], [...K.gen()]);
const g = counter(1);
console.log('protocol', g[Symbol.iterator]() === g, Object.prototype.toString.call(g), typeof g.next);
function* infinite() {
  let n = 0;
  while (true) yield n++;
}
const take = (n, gen) => Array.from({ length: n }, () => gen.next().value);
console.log('infinite', take(5, infinite()));
function* returnsInFinally() {
  try {
    yield 1;
  } finally {
    return 'finally overrides';
  }
}
const rif = returnsInFinally();
rif.next();
console.log('return in finally', rif.return('ignored'));
function* yieldInFinally() {
  try {
    yield 1;
  } finally {
    yield 'from finally';
  }
}
const yif = yieldInFinally();
yif.next();
console.log('yield in finally', yif.return('later'), yif.next());
const running = (function* self() {
  try {
    running.next();
  } catch (e) {
    yield e.constructor.name + ': ' + e.message;
  }
})();
console.log('re-entry', running.next().value);
console.log('done');
