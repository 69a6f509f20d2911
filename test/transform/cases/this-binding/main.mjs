// `this` in every kind of function, strict (this file) and sloppy (sloppy.cjs).
import { sloppyReport } from './sloppy.cjs';

const show = (label, value) => console.log(label, typeof value, value === globalThis ? '<globalThis>' : String(value));

function plain() {
  return this;
}
const arrowTop = () => this;
const obj = {
  name: 'obj',
  method() {
    return this.name;
  },
  arrowInMethod() {
    const inner = () => this.name;
    return inner();
  },
  fnInMethod() {
    return (function () {
      return this;
    })();
  },
  nested: {
    name: 'nested',
    m() {
      return this.name;
    },
  },
  get viaGetter() {
    return this.name + '!';
  },
};
class C {
  name = 'C';
  arrowField = () => this.name;
  functionField = function () {
    return this?.name;
  };
  m() {
    return this?.name;
  }
  static s() {
    return this === C;
  }
}

show('plain()', plain());
show('plain.call(5)', plain.call(5));
show('plain.apply("s")', plain.apply('s'));
show('plain.bind(42)()', plain.bind(42)());
show('Reflect.apply', Reflect.apply(plain, true, []));
show('arrowTop', arrowTop());
show('method', obj.method());
show('arrowInMethod', obj.arrowInMethod());
show('fnInMethod', obj.fnInMethod());
show('nested', obj.nested.m());
show('getter', obj.viaGetter);
show('getter on derived', Object.create(obj, { name: { value: 'derived' } }).viaGetter);
const detached = obj.method;
try {
  detached();
} catch (e) {
  console.log('detached', e.constructor.name, e.message);
}
const c = new C();
show('class m', c.m());
show('class m detached', (0, c.m)());
show('arrow field detached', (0, c.arrowField)());
show('function field', c.functionField());
show('function field detached', (0, c.functionField)());
show('static', C.s());
show('map thisArg', [1, 2].map(function (x) {
  return this.k * x;
}, { k: 10 }).join());
[1].forEach(function () {
  show('forEach no thisArg', this);
});
show('arrow in map', [1].map(() => this)[0]);
String.prototype.thisType = function () {
  return typeof this;
};
show('primitive receiver', 'abc'.thisType());
delete String.prototype.thisType;
function Ctor() {
  this.made = true;
  show('new this instanceof', this instanceof Ctor);
}
show('new', new Ctor().made);
const bound = obj.method.bind({ name: 'bound' });
show('bound method', bound());
show('bound twice', bound.bind({ name: 'ignored' })());
show('call on arrow', arrowTop.call({ name: 'x' }));
await Promise.resolve().then(function () {
  show('then callback', this);
});
for (const line of sloppyReport()) console.log('sloppy', line);
console.log('done');
