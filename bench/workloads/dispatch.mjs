// The dispatch benchmark's functions: one small target, called in a loop, and
// 100 other functions that other ops trace.
export function target(x) {
  return (x * 3 + 1) | 0;
}

export function loop(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s = (s + target(i)) | 0;
  return s;
}
