// Legacy decorators (experimentalDecorators in this folder's tsconfig.json):
// class, method, accessor, property and parameter decorators.
const log: string[] = [];

function sealed<T extends Function>(constructor: T) {
  log.push(`class ${constructor.name}`);
  Object.seal(constructor);
  Object.seal(constructor.prototype);
}
function logged(target: object, key: string, descriptor: PropertyDescriptor) {
  log.push(`method ${key} on ${target.constructor.name}`);
  const original = descriptor.value as (...args: unknown[]) => unknown;
  descriptor.value = function (this: unknown, ...args: unknown[]) {
    log.push(`call ${key}(${args.join()})`);
    return original.apply(this, args);
  };
}
function enumerable(value: boolean) {
  return (_target: object, key: string, descriptor: PropertyDescriptor) => {
    log.push(`accessor ${key}`);
    descriptor.enumerable = value;
  };
}
function tracked(target: object, key: string) {
  log.push(`property ${key}`);
}
function param(target: object, key: string | undefined, index: number) {
  log.push(`parameter ${index} of ${key ?? 'constructor'}`);
}

@sealed
class Greeter {
  @tracked greeting: string;
  constructor(@param message: string) {
    this.greeting = message;
  }
  @logged
  greet(@param name: string, punctuation = '!') {
    return `${this.greeting}, ${name}${punctuation}`;
  }
  @enumerable(true)
  get upper() {
    return this.greeting.toUpperCase();
  }
  @logged
  static make() {
    return new Greeter('hi');
  }
}
const g = Greeter.make();
console.log(g.greet('you'), g.greet('them', '?'));
console.log('enumerable accessor', Object.getOwnPropertyDescriptor(Greeter.prototype, 'upper')!.enumerable, g.upper);
console.log('sealed', Object.isSealed(Greeter), Object.isSealed(Greeter.prototype));
console.log('method length', Greeter.prototype.greet.length);
console.log(log.join('\n'));
function fail(): never {
  throw new Error('after decorator helpers');
}
try {
  fail();
} catch (e) {
  const top = (e as Error).stack!.split('\n')[1]!;
  console.log('throw site', /([^/\\]+\.ts):(\d+):(\d+)/.exec(top)?.slice(1).join(':'));
}
console.log('done');
