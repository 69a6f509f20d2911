/**
 * What a program's handler gets (the kernel's `ctx` plus the helpers that read
 * it): the arguments read-only, the function's identity, the link's cookie
 * and, in fexit, the return value or the exception.
 *
 * One context per traced call, shared by the call's programs (the cookie is
 * set before each one runs). Its fields are plain own properties of a class
 * specialised to the arity (`a0`…`a7`), so a trampoline fills it with no
 * array; `args` builds its read-only view only when a program asks.
 */
import { FentryError } from '../../errors.js';

/** The function a program runs on (`bpf_get_func_ip` and the BTF name). */
export interface FuncInfo {
  /** The site's index in load order (the kernel's ip). */
  readonly ip: number;
  /** `module:line:column`. */
  readonly id: string;
  readonly symbol: string;
  readonly module: string;
  readonly params: readonly string[];
}

/** Above this arity a context keeps its arguments in one array. */
export const MAX_CTX_FIELDS = 8;

/**
 * The context of a traced call. Valid while the program runs; the trampoline
 * reuses it for the call's later programs.
 */
export class ProgramContext {
  declare readonly func: FuncInfo;
  /** The link's cookie (`bpf_get_attach_cookie`). */
  declare cookie: unknown;
  /** The call's `this` (undefined for arrows and where the site cannot pass it). */
  declare readonly self: unknown;
  /** fexit: what the body returned (an async function's settled value); fmod_ret: undefined, as the kernel's first fmod_ret sees 0. */
  declare ret: unknown;
  /** fexit: what the body threw (or its promise rejected with), when `threw`. */
  declare error: unknown;
  declare threw: boolean;
  /** The declared parameter count (`bpf_get_func_arg_cnt`). */
  declare readonly argCount: number;

  /** Argument `n` (`bpf_get_func_arg`); EINVAL outside `0 <= n < argCount`. */
  arg(n: number): unknown {
    if (!Number.isInteger(n) || n < 0 || n >= this.argCount) throw outOfRange(this, n);
    const fields = this as unknown as Record<string, unknown>;
    return this.argCount > MAX_CTX_FIELDS ? (fields['argv'] as unknown[])[n] : fields[`a${n}`];
  }

  /** The arguments, read-only: writes throw, and so does reading an index at or beyond `argCount`. */
  get args(): readonly unknown[] {
    const values: unknown[] = [];
    for (let i = 0; i < this.argCount; i++) values.push(this.arg(i));
    return argsView(this, Object.freeze(values));
  }
}

function outOfRange(ctx: ProgramContext, n: unknown): FentryError {
  return new FentryError('EINVAL', `argument ${String(n)} of ${ctx.func.symbol}: it has ${ctx.argCount} (0..${ctx.argCount - 1})`, { value: n });
}

const INDEX = /^(?:0|[1-9]\d*)$/;

function argsView(ctx: ProgramContext, values: readonly unknown[]): readonly unknown[] {
  const refuse = (): never => {
    throw new FentryError('EINVAL', `the arguments of ${ctx.func.symbol} are read-only`, { value: ctx.func.symbol });
  };
  return new Proxy(values, {
    get(target, key, receiver) {
      if (typeof key === 'string' && INDEX.test(key) && Number(key) >= target.length) throw outOfRange(ctx, Number(key));
      return Reflect.get(target, key, receiver) as unknown;
    },
    set: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
  });
}

type CtxClass = new (func: FuncInfo, self: unknown, ...args: unknown[]) => ProgramContext;
const classes = new Map<number, CtxClass>();

/** The source of the context class for `arity` parameters (read back in tests). */
export function contextSource(arity: number): string {
  const rest = arity > MAX_CTX_FIELDS;
  const params = rest ? ['argv'] : Array.from({ length: arity }, (_, i) => `a${i}`);
  return [
    `function Ctx${rest ? 'N' : arity}(func, self${params.map((p) => `, ${p}`).join('')}) {`,
    '  this.func = func;',
    '  this.cookie = 0;',
    '  this.self = self;',
    '  this.ret = undefined;',
    '  this.error = undefined;',
    '  this.threw = false;',
    ...params.map((p) => `  this.${p} = ${p};`),
    '}',
    `Ctx${rest ? 'N' : arity}.prototype = Object.create(Base.prototype, { constructor: { value: Ctx${rest ? 'N' : arity} }, argCount: { value: ${arity} } });`,
    `return Ctx${rest ? 'N' : arity};`,
  ].join('\n');
}

/** The context class for a function of `arity` declared parameters. */
export function contextClass(arity: number): CtxClass {
  let cls = classes.get(arity);
  if (cls === undefined) {
    cls = new Function('Base', contextSource(arity))(ProgramContext) as CtxClass;
    classes.set(arity, cls);
  }
  return cls;
}
