// Default and rest parameters: evaluation order, the parameter scope and its
// closures, and the separate var scope of the body (sloppy mode).
const log = [];
const note = (x) => (log.push(x), x);
function chain(a, b = a + 1, c = () => a + b) {
  return [a, b, c()];
}
function separateScope(a, read = () => a) {
  var a = 'body';
  return [a, read()];
}
function bodyVarCopiesParam(a = 1) {
  var a;
  return a;
}
function closureWrites(a, set = (v) => (a = v), get = () => a) {
  set('written by closure');
  var a;
  return [a, get()];
}
function order(a = note('a'), b = note('b'), ...rest) {
  return [a, b, rest];
}
function lazy(x = counter()) {
  return x;
}
let calls = 0;
function counter() {
  return ++calls;
}
function laterParamTdz(a = b, b = 1) {
  return a;
}
function selfTdz(a = a) {
  return a;
}
function usesThis(a = this) {
  return a === globalThis ? 'globalThis' : typeof a;
}
function argumentsInDefault(a, b = arguments.length) {
  return b;
}
function evalInDefault(a = eval('1 + 1')) {
  return a;
}
function evalVarInDefault(a = eval('var fromEval = 3; fromEval'), b = () => typeof fromEval) {
  return [a, b(), typeof fromEval];
}
function named(n = named.name) {
  return n;
}
function objectDefault({ x = 1, y } = {}) {
  return [x, y];
}
function restOnly(...xs) {
  return [xs.length, Array.isArray(xs), arguments.length];
}
function restArray(a, ...[b, c]) {
  return [a, b, c];
}
function restObject(...{ length }) {
  return length;
}
function defaultFunctionShadowed(a = 'param', f = function () { return a; }) {
  function a() {}
  return [typeof a, f()];
}
const arrow = (a, b = a * 2, ...more) => [a, b, more.length];
const arrowClosure = (x, f = () => x) => ((x = 'changed'), f());
const method = {
  m(a, b = this.base) {
    return a + b;
  },
  base: 40,
};
class K {
  constructor(a, b = a + '!') {
    this.v = b;
  }
  static s(fn = () => this.name) {
    return fn();
  }
}
const closures = [];
function collect(i, f = () => i) {
  closures.push(f);
}
for (let i = 0; i < 3; i++) collect(i);

console.log('chain', chain(1), chain(1, 5), chain(1, undefined, () => 'given'));
console.log('separateScope', separateScope('param'));
console.log('bodyVarCopiesParam', bodyVarCopiesParam());
console.log('closureWrites', closureWrites('param'));
console.log('order', order(), order(undefined, 'B', 1, 2), log.join());
console.log('lazy', lazy(), lazy(), lazy(7), lazy());
for (const f of [laterParamTdz, selfTdz]) {
  try {
    f();
  } catch (e) {
    console.log(f.name, e.constructor.name, e.message);
  }
}
console.log('laterParamTdz given', laterParamTdz(0));
console.log('usesThis', usesThis(), usesThis.call('s'));
console.log('argumentsInDefault', argumentsInDefault(1), argumentsInDefault(1, 2, 3));
console.log('evalInDefault', evalInDefault());
console.log('evalVarInDefault', evalVarInDefault());
console.log('named', named());
console.log('objectDefault', objectDefault(), objectDefault({ y: 2 }));
console.log('restOnly', restOnly(), restOnly(1, 2));
console.log('restArray', restArray(1, 2, 3, 4));
console.log('restObject', restObject(1, 2, 3));
console.log('defaultFunctionShadowed', defaultFunctionShadowed());
console.log('arrow', arrow(1), arrow(1, 1, 1, 1));
console.log('arrowClosure', arrowClosure('x'));
console.log('method', method.m(2));
console.log('class', new K('k').v, K.s());
console.log('closures', closures.map((f) => f()).join());
console.log('done');
