// A value module; some of its exports are imported only as types.
console.log('dep.ts loaded');
export interface Named {
  name: string;
}
export type Pair<A, B> = [A, B];
export enum Color {
  Red = 'RED',
  Green = 'GREEN',
}
export function greet(who: Named): string {
  return `hello ${who.name}`;
}
