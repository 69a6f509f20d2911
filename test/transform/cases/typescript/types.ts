// Imported only with `import type`: elided, so this module must never load.
console.log('types.ts loaded: a type-only import was not elided');
export interface Shape {
  kind: string;
  area(): number;
}
export function neverCalled(): void {}
