// Class fields holding functions: arrow fields capture the instance, function
// fields do not; initialization order against constructors and super().
const order = [];
let fieldCounter = 0;
const key = () => (order.push('computed key evaluated'), 'computedField');
class Base {
  baseField = (order.push('Base field'), 'base');
  constructor() {
    order.push('Base constructor, sees derived field: ' + Object.hasOwn(this, 'derivedField'));
  }
}
class Widget extends Base {
  name = 'widget';
  arrow = () => this.name;
  func = function () {
    return this?.name;
  };
  asyncArrow = async () => this.name;
  derivedField = (order.push('Derived field'), this.baseField + '+derived');
  dependsOnEarlier = this.name.toUpperCase();
  counterField = ++fieldCounter;
  [key()] = 'computed once';
  static staticArrow = () => this.name;
  static staticFunc = function () {
    return this === Widget;
  };
  static staticRef = Widget.name + ' static';
  'quoted field' = 1;
  42 = 'numeric';
  noInitializer;
  nestedClass = class {
    who = 'nested';
  };
  constructor() {
    order.push('Widget constructor before super');
    super();
    order.push('Widget constructor after super: ' + this.name);
  }
}
const w = new Widget();
const w2 = new Widget();
console.log(order.join('\n'));
console.log('arrow detached', (0, w.arrow)(), 'function detached', (0, w.func)(), 'function as method', w.func());
console.log('per instance', w.arrow !== w2.arrow, w.counterField, w2.counterField);
console.log('async arrow', await w.asyncArrow());
console.log('static', Widget.staticArrow(), (0, Widget.staticFunc)(), Widget.staticFunc(), Widget.staticRef);
console.log('own keys', Reflect.ownKeys(w).map(String).join());
const d = Object.getOwnPropertyDescriptor(w, 'arrow');
console.log('field descriptor', d.writable, d.enumerable, d.configurable);
console.log('noInitializer', Object.hasOwn(w, 'noInitializer'), w.noInitializer);
console.log('nested class', new w.nestedClass().who);
class WithSetter {
  set x(v) {
    console.log('setter called (must not be)', v);
  }
}
class DefineNotSet extends WithSetter {
  x = 'defined, not assigned';
}
console.log('define semantics', new DefineNotSet().x);
class ArrowInStatic {
  static a = 1;
  static b = () => this.a + 1;
  static c = this.b();
}
console.log('static this', ArrowInStatic.c);
class ThrowingField {
  bad = (() => {
    throw new Error('field initializer threw');
  })();
}
try {
  new ThrowingField();
} catch (e) {
  console.log(e.message);
}
console.log('done');
