// Sloppy mode: `this` is boxed, and a missing receiver becomes the global object.
function plain() {
  return this;
}
function kind() {
  return typeof this;
}
const arrow = () => this;
const o = {
  m() {
    return this === o;
  },
  callback() {
    return [1].map(function () {
      return this === globalThis;
    })[0];
  },
};
exports.sloppyReport = function () {
  return [
    `plain() is globalThis: ${plain() === globalThis}`,
    `plain.call(null) is globalThis: ${plain.call(null) === globalThis}`,
    `plain.call(undefined) is globalThis: ${plain.call(undefined) === globalThis}`,
    `kind.call(1): ${kind.call(1)}`,
    `kind.call('s'): ${kind.call('s')}`,
    `boxed: ${plain.call(7) instanceof Number}`,
    `arrow at top is module.exports: ${arrow() === module.exports}`,
    `method: ${o.m()}`,
    `callback this is global: ${o.callback()}`,
    `this in exported function is exports: ${this === exports}`,
  ];
};
