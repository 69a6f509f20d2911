import { helper, log, fromA } from './a.mjs';
// a.mjs has not run yet: its `var calls` is still undefined, so log() makes it
// NaN; a.mjs sets it to 0 when its body runs. Its function declarations work.
export const earlyResult = helper('from b');
log('b body');
export function fromB() {
  return 'fromB';
}
try {
  // An arrow in a const of a.mjs is still in its temporal dead zone.
  fromA();
} catch (e) {
  console.log('b: fromA', e.constructor.name, e.message);
}
