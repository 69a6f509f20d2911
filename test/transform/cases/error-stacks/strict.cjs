'use strict'; module.exports = function fromStrictCjs() { throw new Error('strict cjs line 1') };
