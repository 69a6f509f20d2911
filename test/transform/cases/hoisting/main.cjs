// Hoisting: function declarations callable before their definition, var
// hoisting, sloppy block functions (Annex B), and the ES module form.
console.log('early call', typeof early, early());
console.log('var before assignment', typeof hoistedVar, hoistedVar);
var hoistedVar = 'assigned';
console.log('var after assignment', hoistedVar);
function early() {
  return 'early calls ' + later();
}
function later() {
  return 'later';
}
console.log('duplicate declarations, last wins', duplicate());
function duplicate() {
  return 1;
}
function duplicate() {
  return 2;
}
console.log('block function before its block', typeof inBlock);
{
  console.log('inside block, hoisted to block top', inBlock());
  function inBlock() {
    return 'inBlock';
  }
}
console.log('block function after its block', typeof inBlock);
if (false) {
  function neverEvaluated() {}
}
console.log('function in a block that never ran', typeof neverEvaluated);
function outer() {
  const before = typeof inner;
  return [before, inner(), varInside];
  function inner() {
    return 'inner';
  }
  var varInside = 'never assigned before return';
}
console.log('inside function', outer());
function varTypeof() {
  const r = typeof x;
  var x = 1;
  return r;
}
console.log('var typeof in function', varTypeof());
try {
  expressionNotHoisted();
} catch (e) {
  console.log('function expression', e.constructor.name, e.message);
}
var expressionNotHoisted = function () {};
function shadowsParam(p) {
  return typeof p;
  function p() {}
}
console.log('declaration shadows parameter', shadowsParam(1));
function catchParam() {
  try {
    throw 'x';
  } catch (err) {
    var err = 'var in catch';
    return err;
  }
}
console.log('var in catch', catchParam());
const counter = (function () {
  return count;
  function count() {
    return (count.n = (count.n || 0) + 1);
  }
})();
counter();
console.log('returned before declared', counter());
import('./module.mjs').then(({ report }) => {
  console.log(report());
  console.log('done');
});
