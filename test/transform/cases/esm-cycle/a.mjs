import { fromB, earlyResult } from './b.mjs';
export function log(message) {
  console.log('log:', message);
  calls++;
}
export function helper(x) {
  return `helper(${x}) ran before a.mjs body: ${typeof aBodyRan === 'undefined' || !aBodyRan}`;
}
export const fromA = () => `a sees b: ${fromB()}, early: ${earlyResult}`;
export function callCount() {
  return calls;
}
var calls = 0;
var aBodyRan = true;
log('a body');
