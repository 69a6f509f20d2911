// Function.prototype.length: parameters before the first default or rest.
const fns = {
  none: function () {},
  two: function (a, b) {},
  defaultSecond: function (a, b = 1, c) {},
  defaultFirst: function (a = 1, b) {},
  rest: function (a, ...r) {},
  onlyRest: function (...r) {},
  destructured: function ({ a }, [b]) {},
  destructuredDefault: function ({ a } = {}, b) {},
  trailingComma: function (a, b,) {},
  arrow: (a, b) => a,
  arrowConcise: (a, b = 2) => a,
  arrowSingle: x => x,
  asyncFn: async function (a, b, c) {},
  asyncArrow: async (a) => a,
  generator: function* (a, b) {},
  asyncGenerator: async function* (a) {},
  method: { m(a, b, c) {} }.m,
  getter: Object.getOwnPropertyDescriptor({ get g() { return 1; } }, 'g').get,
  setter: Object.getOwnPropertyDescriptor({ set s(v) {} }, 's').set,
  classCtor: class { constructor(a, b) {} },
  classNoCtor: class {},
  derivedDefaultCtor: class extends Array {},
  bound: function (a, b, c) {}.bind(null, 1),
};
for (const [name, fn] of Object.entries(fns)) {
  const d = Object.getOwnPropertyDescriptor(fn, 'length');
  console.log(name.padEnd(20), fn.length, d.writable, d.enumerable, d.configurable);
}
function redefined(a, b) {}
Object.defineProperty(redefined, 'length', { value: 9 });
console.log('redefined', redefined.length);
console.log('done');
