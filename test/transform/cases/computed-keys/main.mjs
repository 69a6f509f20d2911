// Computed keys: evaluation order and count, symbols, functions inside the key
// expressions, and every member kind with a computed key.
const order = [];
const k = (name) => (order.push('key ' + name), name);
const sym = Symbol('sym');
const obj = {
  [k('a')]: 1,
  [k('method')]() {
    return 'method';
  },
  get [k('getter')]() {
    return 'getter';
  },
  set [k('setter')](v) {
    order.push('setter ' + v);
  },
  [(() => 'fromArrow')()]: () => 'arrow value',
  [(function () {
    return 'fromFunction';
  })()]: function () {
    return this === obj;
  },
  [sym]() {
    return 'symbol method';
  },
  [`tmpl${1 + 1}`]: 'template',
  [1 + 1]: 'two',
  async *[k('asyncGen')]() {
    yield 'ag';
  },
};
obj.setter = 'v';
console.log(obj.a, obj.method(), obj.getter, obj.fromArrow(), obj.fromFunction(), obj[sym](), obj.tmpl2, obj[2]);
for await (const v of obj.asyncGen()) console.log('async generator', v);
class K {
  static [k('staticField')] = 'static field';
  [k('field')] = 'field';
  [k('classMethod')]() {
    return 'class method';
  }
  static [k('staticMethod')]() {
    return 'static method';
  }
  get [k('classGetter')]() {
    return 'class getter';
  }
  [Symbol.iterator] = function* () {
    yield 'iterated';
  };
  [((x) => x + 'Arrow')('key')]() {
    return 'arrow-made key';
  }
}
order.push('class defined');
const inst = new K();
const inst2 = new K();
console.log(K.staticField, inst.field, inst.classMethod(), K.staticMethod(), inst.classGetter, [...inst], inst.keyArrow(), inst2.field);
console.log(order.join(' | '));
console.log('own keys', Reflect.ownKeys(obj).map(String).join());
console.log('names', obj.method.name, obj[sym].name, obj.fromArrow.name, K.prototype.classMethod.name);
console.log('done');
