// An async/await loop: 2 async calls per iteration, `mid` awaiting `leaf`
// and a plain value.
async function leaf(x) {
  return x + 1;
}

async function mid(x) {
  const a = await leaf(x);
  const b = await x;
  return a + b;
}

export const kind = 'async';
const N = 2000;
export const calls = 2 * N;
export async function run() {
  let s = 0;
  for (let i = 0; i < N; i++) s += await mid(i);
  return s;
}
