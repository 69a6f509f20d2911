// An import cycle: b.mjs runs first and calls a function declaration exported
// by a.mjs before a.mjs's own body has run. Hoisting makes that work, so the
// patch sites of a.mjs must already exist at that moment.
import { log, fromA, callCount } from './a.mjs';
log('main body');
console.log(fromA());
console.log('calls', callCount());
console.log('done');
