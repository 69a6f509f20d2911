// Framed async functions: every `await` and `return` of the body reports to
// the call's frame, so the operand and the result pass through inserted text
// on both sides of the user's own keyword. This prints what would show a
// difference: operands evaluated twice, precedence, automatic semicolon
// insertion at both ends, awaits in templates, arguments, computed keys and
// conditionals, returns of every form, throws and rejections caught inside,
// declarations of a body that now sits in a `try` block, and the order of
// microtasks against plain promises.
const order = [];
const tick = (label) => order.push(label);
let counter = 0;
const next = () => ++counter;

async function positions(x) {
  let a = x
  await tick('statement start after a line without a semicolon')
  let n = 0
  await n++
  ;(tick)('a parenthesized call after a postfix update')
  const template = `t${await next()}-${await next()}`;
  const arithmetic = (await next()) + (await next()) * 2 - -(await next());
  const call = Math.max(await next(), await next());
  const conditional = (await a) ? await 'yes' : await 'no';
  const nested = await await await next();
  const object = { [await 'key']: await 'value', ...(await { spread: true }) };
  const array = [await 1, ...(await [2, 3])];
  class Keyed {
    [await 'method']() {
      return 'from a computed key';
    }
    static [await 'field'] = 'static field';
  }
  const unary = [typeof (await x), -(await 1), !(await 0), void (await 1)];
  const tagged = String.raw`${await 'raw'}\n`;
  const optional = (await null)?.missing;
  const power = (await 2) ** 2;
  let assigned;
  assigned = await 'assigned';
  assigned += await '!';
  if (await true) tick('if test');
  for (let i = await 0; i < (await 2); i += await 1) tick('for ' + i);
  while (await false) tick('never');
  switch (await 'b') {
    case await 'a':
      tick('case a');
      break;
    case await 'b':
      tick('case b');
  }
  outer: for (const k of await ['x', 'y']) {
    tick('of ' + k);
    break outer;
  }
  for (const k in await { p: 1 }) tick('in ' + k);
  const arrow = async () => await 'concise';
  const arrowObject = async () => ({ o: await 'object body' });
  const sequence = (await 1, await 2);
  const comma = [(await 'c1'), await 'c2'].join();
  const logical = ((await null) ?? (await 0)) || (await 'fallback');
  await Promise.resolve()
  ;[1].forEach((v) => tick('array after an await statement ' + v))
  return [
    template,
    arithmetic,
    call,
    conditional,
    nested,
    object,
    array,
    new Keyed().method(),
    Keyed.field,
    unary,
    tagged,
    optional,
    power,
    assigned,
    await arrow(),
    await arrowObject(),
    sequence,
    comma,
    logical,
    n,
    counter,
  ];
}

// No `finally` around a return and no `for … of`: the body reports its end
// at each return.
async function returns(kind) {
  let n = 1
  switch (kind) {
    case 0:
      return
    case 1:
      return;
    case 2:
      return await next()
    case 3:
      return n++
      (tick)('unreachable call after a postfix update')
    case 4:
      return Promise.resolve('a promise, adopted')
    case 5:
      return { then: (resolve) => resolve('a thenable') }
    case 6:
      if (kind) return (
        'parenthesized'
      )
    case 7:
      try {
        return 'from try'
      } catch {
        return 'never'
      }
  }
  n++
  return 'fell through ' + n
}

// A body that runs on after a return: the end is reported from a finally.
async function returnsRunOn(kind) {
  switch (kind) {
    case 0:
      try {
        return 'from try'
      } finally {
        tick('finally after return')
      }
    case 1:
      try {
        return 'overridden'
      } finally {
        return 'from finally'
      }
    case 2:
      for (const v of [1, 2, 3]) if (v === 2) return 'from a for-of'
    case 3:
      try {
        return await Promise.reject(new Error('rejected return'))
      } catch (e) {
        return 'caught ' + e.message
      } finally {
        await tick('awaited in finally')
      }
  }
}

async function fallsOff() {
  await tick('falls off')
}

async function throwing(kind) {
  try {
    await Promise.reject(new Error('rejected inside'));
  } catch (e) {
    tick('caught ' + e.message);
  }
  try {
    await (async () => {
      throw new RangeError('from a nested async');
    })();
  } catch (e) {
    tick('caught ' + e.constructor.name);
  } finally {
    tick('inner finally');
  }
  const recovered = await Promise.reject(1).catch((v) => v + 1);
  if (kind === 'throw') throw new TypeError('leaves the body ' + recovered);
  if (kind === 'reference') return undefinedName;
  null.property;
}

async function declarations() {
  const before = [typeof early, early(), typeof later, typeof v, typeof blockFn];
  var v = 'var';
  await null;
  function early() {
    return 'early';
  }
  {
    tick('block function inside its block ' + blockFn());
    function blockFn() {
      return 'block';
    }
  }
  let l = 'let';
  const c = 'const';
  class K {}
  let tdz;
  try {
    tdz = typeof lateLet;
  } catch (e) {
    tdz = e.constructor.name;
  }
  let lateLet = 1;
  return [...before, typeof blockFn, v, l, c, typeof K, later(), tdz, lateLet];
  function later() {
    return 'later';
  }
}

async function shadowsParameter(p) {
  await null;
  return typeof p;
  function p() {}
}

async function withThis() {
  return [this?.tag, await this?.tag, arguments.length];
}

async function ordering(label) {
  tick(label + ' 0');
  await null;
  tick(label + ' 1');
  await undefined;
  tick(label + ' 2');
  return label;
}

const results = [];
results.push(await positions(true));
for (let kind = 0; kind <= 8; kind++) results.push(await returns(kind));
for (let kind = 0; kind <= 4; kind++) results.push(await returnsRunOn(kind));
results.push(await fallsOff());
for (const kind of ['throw', 'reference', 'null']) {
  try {
    await throwing(kind);
  } catch (e) {
    results.push(`${e.constructor.name}: ${e.message}`);
  }
}
results.push(await declarations(), await shadowsParameter(1), await withThis.call({ tag: 'this' }, 1, 2));

tick('sync start');
const pending = [ordering('a'), ordering('b')];
Promise.resolve()
  .then(() => tick('p1'))
  .then(() => tick('p2'))
  .then(() => tick('p3'))
  .then(() => tick('p4'));
queueMicrotask(() => tick('microtask'));
for (const p of pending) p.then((label) => tick('settled ' + label));
tick('sync end');
await Promise.all(pending);
await new Promise((resolve) => setTimeout(resolve, 0));

console.log(JSON.stringify(results, null, 1));
console.log(order.join('\n'));
console.log(String(positions).length, String(returns).split('\n').length, String(returnsRunOn).length, String(declarations).includes('__fe'));
console.log('done');
