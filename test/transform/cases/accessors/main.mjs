// Getters and setters in classes and object literals: values, `this`,
// descriptors, inheritance, static accessors and defineProperty.
const log = [];
const attempt = (label, fn) => {
  try {
    console.log(label, fn());
  } catch (e) {
    console.log(label, e.constructor.name, e.message);
  }
};
const describe = (o, k) => {
  const d = Object.getOwnPropertyDescriptor(o, k);
  return `get:${typeof d.get} set:${typeof d.set} e${+d.enumerable}c${+d.configurable}`;
};
const obj = {
  _v: 1,
  get v() {
    log.push('get v');
    return this._v;
  },
  set v(x) {
    log.push('set v ' + x);
    this._v = x;
  },
  get onlyGetter() {
    return 'only getter';
  },
  set onlySetter(x) {
    log.push('only setter ' + x);
  },
  get ['comp' + 'uted']() {
    return 'computed getter';
  },
  set destructuring({ a, b = 'B' }) {
    log.push('destructured ' + a + b);
  },
  get 42() {
    return 'numeric key';
  },
  get chained() {
    return this.v + 1;
  },
};
obj.v = 5;
console.log(obj.v, obj.onlyGetter, obj.onlySetter, obj.computed, obj[42], obj.chained);
obj.onlySetter = 'x';
obj.destructuring = { a: 'A' };
attempt('assign to getter-only', () => (obj.onlyGetter = 1));
const inheriting = Object.create(obj);
inheriting.v = 'through prototype';
console.log('inherited setter writes own data', Object.hasOwn(inheriting, '_v'), inheriting.v, obj._v);
for (const k of ['v', 'onlyGetter', 'onlySetter', 'computed', '42']) console.log('obj', k, describe(obj, k));

class Temperature {
  #celsius = 0;
  static #count = 0;
  get celsius() {
    return this.#celsius;
  }
  set celsius(c) {
    if (typeof c !== 'number') throw new TypeError('not a number: ' + c);
    this.#celsius = c;
  }
  get fahrenheit() {
    return (this.#celsius * 9) / 5 + 32;
  }
  set fahrenheit(f) {
    this.celsius = ((f - 32) * 5) / 9;
  }
  static get count() {
    return ++Temperature.#count;
  }
  static set count(v) {
    log.push('static setter ' + v);
  }
  get [Symbol.toStringTag]() {
    return 'Temperature';
  }
}
class Kelvin extends Temperature {
  get kelvin() {
    return this.celsius + 273.15;
  }
  get celsius() {
    return 'Kelvin sees ' + super.celsius;
  }
  set celsius(c) {
    log.push('Kelvin setter');
    super.celsius = c;
  }
}
const t = new Temperature();
t.fahrenheit = 212;
console.log('class', t.celsius, t.fahrenheit, String(t), Temperature.count, Temperature.count);
Temperature.count = 9;
attempt('setter throws', () => (t.celsius = 'hot'));
const k = new Kelvin();
k.celsius = 10;
console.log('inherited + super accessors', k.celsius, k.fahrenheit);
for (const key of ['celsius', 'fahrenheit', Symbol.toStringTag]) console.log('class', String(key), describe(Temperature.prototype, key));
console.log('static', describe(Temperature, 'count'));
console.log('accessor names', Object.getOwnPropertyDescriptor(Temperature.prototype, 'celsius').get.name, Object.getOwnPropertyDescriptor(Temperature.prototype, 'celsius').set.name);

const defined = {};
let store = 'initial';
Object.defineProperty(defined, 'x', {
  get: function () {
    return store;
  },
  set: (v) => {
    store = v;
  },
  enumerable: true,
});
defined.x = 'via defineProperty';
console.log('defineProperty', defined.x, describe(defined, 'x'));
const legacy = {};
legacy.__defineGetter__('old', function () {
  return 'legacy getter';
});
console.log('__defineGetter__', legacy.old);
const proxy = new Proxy(
  {},
  {
    get(target, key, receiver) {
      return key === 'p' ? 'proxied ' + (receiver === proxy) : undefined;
    },
  },
);
console.log('proxy get trap', proxy.p);
console.log(log.join(' | '));
console.log('done');
