// arguments.callee in sloppy functions; a TypeError in strict ones.
function factorial(n) {
  return n <= 1 ? 1 : n * arguments.callee(n - 1);
}
console.log('factorial', factorial(5));
console.log('anonymous recursion', (function (n) {
  return n <= 0 ? 'bottom' : arguments.callee(n - 1);
})(3));
function identity() {
  return arguments.callee;
}
console.log('callee is the function', identity() === identity);
const obj = {
  method() {
    return arguments.callee === obj.method;
  },
};
console.log('method callee', obj.method());
function outer() {
  const arrow = () => arguments.callee;
  return arrow() === outer;
}
console.log('arrow sees outer callee', outer());
function caller() {
  return callee();
}
function callee() {
  return callee.caller === caller ? 'caller is caller' : String(callee.caller);
}
console.log('fn.caller', caller());
function strict() {
  'use strict';
  return arguments.callee;
}
try {
  strict();
} catch (e) {
  console.log('strict', e.constructor.name, e.message);
}
function withDefaults(a = 1) {
  return arguments.callee === withDefaults;
}
try {
  withDefaults();
} catch (e) {
  console.log('non-simple parameters: unmapped arguments', e.constructor.name);
}
const bound = identity.bind(null);
console.log('bound callee is target', bound() === identity);
console.log('done');
