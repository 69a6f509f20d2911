// Generators: 2 generator calls per iteration, each yielding 8 values, so a
// call's cost includes its iteration.
function* range(n) {
  for (let i = 0; i < n; i++) yield i;
}

function* double(it) {
  for (const x of it) yield x * 2;
}

export const kind = 'sync';
const N = 2000;
export const calls = 2 * N;
export function run() {
  let s = 0;
  for (let k = 0; k < N; k++) for (const v of double(range(8))) s += v;
  return s;
}
