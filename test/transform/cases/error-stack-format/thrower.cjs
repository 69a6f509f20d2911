exports.fromCjs = function () {
  return new Error('cjs');
};
