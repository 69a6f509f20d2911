// The target of bench/programs.mjs, as the kernel's bench_trigger has one: a
// tiny function whose whole cost is the call, called in a loop.
export function trigger(a, b) {
  return (a + b) | 0;
}

export async function triggerAsync(a, b) {
  return (a + b) | 0;
}

export const calls = 10000;

export function run() {
  let s = 0;
  for (let i = 0; i < 10000; i++) s = trigger(s, i);
  return s;
}

export async function runAsync() {
  let s = 0;
  for (let i = 0; i < 10000; i++) s = await triggerAsync(s, i);
  return s;
}
