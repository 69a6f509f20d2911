// Function.prototype.name: declared, inferred from every binding form, methods,
// accessors, symbol keys, private names, bound, and default exports.
import defaultFunction from './default-function.mjs';
import defaultArrow from './default-arrow.mjs';
import defaultClass from './default-class.mjs';
import defaultParenthesized from './default-parenthesized.mjs';

const sym = Symbol('described');
const anon = Symbol();
const names = [];
const add = (label, fn) => names.push([label, fn]);

function declared() {}
const constFn = function () {};
let letArrow = () => {};
var varClass = class {};
const namedExpression = function inner() {};
let assignedLater;
assignedLater = function () {};
let logicalAssigned;
logicalAssigned ||= () => {};
const { destructuredDefault = function () {} } = {};
const [arrayDefault = () => {}] = [];
function defaultParam(cb = function () {}) {
  return cb;
}
const obj = {
  prop: function () {},
  arrowProp: () => {},
  method() {},
  get accessor() {
    return 1;
  },
  set accessor(v) {},
  ['comp' + 'uted']: function () {},
  [sym]: function () {},
  [anon]: () => {},
  [String(sym) === 'x' ? 'a' : 'b']() {},
  1() {},
  'with space'() {},
  async asyncMethod() {},
  *generatorMethod() {},
  async *asyncGeneratorMethod() {},
  classValue: class {},
  nestedArrow: () => () => {},
};
obj.memberAssigned = function () {};
class K {
  field = function () {};
  arrowField = () => {};
  static staticField = () => {};
  #privateField = () => {};
  static #staticPrivate = function () {};
  [sym] = () => {};
  method() {}
  static staticMethod() {}
  #privateMethod() {}
  get getter() {
    return 1;
  }
  static get staticGetter() {
    return 1;
  }
  [Symbol.iterator]() {}
  privates() {
    return [this.#privateField, K.#staticPrivate, this.#privateMethod];
  }
}
const k = new K();

add('declared', declared);
add('constFn', constFn);
add('letArrow', letArrow);
add('varClass', varClass);
add('namedExpression', namedExpression);
add('assignedLater', assignedLater);
add('logicalAssigned', logicalAssigned);
add('destructuredDefault', destructuredDefault);
add('arrayDefault', arrayDefault);
add('defaultParam', defaultParam());
for (const key of Reflect.ownKeys(obj)) {
  const d = Object.getOwnPropertyDescriptor(obj, key);
  if (d.get) add(`obj get ${String(key)}`, d.get);
  if (d.set) add(`obj set ${String(key)}`, d.set);
  if (typeof d.value === 'function') add(`obj ${String(key)}`, d.value);
}
add('nested arrow result', obj.nestedArrow());
add('class K', K);
for (const key of ['field', 'arrowField', sym]) add(`k ${String(key)}`, k[key]);
add('K.staticField', K.staticField);
const [privateField, staticPrivate, privateMethod] = k.privates();
add('privateField', privateField);
add('staticPrivate', staticPrivate);
add('privateMethod', privateMethod);
add('method', K.prototype.method);
add('staticMethod', K.staticMethod);
add('getter', Object.getOwnPropertyDescriptor(K.prototype, 'getter').get);
add('staticGetter', Object.getOwnPropertyDescriptor(K, 'staticGetter').get);
add('iterator method', K.prototype[Symbol.iterator]);
add('bound', declared.bind(null));
add('bound twice', declared.bind(null).bind(null));
add('bound arrow', letArrow.bind(null));
add('default function', defaultFunction);
add('default arrow', defaultArrow);
add('default class', defaultClass);
add('default parenthesized', defaultParenthesized);
add('new Function', new Function('return 1'));
add('IIFE arrow result', (() => () => {})());

for (const [label, fn] of names) {
  const d = Object.getOwnPropertyDescriptor(fn, 'name');
  const own = d ? `${JSON.stringify(d.value)} w${+d.writable}e${+d.enumerable}c${+d.configurable}` : '(no own name)';
  console.log(label.padEnd(28), own);
}
console.log('done');
