// TypeScript that esbuild lowers before the transformer sees it: enums, const
// enums, namespaces, parameter properties, generics, satisfies, overloads,
// abstract classes and type-only imports. Error positions must map to this file.
import type { Shape } from './types.ts';
import { type Named, type Pair, greet, Color } from './dep.ts';

enum Direction {
  Up = 1,
  Down,
  Left = 'LEFT',
}
const enum Flags {
  None = 0,
  A = 1 << 0,
  B = 1 << 1,
  AB = A | B,
}
namespace Geometry {
  export interface Point {
    x: number;
    y: number;
  }
  export const origin: Point = { x: 0, y: 0 };
  export function distance(a: Point, b: Point = origin): number {
    return Math.hypot(a.x - b.x, a.y - b.y);
  }
  export namespace Inner {
    export const deep = 'deep ' + origin.x;
  }
}
namespace Geometry {
  export const merged = typeof distance;
}

class Account {
  static count = 0;
  private history: number[] = [];
  constructor(
    public readonly owner: string,
    private balance: number = 0,
    protected tag?: string,
  ) {
    Account.count++;
  }
  deposit(amount: number): this {
    this.balance += amount;
    this.history.push(amount);
    return this;
  }
  get summary(): string {
    return `${this.owner}: ${this.balance} (${this.history.join('+')}) tag=${this.tag}`;
  }
}
class Savings extends Account {
  constructor(owner: string, public rate: number) {
    super(owner, 100, 'savings');
  }
}

abstract class Animal<T extends string> {
  abstract sound(): T;
  speak(): string {
    return `${this.constructor.name} says ${this.sound()}`;
  }
}
class Dog extends Animal<'woof'> {
  sound() {
    return 'woof' as const;
  }
}

function identity<T>(x: T): T {
  return x;
}
const arrowGeneric = <T,>(xs: T[]): T | undefined => xs[0];
class Box<T> {
  constructor(private readonly value: T) {}
  map<U>(f: (t: T) => U): Box<U> {
    return new Box(f(this.value));
  }
  get(): T {
    return this.value;
  }
}
function overloaded(x: string): string;
function overloaded(x: number): number;
function overloaded(x: string | number): string | number {
  return typeof x === 'string' ? x.toUpperCase() : x * 2;
}
const config = { port: 8080, host: 'localhost' } satisfies Record<string, string | number>;
const square: Shape = { kind: 'square', area: () => 4 };
const pair: Pair<string, number> = ['a', 1];
let definite!: number;
definite = 5;
const maybe: { deep?: { value?: number } } = {};

console.log('enum', Direction.Up, Direction.Down, Direction[2], Direction.Left, Object.keys(Direction).join());
console.log('const enum', Flags.A, Flags.AB, Flags.None);
console.log('imported enum', Color.Red, Color.Green);
console.log('namespace', Geometry.distance({ x: 3, y: 4 }), Geometry.Inner.deep, Geometry.merged);
const account = new Account('ann', 10).deposit(5).deposit(7);
console.log('parameter properties', account.summary, account.owner, Object.keys(account).join());
const savings = new Savings('bob', 3);
console.log('derived', savings.summary, savings.rate, Account.count);
console.log('abstract', new Dog().speak());
console.log('generics', identity<number>(42), arrowGeneric(['first']), new Box(3).map((n) => `n=${n}`).get());
console.log('overloads', overloaded('abc'), overloaded(21));
console.log('satisfies', config.port, config.host);
console.log('typed values', square.area(), pair.join(), definite, maybe.deep?.value ?? 'none', greet({ name: 'ts' } as Named));
console.log('non-null', (globalThis as { document?: { title: string } }).document!?.title ?? 'no document');

function fail(reason: string): never {
  throw new Error(reason);
}
try {
  fail('from typescript');
} catch (e) {
  const top = (e as Error).stack!.split('\n')[1]!;
  console.log('throw site', /([^/\\]+\.ts):(\d+):(\d+)/.exec(top)?.slice(1).join(':'));
}
console.log('done');
