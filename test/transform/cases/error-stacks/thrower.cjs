#!/usr/bin/env node
function fromCjs() { throw new Error('cjs line 2 after hashbang') } exports.fromCjs = fromCjs;
exports.fromStrictCjs = require('./strict.cjs');
