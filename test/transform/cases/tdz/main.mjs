// The temporal dead zone: the same ReferenceError, with the same message.
const attempt = (label, fn) => {
  try {
    console.log(label, 'returned', fn());
  } catch (e) {
    console.log(label, e.constructor.name, e.message);
  }
};
attempt('let before init', () => letVar);
let letVar = 1;
attempt('const read by early function', () => readsLater());
function readsLater() {
  return laterConst;
}
const laterConst = 2;
attempt('class before definition', () => new Later());
class Later {}
attempt('typeof in TDZ', function () {
  return typeof inner;
  let inner;
});
attempt('self reference', function () {
  let s = s + 1;
  return s;
});
attempt('default params', function (a = b, b = 1) {
  return a;
});
attempt('switch case lexical', function () {
  switch (1) {
    case 0:
      let x = 1;
      break;
    case 1:
      return x;
  }
});
attempt('class heritage self reference', () => {
  class A extends A {}
});
attempt('closure reads before init', () => {
  const get = () => late;
  const v = get();
  let late = 3;
  return v;
});
attempt('closure reads after init', () => {
  const get = () => late;
  let late = 3;
  return get();
});
attempt('for loop head', () => {
  for (let i = (() => i)(); ; ) return i;
});
attempt('destructuring self reference', () => {
  const { a = a } = {};
  return a;
});
attempt('function parameter shadowing outer let', (letVar = letVar) => letVar);
attempt('let after init', () => letVar);
console.log('done');
