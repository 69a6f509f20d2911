// Standard (TC39) decorators: Node runs none of them natively, so the lowering
// step must turn them into plain JavaScript before the transformer runs.
const log: string[] = [];

function logged<This, Args extends unknown[], Return>(
  target: (this: This, ...args: Args) => Return,
  context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
) {
  log.push(`decorate method ${String(context.name)} static=${context.static} private=${context.private}`);
  return function (this: This, ...args: Args): Return {
    log.push(`call ${String(context.name)}(${args.join()})`);
    return target.call(this, ...args);
  };
}
function registered<T extends abstract new (...args: any[]) => unknown>(target: T, context: ClassDecoratorContext<T>) {
  log.push(`decorate class ${String(context.name)}`);
  context.addInitializer(function () {
    log.push(`class initializer for ${this.name}`);
  });
}
function defaultTo<T>(value: T) {
  return (_: undefined, context: ClassFieldDecoratorContext<unknown, T | undefined>) => {
    log.push(`decorate field ${String(context.name)}`);
    return (initial: T | undefined) => initial ?? value;
  };
}
function observed<This, V>(target: ClassAccessorDecoratorTarget<This, V>, context: ClassAccessorDecoratorContext<This, V>) {
  return {
    get(this: This) {
      log.push(`get ${String(context.name)}`);
      return target.get.call(this);
    },
    set(this: This, v: V) {
      log.push(`set ${String(context.name)} ${v}`);
      target.set.call(this, v);
    },
  };
}
function upper(target: (this: unknown) => string, context: ClassGetterDecoratorContext) {
  return function (this: unknown) {
    return target.call(this).toUpperCase();
  };
}

@registered
class Service {
  @defaultTo('anonymous') name: string | undefined = undefined;
  @observed accessor count = 0;
  @logged
  static create(name: string) {
    const s = new Service();
    s.name = name;
    return s;
  }
  @logged
  run(times: number) {
    for (let i = 0; i < times; i++) this.count++;
    return `${this.name} ran ${this.count}`;
  }
  @logged
  #secret() {
    return 'secret';
  }
  @upper
  get label() {
    return `service ${this.name}`;
  }
  reveal() {
    return this.#secret();
  }
}
const s = Service.create('svc');
console.log(s.run(2));
console.log(new Service().name, s.label, s.reveal());
console.log('method name kept', Service.prototype.run.name, Service.name);
console.log(log.join('\n'));

function fail(): never {
  throw new Error('from decorated file');
}
try {
  fail();
} catch (e) {
  const top = (e as Error).stack!.split('\n')[1]!;
  console.log('throw site', /([^/\\]+\.ts):(\d+):(\d+)/.exec(top)?.slice(1).join(':'));
}
console.log('done');
