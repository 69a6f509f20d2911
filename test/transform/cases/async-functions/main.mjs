// Async functions: microtask ordering against plain promises (the patch site
// must add no tick), native promises, and rejections instead of throws.
const order = [];
const tick = (label) => order.push(label);

async function noAwait() {
  tick('noAwait body');
  return 'noAwait';
}
async function oneAwait() {
  tick('oneAwait before');
  await null;
  tick('oneAwait after 1');
  await undefined;
  tick('oneAwait after 2');
}
async function returnsPromise() {
  tick('returnsPromise body');
  return Promise.resolve('inner promise');
}
async function returnsThenable() {
  return { then: (resolve) => (tick('thenable then'), resolve('thenable')) };
}
async function awaitsAsync() {
  tick('awaitsAsync before');
  const v = await noAwait();
  tick('awaitsAsync got ' + v);
  return await returnsPromise();
}
const asyncArrow = async (x) => (tick('asyncArrow ' + x), x);
const asyncConcise = async () => await 1;
const obj = {
  async method() {
    tick('method');
    await 0;
    tick('method after');
  },
};
class K {
  async m() {
    tick('class method');
    return this;
  }
  static async s() {
    tick('static method');
  }
}

tick('sync start');
const results = [
  noAwait(),
  oneAwait(),
  returnsPromise(),
  returnsThenable(),
  awaitsAsync(),
  asyncArrow('a'),
  asyncConcise(),
  obj.method(),
  new K().m(),
  K.s(),
];
Promise.resolve()
  .then(() => tick('p1'))
  .then(() => tick('p2'))
  .then(() => tick('p3'))
  .then(() => tick('p4'))
  .then(() => tick('p5'));
queueMicrotask(() => tick('microtask'));
for (const [i, p] of results.entries()) p.then(() => tick('settled ' + i));
tick('sync end');

async function throwsLater() {
  null.property;
}
async function throwsExplicitly() {
  throw new RangeError('explicit');
}
tick('before throwing calls');
const rejected = [throwsLater(), throwsExplicitly(), (async () => undefinedName)()];
tick('after throwing calls: no synchronous throw');

const settled = await Promise.allSettled([...results, ...rejected]);
await new Promise((resolve) => setTimeout(resolve, 0));
console.log(order.join('\n'));
console.log(settled.map((s) => (s.status === 'fulfilled' ? 'ok ' + typeof s.value : `rejected ${s.reason.constructor.name}: ${s.reason.message}`)).join('\n'));
const p = noAwait();
console.log('native Promise', p instanceof Promise, Object.getPrototypeOf(p) === Promise.prototype, p.constructor === Promise);
console.log('AsyncFunction', Object.getPrototypeOf(noAwait).constructor.name, Object.prototype.toString.call(noAwait));
console.log('resolved value of a returned promise is unwrapped', await returnsPromise());
const rejectedEarly = throwsExplicitly();
let handled = false;
rejectedEarly.catch(() => (handled = true));
await rejectedEarly.catch(() => {});
console.log('rejection handled', handled);
console.log('done');
