// Function.prototype.toString: the text before the body is the source text.
// Every function below marks the end of its head with /*P*/; the body itself
// legitimately gains the patch site, so only the head is compared. A function
// nested in a default value has a body of its own that gains a site too, so no
// default here holds one.
const head = (fn) => {
  const text = Function.prototype.toString.call(fn);
  const at = text.indexOf('/*P*/');
  return at === -1 ? `(no marker) ${JSON.stringify(text.slice(0, 40))}` : JSON.stringify(text.slice(0, at));
};
function declaration(a, b = { x: 1 }, ...rest) /*P*/ {
  return a;
}
const expression = function named( /* inner comment */ a,
  b ) /*P*/ {};
const arrow = (a, { b, c: [d] } = {}) /*P*/ => a;
const arrowSingle = x /*P*/ => x;
const arrowBlock = async (a) /*P*/ => {
  await a;
};
const asyncFn = async function (x) /*P*/ {};
const generator = function* gen(a, b) /*P*/ {};
const asyncGenerator = async function* (a) /*P*/ {};
const obj = {
  method(a, b) /*P*/ {},
  get getter() /*P*/ {
    return 1;
  },
  set setter(v) /*P*/ {},
  async *asyncGen(a) /*P*/ {},
  ['comp' + 'uted'](x) /*P*/ {},
};
class K {
  constructor(a, b) /*P*/ {}
  method(x = [1], y = { z: 2 }) /*P*/ {}
  static staticMethod() /*P*/ {}
  #private(a) /*P*/ {}
  arrowField = (a) /*P*/ => a;
  privateRef() {
    return this.#private;
  }
}
const fns = {
  declaration,
  expression,
  arrow,
  arrowSingle,
  arrowBlock,
  asyncFn,
  generator,
  asyncGenerator,
  method: obj.method,
  getter: Object.getOwnPropertyDescriptor(obj, 'getter').get,
  setter: Object.getOwnPropertyDescriptor(obj, 'setter').set,
  asyncGen: obj.asyncGen,
  computed: obj.computed,
  classMethod: K.prototype.method,
  staticMethod: K.staticMethod,
  privateMethod: new K().privateRef(),
  arrowField: new K().arrowField,
};
for (const [name, fn] of Object.entries(fns)) console.log(name.padEnd(15), head(fn));
// A class's text up to its body is its heritage, which must not change either.
const classHead = (C) => JSON.stringify(Function.prototype.toString.call(C).split('{')[0]);
class Derived extends K {}
console.log('class K', classHead(K));
console.log('class Derived', classHead(Derived));
console.log('anonymous class', classHead(class extends Derived {}));
console.log('whole concise arrow starts with', JSON.stringify(String((a, b) => a + b).slice(0, 10)));
console.log('bound', String(declaration.bind(null)));
console.log('native', String(Math.max));
console.log('done');
