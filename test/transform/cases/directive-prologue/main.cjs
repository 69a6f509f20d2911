// Directive prologues: a function's 'use strict' must stay a directive after
// instrumenting, whatever its quotes, neighbours, comments and semicolons.
// This file itself is sloppy.
const strictness = {};
const check = (name, fn) => {
  // Strict functions have no own 'caller'/'arguments' and their `this` is not boxed.
  strictness[name] = `own caller: ${Object.hasOwn(fn, 'caller')}, this: ${typeof fn.call(undefined)}`;
};

function semicolon() {
  'use strict';
  return this;
}
function noSemicolon() {
  'use strict'
  return this;
}
function noSemicolonSameLineComment() {
  'use strict' // a comment after the directive
  return this;
}
function doubleQuotes() {
  "use strict";
  return this;
}
function afterAnotherDirective() {
  'use custom'
  'use strict'
  return this;
}
function commentBefore() {
  /* a comment */ 'use strict';
  return this;
}
function lineCommentBefore() {
  // a line comment
  'use strict';
  return this;
}
function semicolonOnNextLine() {
  'use strict'
  ;[1].forEach(() => {});
  return this;
}
function oneLine() { 'use strict'; return this; }
function oneLineNoSemicolon() { 'use strict'
return this; }
function notADirective() {
  void 0;
  'use strict';
  return this;
}
function escapedIsNotUseStrict() {
  'use\x20strict';
  return this;
}
function parenthesizedIsNotADirective() {
  ('use strict');
  return this;
}
function sloppy() {
  return this;
}
const arrowStrict = () => {
  'use strict';
  return (function () {
    return this;
  })();
};
const obj = {
  method() {
    'use strict'
    return (function () {
      return this;
    })();
  },
};
function outerStrict() {
  'use strict';
  function inner() {
    return this;
  }
  return inner();
}
function assignUndeclared() {
  'use strict'
  undeclaredByStrict = 1;
}
function assignUndeclaredSloppy() {
  undeclaredBySloppy = 1;
  return typeof undeclaredBySloppy;
}
function writeFrozen() {
  'use strict';
  const o = Object.freeze({ a: 1 });
  o.a = 2;
}
function deleteUnqualified() {
  'use strict';
  return eval('delete Object.prototype');
}
function evalVar() {
  'use strict';
  eval('var leaked = 1');
  return typeof leaked;
}
function octalInEval() {
  'use strict';
  return eval('010');
}

for (const [name, fn] of Object.entries({
  semicolon,
  noSemicolon,
  noSemicolonSameLineComment,
  doubleQuotes,
  afterAnotherDirective,
  commentBefore,
  lineCommentBefore,
  semicolonOnNextLine,
  oneLine,
  oneLineNoSemicolon,
  notADirective,
  escapedIsNotUseStrict,
  parenthesizedIsNotADirective,
  sloppy,
})) {
  check(name, fn);
}
for (const [name, s] of Object.entries(strictness)) console.log(name.padEnd(30), s);
console.log('arrow strict: inner this', typeof arrowStrict());
console.log('method strict: inner this', typeof obj.method());
console.log('nested function inherits strict', typeof outerStrict());
for (const fn of [assignUndeclared, writeFrozen, deleteUnqualified, octalInEval]) {
  try {
    console.log(fn.name, 'returned', fn());
  } catch (e) {
    console.log(fn.name, e.constructor.name, e.message);
  }
}
console.log('assignUndeclaredSloppy', assignUndeclaredSloppy());
console.log('evalVar', evalVar());
console.log('done');
