function onFirstLine() { throw new Error('line 1') } import { fromCjs, fromStrictCjs } from './thrower.cjs'; import { frames } from './frames.mjs';
// Stack traces: the file:line:col of the top frames must be the original ones,
// including on lines where the patch site or the module prologue was inserted.
const report = (label, fn) => {
  try {
    const e = fn();
    console.log(label, frames(e));
  } catch (e) {
    console.log(label, frames(e));
  }
};
function sameLine(x) { if (x) throw new TypeError('same line as the guard'); return x }
function nextLine(x) {
  throw new RangeError('own line');
}
const conciseArrow = (o) => o.missing.property;
const parenthesizedArrow = (o) => (o.missing.property);
class Widget {
  field = (() => new Error('field initializer'))();
  constructor(fail) { if (fail) throw new Error('constructor') }
  method() { return new Error('method') }
  get getter() { throw new Error('getter') }
  static { this.fromStaticBlock = new Error('static block') }
}
function* generator() { yield 1; throw new Error('generator') }
async function asyncThrower() {
  await null;
  throw new Error('after await');
}
async function asyncCaller() { await asyncThrower() }
function deep(n) { return n === 0 ? new Error('deep') : deep(n - 1) }
function viaCallback() { return [1].map(function mapper() { throw new Error('in callback') }) }
function captured() {
  const target = {};
  Error.captureStackTrace(target, captured);
  return target;
}
function caller() { return captured() }

report('onFirstLine', () => onFirstLine());
report('sameLine', () => sameLine(1));
report('nextLine', () => nextLine());
report('conciseArrow', () => conciseArrow({}));
report('parenthesizedArrow', () => parenthesizedArrow({}));
report('field', () => new Widget().field);
report('constructor', () => new Widget(true));
report('method', () => new Widget().method());
report('getter', () => new Widget().getter);
report('static block', () => Widget.fromStaticBlock);
report('generator', () => { const g = generator(); g.next(); g.next() });
report('deep', () => deep(3));
report('callback', () => viaCallback());
report('captureStackTrace', () => caller());
report('cjs', () => fromCjs());
report('strict cjs', () => fromStrictCjs());
try {
  await asyncCaller();
} catch (e) {
  console.log('async', frames(e));
}
console.log('done');
