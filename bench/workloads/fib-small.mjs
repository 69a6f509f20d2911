// fib for the tracer benchmark: fib(20) makes 21,891 calls, each one traced event.
export function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
