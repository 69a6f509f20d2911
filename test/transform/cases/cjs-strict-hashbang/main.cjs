#!/usr/bin/env node
'use strict'
// The directive above has no semicolon: ASI ends it at the line break, and it
// must still make this whole file strict after instrumenting.
function plainThis() {
  return this;
}
console.log('hashbang + use strict without semicolon: this in plain call', typeof plainThis());
try {
  undeclaredInStrictFile = 1;
  console.log('assignment to undeclared did not throw');
} catch (e) {
  console.log('assignment to undeclared', e.constructor.name, e.message);
}
console.log('own caller property (sloppy only)', Object.hasOwn(plainThis, 'caller'));
console.log('top-level this is module.exports', this === module.exports);
console.log('module wrapper arguments', arguments.length);
console.log('require.main is this module', require.main === module);
for (const name of ['./semicolon.cjs', './double-quoted.cjs', './two-directives.cjs', './sloppy.cjs']) {
  const report = require(name);
  console.log(name, report());
}
process.exitCode = 3;
console.log('done');
