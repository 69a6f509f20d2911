// Recursive fib: the worst case for a patch site, a tiny function whose
// whole cost is the call. fib(27) makes 635,621 calls.
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

export const kind = 'sync';
export const calls = 635621;
export function run() {
  return fib(27);
}
