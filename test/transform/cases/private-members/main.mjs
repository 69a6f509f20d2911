// Private members: fields, methods, accessors, statics, `#x in obj` and brand checks.
class Counter {
  #count = 0;
  #step;
  static #instances = 0;
  static #registry = new Set();
  #arrow = () => this.#count;
  constructor(step = 1) {
    this.#step = step;
    Counter.#instances++;
    Counter.#registry.add(this);
  }
  #bump() {
    this.#count += this.#step;
    return this;
  }
  get #doubled() {
    return this.#count * 2;
  }
  set #value(v) {
    this.#count = v;
  }
  static #describe(c) {
    return `count=${c.#count} doubled=${c.#doubled}`;
  }
  static get #total() {
    return Counter.#instances;
  }
  increment() {
    return this.#bump();
  }
  reset(v) {
    this.#value = v;
    return this;
  }
  viaArrow() {
    return this.#arrow();
  }
  report() {
    return Counter.#describe(this);
  }
  static has(o) {
    return #count in o && #bump in o;
  }
  static total() {
    return Counter.#total;
  }
  static registered(o) {
    return Counter.#registry.has(o);
  }
  readFrom(other) {
    return other.#count;
  }
  callOn(other) {
    return this.#bump.call(other);
  }
  methodIdentity(other) {
    return this.#bump === other.#bump;
  }
  static privateNames(c) {
    return [c.#bump.name, Object.getOwnPropertyDescriptor(Counter.prototype, 'increment').value.name];
  }
}
const a = new Counter();
const b = new Counter(5);
a.increment().increment();
b.increment();
console.log(a.report(), '|', b.report(), '|', a.viaArrow(), b.viaArrow());
console.log(a.reset(10).report());
console.log('in', Counter.has(a), Counter.has({}), Counter.has(Object.create(a)));
console.log('total', Counter.total(), Counter.registered(b));
console.log('cross instance', a.readFrom(b), a.methodIdentity(b));
console.log('names', Counter.privateNames(a));
console.log('no public trace', Object.keys(a), Reflect.ownKeys(Counter.prototype), JSON.stringify(a));
for (const [label, fn] of [
  ['read from plain object', () => a.readFrom({})],
  ['call private method on other', () => a.callOn({})],
  ['static private on subclass', () => class extends Counter {}.total()],
]) {
  try {
    console.log(label, fn());
  } catch (e) {
    console.log(label, e.constructor.name, e.message);
  }
}
class Base {
  constructor(o) {
    return o;
  }
}
class Stamper extends Base {
  #stamp = 'stamped';
  static stamp(o) {
    return new Stamper(o);
  }
  static read(o) {
    return #stamp in o ? o.#stamp : 'no stamp';
  }
}
const plain = {};
Stamper.stamp(plain);
console.log('return override stamps', Stamper.read(plain), Stamper.read({}));
try {
  Stamper.stamp(plain);
} catch (e) {
  console.log('stamping twice', e.constructor.name, e.message);
}
console.log('done');
