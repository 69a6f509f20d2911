#!/usr/bin/env node
'use strict';
module.exports = function () {
  return [typeof this, Object.hasOwn(module.exports, 'caller')];
};
