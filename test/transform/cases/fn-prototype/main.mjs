// fn.prototype: who has one, its descriptor and shape, and who is a constructor.
const describe = (fn) => {
  if (!Object.hasOwn(fn, 'prototype')) return 'no prototype';
  const d = Object.getOwnPropertyDescriptor(fn, 'prototype');
  const p = d.value;
  const ctor = Object.hasOwn(p, 'constructor') ? (p.constructor === fn ? 'constructor=fn' : 'constructor=other') : 'no constructor';
  const proto = Object.getPrototypeOf(p);
  const protoName =
    proto === Object.prototype ? 'Object.prototype' : proto === null ? 'null' : Object.prototype.toString.call(proto);
  return `w${+d.writable}e${+d.enumerable}c${+d.configurable} ${ctor} keys=[${Reflect.ownKeys(p).map(String)}] proto=${protoName}`;
};
const isConstructor = (fn) => {
  try {
    Reflect.construct(String, [], fn);
    return 'constructor';
  } catch {
    return 'not a constructor';
  }
};
class Base {
  method() {}
  static staticMethod() {}
  get getter() {
    return 1;
  }
  *genMethod() {}
  async asyncMethod() {}
}
class Derived extends Base {}
const obj = {
  method() {},
  prop: function () {},
  arrow: () => {},
  *gen() {},
  async asyncMethod() {},
  get getter() {
    return 1;
  },
};
const fns = {
  declaration: function declaration() {},
  arrow: () => {},
  asyncArrow: async () => {},
  asyncFunction: async function () {},
  generator: function* () {},
  asyncGenerator: async function* () {},
  classBase: Base,
  classDerived: Derived,
  classMethod: Base.prototype.method,
  staticMethod: Base.staticMethod,
  classGetter: Object.getOwnPropertyDescriptor(Base.prototype, 'getter').get,
  classGenMethod: Base.prototype.genMethod,
  classAsyncMethod: Base.prototype.asyncMethod,
  objMethod: obj.method,
  objProp: obj.prop,
  objArrow: obj.arrow,
  objGen: obj.gen,
  objAsync: obj.asyncMethod,
  objGetter: Object.getOwnPropertyDescriptor(obj, 'getter').get,
  bound: function () {}.bind(null),
};
for (const [name, fn] of Object.entries(fns)) console.log(name.padEnd(18), isConstructor(fn).padEnd(18), describe(fn));
const gen = fns.generator();
console.log('generator object proto is fn.prototype', Object.getPrototypeOf(gen) === fns.generator.prototype);
function Ctor() {}
Ctor.prototype.shared = 1;
console.log('instance proto', Object.getPrototypeOf(new Ctor()) === Ctor.prototype, new Ctor().shared);
for (const [name, fn] of [['arrow', fns.arrow], ['method', obj.method], ['generator', fns.generator]]) {
  try {
    new fn();
  } catch (e) {
    console.log('new', name, e.constructor.name, e.message);
  }
}
console.log('done');
