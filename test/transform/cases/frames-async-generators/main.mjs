// Framed async generators: awaits and yields in one body, for await over
// them, return() and throw() while suspended at a yield, awaiting in finally,
// yield* over sync and async iterables, and the order of microtasks against
// plain promises (a frame adds no tick).
const order = [];
const tick = (label) => order.push(label);

async function* numbers(label, n) {
  tick(label + ' start')
  try {
    for (let i = 0; i < n; i++) {
      await null
      const sent = yield i
      if (sent !== undefined) tick(label + ' got ' + sent)
    }
    return label + ' finished'
  } finally {
    await tick(label + ' finally')
  }
}

async function* mixed() {
  const a = await Promise.resolve('awaited')
  yield a
  yield await Promise.resolve('awaited operand')
  yield Promise.resolve('yielded promise')
  const inner = yield* numbers('delegate', 2)
  yield* ['sync 1', 'sync 2']
  yield inner
  yield
  ;[1].forEach(() => tick('after a bare yield'))
  return
}

async function* failing() {
  yield 'before'
  await null
  throw new TypeError('failed inside')
}

async function* caught() {
  try {
    yield await Promise.reject(new Error('rejected'))
  } catch (e) {
    yield 'caught ' + e.message
  }
}

const object = {
  tag: 'object',
  async *method() {
    yield this.tag
    yield arguments.length
  },
}

const collected = []
Promise.resolve()
  .then(() => tick('p1'))
  .then(() => tick('p2'))
  .then(() => tick('p3'))
  .then(() => tick('p4'))
  .then(() => tick('p5'))
for await (const v of numbers('loop', 3)) {
  tick('loop value ' + v)
  collected.push(v)
}
for await (const v of mixed()) collected.push(v)
for await (const v of object.method(1, 2, 3)) collected.push(v)
for await (const v of caught()) collected.push(v)
for await (const v of numbers('broken', 5)) {
  if (v === 1) break
}
const manual = numbers('manual', 3)
collected.push(await manual.next(), await manual.next('sent'), await manual.return('early'), await manual.next())
const thrown = numbers('thrown', 3)
await thrown.next()
try {
  await thrown.throw(new Error('thrown in'))
} catch (e) {
  collected.push('throw: ' + e.message)
}
try {
  for await (const v of failing()) collected.push(v)
} catch (e) {
  collected.push(`${e.constructor.name}: ${e.message}`)
}
const queued = numbers('queued', 2)
const all = await Promise.all([queued.next(), queued.next(), queued.next(), queued.return('r')])
collected.push(all)
console.log(JSON.stringify(collected))
console.log(order.join('\n'))
console.log(String(mixed).split('\n').length, String(numbers).includes('__fe'))
console.log('done')
