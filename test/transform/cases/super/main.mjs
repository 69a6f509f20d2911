// super calls and super property access, in classes and in object literals.
class Base {
  constructor(x) {
    this.x = x;
    this.log = ['Base(' + x + ')'];
  }
  greet(who) {
    return `Base.greet ${who} x=${this.x}`;
  }
  get kind() {
    return 'base kind of ' + this.x;
  }
  set kind(v) {
    this.log.push('Base set kind ' + v);
  }
  static make() {
    return 'Base.make for ' + this.name;
  }
  ['computed' + 1]() {
    return 'Base computed';
  }
}
class Derived extends Base {
  field = super.greet('from field');
  arrowField = () => super.greet('arrow field');
  constructor(x, y) {
    super(x * 10);
    this.y = y;
  }
  greet(who) {
    return 'Derived>' + super.greet(who);
  }
  get kind() {
    return 'derived(' + super.kind + ')';
  }
  set kind(v) {
    super.kind = v + '!';
  }
  static make() {
    return 'Derived>' + super.make();
  }
  viaArrow() {
    const f = () => super.greet('arrow');
    return f();
  }
  assign() {
    super.x = 'assigned via super';
    return this.x;
  }
  computed1() {
    return 'Derived>' + super['computed' + 1]();
  }
  superMissing() {
    return super.missing;
  }
}
const d = new Derived(2, 3);
console.log(d.greet('me'));
console.log(d.kind);
d.kind = 'k';
console.log(d.log.join(' | '));
console.log(Derived.make());
console.log(d.viaArrow());
console.log(d.assign());
console.log(d.computed1());
console.log(d.superMissing());
console.log(d.field);
console.log(d.arrowField());
const borrowed = d.greet;
console.log(borrowed.call({ x: 'borrowed' }, 'home object stays'));

// Object literals: __proto__ and super in methods, getters and setters.
const proto = {
  name: 'proto',
  hello() {
    return 'proto.hello ' + this.name;
  },
  get g() {
    return 'proto.g ' + this.name;
  },
  set s(v) {
    this.seen = 'proto.s ' + v;
  },
};
const obj = {
  __proto__: proto,
  name: 'obj',
  hello() {
    return 'obj>' + super.hello();
  },
  get g() {
    return 'obj>' + super.g;
  },
  set s(v) {
    super.s = v + '?';
  },
  arrow() {
    return (() => super.hello())();
  },
  ['comp' + 'uted']() {
    return super.name;
  },
  async asyncHello() {
    await null;
    return 'async>' + super.hello();
  },
  *gen() {
    yield super.hello();
  },
};
console.log(obj.hello());
console.log(obj.g);
obj.s = 'v';
console.log(obj.seen);
console.log(obj.arrow());
console.log(obj.computed());
console.log(await obj.asyncHello());
console.log([...obj.gen()].join());
console.log('__proto__ is proto', Object.getPrototypeOf(obj) === proto, Object.hasOwn(obj, '__proto__'));
Object.setPrototypeOf(obj, { hello: () => 'swapped proto', name: 'swapped' });
console.log(obj.hello(), obj.computed());
const other = { __proto__: { hello() { return 'other proto' } }, hello: obj.hello };
console.log('borrowed object method keeps home', other.hello());
class FromNull extends null {
  constructor() {
    return Object.create(FromNull.prototype);
  }
  m() {
    try {
      return super.toString;
    } catch (e) {
      return `${e.constructor.name}: ${e.message}`;
    }
  }
}
console.log('extends null', new FromNull().m());
try {
  new (class extends null {})();
} catch (e) {
  console.log('extends null default constructor', e.constructor.name, e.message);
}
console.log('done');
