// In an ES module declarations are hoisted too, and exports are live.
const before = typeof declaredLater;
const result = declaredLater();
export function declaredLater() {
  return 'module declaration called early';
}
export function report() {
  return `module: ${before} ${result}`;
}
