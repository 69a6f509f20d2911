#!/usr/bin/env node
// No directive: sloppy, and the prologue goes at the start of this line.
module.exports = function () {
  return [typeof this, Object.hasOwn(module.exports, 'caller')];
};
