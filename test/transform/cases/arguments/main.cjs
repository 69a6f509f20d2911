// The arguments object: length, the mapping to parameters in sloppy functions
// with simple parameter lists, and its absence everywhere else.
function alias(a) {
  arguments[0] = 9;
  return a;
}
function aliasBack(a) {
  a = 7;
  return arguments[0];
}
function aliasMissing(a, b) {
  arguments[1] = 5;
  return [b, arguments.length];
}
function strictAlias(a) {
  'use strict';
  arguments[0] = 9;
  return a;
}
function strictBack(a) {
  'use strict';
  a = 7;
  return arguments[0];
}
function defaultsUnmapped(a = 0) {
  arguments[0] = 9;
  return a;
}
function restUnmapped(a, ...rest) {
  a = 3;
  return [arguments[0], rest.length];
}
function destructuredUnmapped({ x }) {
  arguments[0] = { x: 'changed' };
  return x;
}
function duplicateParams(a, a) {
  arguments[1] = 'second via arguments';
  return a;
}
function len() {
  return arguments.length;
}
function extra(a) {
  return [a, arguments[1], arguments.length];
}
function kind() {
  return Object.prototype.toString.call(arguments);
}
function spread() {
  return [...arguments].concat(Array.from(arguments)).join();
}
function outer() {
  const inner = () => arguments[0];
  return inner('not this one');
}
function paramNamedArguments(arguments) {
  return arguments;
}
function varArguments() {
  var arguments;
  return typeof arguments;
}
function varArgumentsAssigned() {
  var arguments = 5;
  return arguments;
}
function functionNamedArguments() {
  function arguments() {}
  return typeof arguments;
}
function deleted(a) {
  delete arguments[0];
  arguments[0] = 4;
  return [a, arguments[0]];
}
function descriptors(a) {
  return JSON.stringify(Object.getOwnPropertyDescriptor(arguments, '0')) + ' callee:' + typeof Object.getOwnPropertyDescriptor(arguments, 'callee').value;
}
function strictDescriptors() {
  'use strict';
  const d = Object.getOwnPropertyDescriptor(arguments, 'callee');
  return `${typeof d.get} ${d.get === d.set}`;
}
function strictCallee() {
  'use strict';
  return arguments.callee;
}
const arrowSeesOuter = function () {
  return ((x) => arguments.length + x)(100);
};
const obj = {
  method(a) {
    arguments[0] = 'm';
    return a;
  },
};
class K {
  method(a) {
    arguments[0] = 'class bodies are strict';
    return a;
  }
}

console.log('alias', alias(1));
console.log('aliasBack', aliasBack(1));
console.log('aliasMissing', aliasMissing(1));
console.log('strictAlias', strictAlias(1));
console.log('strictBack', strictBack(1));
console.log('defaultsUnmapped', defaultsUnmapped(1));
console.log('restUnmapped', restUnmapped(1, 2, 3));
console.log('destructuredUnmapped', destructuredUnmapped({ x: 'orig' }));
console.log('duplicateParams', duplicateParams(1, 2));
console.log('len', len(), len(1, 2, 3), len(undefined), len(...[1, , 3]));
console.log('extra', extra(1, 2, 3));
console.log('kind', kind());
console.log('spread', spread(1, 2));
console.log('outer', outer('outer arg'));
console.log('paramNamedArguments', paramNamedArguments(3));
console.log('varArguments', varArguments());
console.log('varArgumentsAssigned', varArgumentsAssigned());
console.log('functionNamedArguments', functionNamedArguments());
console.log('deleted', deleted(1));
console.log('descriptors', descriptors(1));
console.log('strictDescriptors', strictDescriptors());
try {
  strictCallee();
} catch (e) {
  console.log('strictCallee', e.constructor.name, e.message);
}
console.log('arrowSeesOuter', arrowSeesOuter(1, 2));
console.log('object method', obj.method('orig'));
console.log('class method', new K().method('orig'));
console.log('module wrapper arguments', arguments.length, typeof arguments[1]);
console.log('done');
