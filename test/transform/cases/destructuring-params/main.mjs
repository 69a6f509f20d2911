// Destructuring parameters: object, array, nested, defaults, rest, holes, and
// exactly which properties and iterator steps they read.
const reads = [];
const tracked = (target) =>
  new Proxy(target, {
    get(t, k, r) {
      if (typeof k === 'string') reads.push(k);
      return Reflect.get(t, k, r);
    },
  });
function iterable(values) {
  let steps = 0;
  return {
    [Symbol.iterator]() {
      return {
        next() {
          steps++;
          return steps <= values.length ? { value: values[steps - 1], done: false } : { value: undefined, done: true };
        },
        return() {
          reads.push('return() after ' + steps);
          return {};
        },
      };
    },
  };
}

function obj({ a, b: renamed, c = 'c-default' }) {
  return [a, renamed, c];
}
function arr([x, , z = 'z-default', ...rest]) {
  return [x, z, rest];
}
function nested({ p: { q: [r, { s } = { s: 's-default' }] }, ...others }) {
  return [r, s, Object.keys(others)];
}
function withDefault({ a = 1, b = a + 1 } = {}, [c = b * 2] = []) {
  return [a, b, c];
}
function computed({ ['k' + 1]: k1, [Symbol.for('s')]: sym }) {
  return [k1, typeof sym];
}
function shadowedByDeclaration({ a }, [b]) {
  function a() {}
  return [typeof a, b];
}
const arrow = ({ a }, [b]) => a + b;
const arrowNested = ([[x]], { y: { z } }) => x + z;
const method = {
  m({ v }, ...[w]) {
    return [v, w];
  },
};
class K {
  constructor({ name }) {
    this.name = name;
  }
  set value({ inner }) {
    this.inner = inner;
  }
}

console.log('obj', obj({ a: 1, b: 2 }), obj({ a: 1, b: 2, c: 3 }));
console.log('arr', arr([1, 2]), arr([1, 2, 3, 4, 5]));
console.log('nested', nested({ p: { q: [1] }, o1: 1, o2: 2 }), nested({ p: { q: [1, { s: 2 }] } }));
console.log('withDefault', withDefault(), withDefault({ a: 5 }), withDefault({}, [9]));
console.log('computed', computed({ k1: 'one', [Symbol.for('s')]: Symbol() }));
console.log('shadowedByDeclaration', shadowedByDeclaration({ a: 1 }, [2]));
console.log('arrow', arrow({ a: 1 }, [2]), arrowNested([[1]], { y: { z: 2 } }));
console.log('method', method.m({ v: 'v' }, 'w', 'extra'));
const k = new K({ name: 'k' });
k.value = { inner: 'in' };
console.log('class', k.name, k.inner);
for (const f of [() => obj(null), () => arr(undefined), () => nested({ p: {} })]) {
  try {
    f();
  } catch (e) {
    console.log('throws', e.constructor.name, e.message);
  }
}
reads.length = 0;
obj(tracked({ a: 1, b: 2, c: undefined, d: 'never read' }));
console.log('property reads', reads.join());
reads.length = 0;
console.log('iterator', arr(iterable([1, 2, 3])), reads.join());
reads.length = 0;
function firstOnly([only]) {
  return only;
}
console.log('iterator closed early', firstOnly(iterable(['a', 'b'])), reads.join());
console.log('length', obj.length, arr.length, withDefault.length, arrow.length, method.m.length);
console.log('done');
