// Constructors: base and derived, `this` before super, returning objects or
// primitives, super called twice, defaults, and calling classes without new.
const attempt = (label, fn) => {
  try {
    const r = fn();
    console.log(label, 'ok', r?.constructor?.name, JSON.stringify(r));
  } catch (e) {
    console.log(label, e.constructor.name, e.message);
  }
};
class Base {
  constructor(a, b = a * 2) {
    this.a = a;
    this.b = b;
  }
}
class Derived extends Base {
  constructor(...args) {
    super(...args);
    this.derived = true;
  }
}
class DefaultCtor extends Base {}
class ThisBeforeSuper extends Base {
  constructor() {
    this.early = 1;
    super(1);
  }
}
class ArrowBeforeSuper extends Base {
  constructor() {
    const f = () => this;
    f();
    super(1);
  }
}
class ArrowAfterSuper extends Base {
  constructor() {
    const f = () => this;
    super(2);
    this.same = f() === this;
  }
}
class SuperInArrow extends Base {
  constructor() {
    const callSuper = () => super(3);
    callSuper();
  }
}
class NoSuper extends Base {
  constructor() {}
}
class ReturnsObjectWithoutSuper extends Base {
  constructor() {
    return { replaced: true };
  }
}
class ReturnsPrimitive extends Base {
  constructor() {
    super(1);
    return 42;
  }
}
class BaseReturnsPrimitive {
  constructor() {
    this.kept = true;
    return 42;
  }
}
class BaseReturnsObject {
  constructor() {
    return { fromBase: true };
  }
}
class InheritsReturnedObject extends BaseReturnsObject {
  constructor() {
    super();
    this.added = 'to returned object';
  }
}
class SuperTwice extends Base {
  constructor() {
    super(1);
    super(2);
  }
}
class ThisInDefault extends Base {
  constructor(x = this) {
    super(x);
  }
}
class BaseThisInDefault {
  constructor(x = this) {
    this.selfDefault = x === this;
  }
}
class ConditionalSuper extends Base {
  constructor(flag) {
    if (flag) super('yes');
    else super('no', 'explicit');
  }
}
class DerivedReturnsUndefined extends Base {
  constructor() {
    super(7);
    return undefined;
  }
}
function Legacy(name) {
  if (!(this instanceof Legacy)) return new Legacy(name);
  this.name = name;
}
Legacy.prototype.hello = function () {
  return 'hello ' + this.name;
};
class ExtendsLegacy extends Legacy {
  constructor() {
    super('modern');
  }
}
function ReturnsFunction() {
  return function inner() {};
}
attempt('base', () => new Base(1));
attempt('derived', () => new Derived(2, 3));
attempt('default ctor', () => new DefaultCtor(4));
attempt('this before super', () => new ThisBeforeSuper());
attempt('arrow before super', () => new ArrowBeforeSuper());
attempt('arrow after super', () => new ArrowAfterSuper());
attempt('super in arrow', () => new SuperInArrow());
attempt('no super', () => new NoSuper());
attempt('returns object without super', () => new ReturnsObjectWithoutSuper());
attempt('derived returns primitive', () => new ReturnsPrimitive());
attempt('base returns primitive', () => new BaseReturnsPrimitive());
attempt('inherits returned object', () => new InheritsReturnedObject());
attempt('super twice', () => new SuperTwice());
attempt('this in derived default', () => new ThisInDefault());
attempt('this in base default', () => new BaseThisInDefault());
attempt('conditional super', () => [new ConditionalSuper(true), new ConditionalSuper(false)]);
attempt('derived returns undefined', () => new DerivedReturnsUndefined());
attempt('legacy without new', () => Legacy('called'));
attempt('extends legacy', () => new ExtendsLegacy().hello());
attempt('function returns function', () => typeof new ReturnsFunction());
attempt('class without new', () => Base(1));
attempt('derived class without new', () => Derived.call({}, 1));
attempt('instanceof chain', () => [new Derived(1) instanceof Base, new InheritsReturnedObject() instanceof InheritsReturnedObject]);
console.log('done');
