// new.target in functions, constructors, arrows and methods.
function F() {
  console.log('F new.target', new.target === undefined ? 'undefined' : new.target.name);
}
function G() {
  return (() => new.target)();
}
function H() {
  if (!new.target) return new H();
  this.viaNew = true;
}
class A {
  constructor() {
    console.log('A new.target', new.target.name, new.target.prototype === Object.getPrototypeOf(this));
  }
  method() {
    return new.target;
  }
  static create() {
    return new.target;
  }
}
class B extends A {
  constructor() {
    super();
    console.log('B new.target', new.target.name);
  }
}
class Abstract {
  constructor() {
    if (new.target === Abstract) throw new TypeError('abstract');
  }
}
class Concrete extends Abstract {}
const obj = {
  m() {
    return new.target;
  },
};

F();
new F();
Reflect.construct(F, [], B);
console.log('G call', G());
console.log('G new', new G() instanceof G, new G().constructor === G);
console.log('H call', H().viaNew, H() instanceof H);
new A();
new B();
Reflect.construct(A, [], B);
console.log('method', new A().method());
console.log('static', A.create());
console.log('object method', obj.m());
try {
  new Abstract();
} catch (e) {
  console.log('Abstract', e.message);
}
console.log('Concrete', new Concrete() instanceof Abstract);
function WithArgs(a, b) {
  console.log('WithArgs', new.target === WithArgs, a, b);
}
new WithArgs(1, 2);
WithArgs.call({}, 3, 4);
console.log('done');
