// Async generators: for await, awaiting inside, return/throw, finally, yield*
// over sync and async iterables, and ordering against plain promises.
const order = [];
const tick = (label) => order.push(label);
async function* numbers(n) {
  tick('numbers start');
  try {
    for (let i = 0; i < n; i++) {
      await null;
      yield i;
    }
  } finally {
    tick('numbers finally');
  }
}
async function* delegating() {
  yield* numbers(2);
  yield* ['sync a', 'sync b'];
  yield Promise.resolve('awaited yield');
}
const obj = {
  async *method() {
    yield this.tag;
  },
  tag: 'object method',
};
class K {
  async *[Symbol.asyncIterator]() {
    yield 'K 1';
    yield 'K 2';
  }
}

const collected = [];
Promise.resolve().then(() => tick('p1')).then(() => tick('p2')).then(() => tick('p3'));
for await (const v of numbers(3)) {
  tick('got ' + v);
  collected.push(v);
}
for await (const v of delegating()) collected.push(v);
for await (const v of obj.method()) collected.push(v);
for await (const v of new K()) collected.push(v);
for await (const v of numbers(5)) {
  if (v === 1) break;
}
console.log(collected.join(', '));
const it = numbers(3);
console.log('created, not started', order.filter((o) => o === 'numbers start').length);
console.log(await it.next(), await it.return('early'), await it.next());
const thrower = numbers(3);
await thrower.next();
try {
  await thrower.throw(new Error('thrown in'));
} catch (e) {
  console.log('throw', e.message);
}
async function* failing() {
  yield 1;
  throw new TypeError('failed inside');
}
try {
  for await (const v of failing()) collected.push(v);
} catch (e) {
  console.log('rejection', e.constructor.name, e.message);
}
const g = numbers(1);
console.log('protocol', g[Symbol.asyncIterator]() === g, Object.prototype.toString.call(g), g.next() instanceof Promise);
await g.return();
console.log(order.join('\n'));
console.log('done');
