/**
 * BPF trampolines as JavaScript (the kernel's `arch_prepare_bpf_trampoline`):
 * for one function, source text specialised to its arity, its kind (sync,
 * async, generator, async generator) and the programs attached to it, compiled
 * with `new Function` and rebuilt on every attach and detach.
 *
 * Each program is a few straight lines — its recursion guard, the cookie, the
 * call behind a try, the stats when enabled — with the program, its handler
 * and its cookie held in constants of the closure: no loop, no rest parameter
 * up to {@link MAX_SPECIALISED} parameters, and no array but the argument list
 * of a constructor call and the arguments view a shared site hands its ops.
 * Every image is compiled as its own function, so V8 keeps its feedback apart.
 * A trampoline that runs a body pushes it on the caller stack only while some
 * site's ops may read it (the backend keeps `parents.on`).
 *
 * What the code does, by image:
 * - fentry only (`RESTORE_REGS`): the programs run, then the site runs the
 *   body (`CONTINUE`).
 * - fexit on a synchronous function (`CALL_ORIG`): the trampoline runs the
 *   body itself through the function object the site hands over (the site's
 *   own guard lets that nested entry through), sees it return or throw, runs
 *   the fexit programs and returns or rethrows. A site that cannot hand over
 *   its function (arrows, object-literal methods, parameters with defaults,
 *   rest or patterns) runs fentry and fmod_ret only; its fexit runs count as
 *   misses.
 * - fexit on an async function or generator: the body cannot be run by the
 *   trampoline without changing the promise or the generator object the caller
 *   gets, so the trampoline gives the site a call frame (the runtime's frame
 *   register) and the body reports its return, exception and end through it.
 *   fexit runs when the body is done: with the settled value of an async
 *   function (a returned native promise is followed; the caller's promise is
 *   untouched), a generator's return value, or the exception. A generator's
 *   entry is its first `next()`, when its body starts.
 * - fmod_ret: runs before the body; a value other than `undefined` skips the
 *   body and the later fmod_ret programs and is what fexit and the caller see
 *   (an async function's caller gets a promise of it; a generator returns it
 *   at once, done).
 * - freplace: the handler is called in place of the body, with the same
 *   `this` and arguments.
 * - shared with ftrace ops on the same site (a tracer, a live patch): the
 *   ops' callbacks run first (the list dispatcher, `ftrace_regs_caller`),
 *   then the programs; a live patch's body (`view.ip`) is what runs —
 *   what fexit wraps when the image has `ORIG_STACK` — and the ops that asked
 *   for the return (function_graph) get it after fexit.
 *
 * A call that entered an image leaves through it, even when a newer image
 * was installed meanwhile; an fexit whose link was detached by then does not
 * run (`x0.linked`), as the kernel's `fexit_sleep` asks.
 */
import { CONTINUE, type SiteHandler, type SiteMode, type SiteRuntime } from '../../runtime/index.js';
import { TRAMP_F, type ArgsView, type Prog, type TrampLink, type TrampolineImage } from '../../core/index.js';
import { FentryError } from '../../errors.js';
import type { CallerStack } from './parent.js';
import { contextClass, type FuncInfo, type ProgramContext } from './context.js';
import type { CallFrame } from '../../runtime/index.js';
import { giveFrame, isFramed } from './frames.js';

/** Above this arity a trampoline collects its arguments with a rest parameter. */
export const MAX_SPECIALISED = 8;

/**
 * The ftrace callbacks that run before a trampoline on a shared site: the
 * list dispatcher, or the one IPMODIFY ops. `enter` returns a token for
 * `leave` (0: nobody wants the return); `frame` makes the call frame that
 * reports a framed call's leaves to them.
 */
export interface SharedEntry {
  enter(self: unknown, view: ArgsView, exits: boolean): number;
  leave(token: number, how: 0 | 1, value: unknown): void;
  frame(token: number): CallFrame | null;
}

/** What a DIRECT ops carries for the JavaScript backend: builds the handler a site calls, alone or after shared callbacks. */
export type DirectFactory = ((ip: number, shared?: SharedEntry) => SiteHandler) & { readonly source?: string };

/** The code-shaping facts of an image. */
export interface Shape {
  arity: number;
  mode: SiteMode;
  /** Frames can report the body's end (async functions and generators the transformer framed). */
  framed: boolean;
  fentry: number;
  fexit: number;
  fmodRet: number;
  replace: boolean;
  origStack: boolean;
  stats: boolean;
  shared: boolean;
}

type Make = (env: Env, E: readonly TrampLink[], X: readonly TrampLink[], M: readonly TrampLink[], R: TrampLink | undefined, shared: SharedEntry | undefined) => SiteHandler;

interface Env {
  CONTINUE: symbol;
  call: typeof Function.prototype.call;
  construct: typeof Reflect.construct;
  stack: CallerStack;
  parents: { on: boolean };
  fault: (prog: Prog, error: unknown) => void;
  blind: () => void;
  now: () => number;
  Ctx: new (func: FuncInfo, self: unknown, ...args: unknown[]) => ProgramContext;
  func: FuncInfo;
  ip: number;
  give: (frame: CallFrame) => void;
  Frame: typeof ProgFrame;
  settle: typeof settle;
  finished: typeof finished;
  follow: typeof follow;
}

/**
 * The source of a trampoline shape: `return function make(env, E, X, M, R, shared) { … }`.
 * Tests and readers look at it.
 */
export function trampolineSource(shape: Shape, name = 'bpf_trampoline'): string {
  const rest = shape.arity > MAX_SPECIALISED;
  const params = rest ? ['...args'] : Array.from({ length: shape.arity }, (_, i) => `a${i}`);
  const list = rest ? 'args' : `[${params.join(', ')}]`;
  const ctxArgs = rest ? ', args' : params.map((p) => `, ${p}`).join('');
  const sync = shape.mode === 'sync';
  const async = shape.mode === 'async' || shape.mode === 'async-generator';
  const generator = shape.mode === 'generator' || shape.mode === 'async-generator';
  const anyProgs = shape.fentry + shape.fexit + shape.fmodRet > 0;
  const out: string[] = [];
  const line = (indent: number, text: string): void => {
    out.push('  '.repeat(indent) + text);
  };
  // `call.call` (the intrinsic, so a function's own `call` property is never consulted) passes the
  // arguments as they are; only a constructor call builds an argument list.
  const call = (target: string): string =>
    `newTarget === undefined ? call.call(${target}, self${rest ? ', ...args' : params.map((p) => `, ${p}`).join('')}) : construct(${target}, ${list}, newTarget)`;

  /** One program's run: recursion guard, cookie, the call behind a try, stats. */
  const run = (indent: number, v: string, result: ((indent: number) => void) | undefined): void => {
    line(indent, `if (p${v}.active === 0) {`);
    line(indent + 1, `p${v}.active = 1;`);
    line(indent + 1, `ctx.cookie = c${v};`);
    if (result !== undefined) line(indent + 1, 'let r;');
    if (shape.stats) line(indent + 1, 'const t = now();');
    line(indent + 1, 'try {');
    line(indent + 2, result !== undefined ? `r = h${v}(ctx);` : `h${v}(ctx);`);
    line(indent + 1, '} catch (error) {');
    line(indent + 2, `fault(p${v}, error);`);
    line(indent + 1, '}');
    if (shape.stats) {
      line(indent + 1, `p${v}.run_time_ns += (now() - t) * 1e6;`);
      line(indent + 1, `p${v}.run_cnt++;`);
    }
    line(indent + 1, `p${v}.active = 0;`);
    result?.(indent + 1);
    line(indent, `} else p${v}.misses++;`);
  };
  const fentry = (indent: number): void => {
    for (let i = 0; i < shape.fentry; i++) run(indent, `e${i}`, undefined);
  };
  const fexit = (indent: number): void => {
    for (let i = 0; i < shape.fexit; i++) {
      line(indent, `if (x${i}.linked) {`);
      run(indent + 1, `x${i}`, undefined);
      line(indent, '}');
    }
  };
  const fmodRet = (indent: number, skip: (indent: number) => void): void => {
    for (let i = 0; i < shape.fmodRet; i++) {
      run(indent, `m${i}`, (n) => {
        line(n, 'if (r !== undefined) {');
        skip(n + 1);
        line(n, '}');
      });
    }
  };

  line(0, 'return function make(env, E, X, M, R, shared) {');
  line(1, 'const CONTINUE = env.CONTINUE, call = env.call, construct = env.construct, stack = env.stack, fault = env.fault, now = env.now;');
  line(1, 'const Ctx = env.Ctx, func = env.func, ip = env.ip, parents = env.parents;');
  for (const [kind, count] of [['e', shape.fentry], ['x', shape.fexit], ['m', shape.fmodRet]] as const) {
    const array = kind === 'e' ? 'E' : kind === 'x' ? 'X' : 'M';
    for (let i = 0; i < count; i++) line(1, `const ${kind}${i} = ${array}[${i}], p${kind}${i} = ${kind}${i}.prog, h${kind}${i} = p${kind}${i}.func, c${kind}${i} = ${kind}${i}.cookie;`);
  }
  if (shape.replace) line(1, 'const hr = R.prog.func;');
  if (shape.shared) line(1, 'const enter = shared.enter, leave = shared.leave;');
  if (!sync) line(1, 'const give = env.give, Frame = env.Frame, settle = env.settle, finished = env.finished, follow = env.follow;');
  if (shape.fexit > 0) {
    line(1, 'function exit(ctx) {');
    fexit(2);
    line(1, '}');
  }
  if (sync && shape.fexit > 0) line(1, 'const blind = env.blind;');

  const head = `function ${name}(self, fn, newTarget${params.length > 0 ? ', ' + params.join(', ') : ''})`;
  const tracks = shape.shared || (sync && shape.fexit > 0);
  if (sync && tracks) line(1, 'let reentry = false;');
  line(1, `return ${head} {`);

  if (sync) {
    // ---- synchronous functions -------------------------------------------------
    if (tracks) {
      line(2, 'if (reentry) {');
      line(3, 'reentry = false;');
      line(3, 'return CONTINUE;');
      line(2, '}');
    }
    if (shape.shared) {
      line(2, `const view = { self, args: ${list}, ip: undefined };`);
      line(2, 'const token = enter(self, view, fn !== undefined);');
      line(2, 'const body = view.ip;');
    }
    if (anyProgs) line(2, `const ctx = new Ctx(func, self${ctxArgs});`);
    fentry(2);
    const needsValue = shape.fexit > 0 || shape.shared || shape.replace;
    if (!needsValue) {
      // fentry and fmod_ret only: the body runs from the site unless an fmod_ret returned.
      fmodRet(2, (n) => line(n, 'return r;'));
      line(2, 'return CONTINUE;');
    } else {
      line(2, 'let value, threw = false;');
      line(2, 'body: {');
      fmodRet(3, (n) => {
        line(n, 'value = r;');
        line(n, 'break body;');
      });
      const callInto = (target: string, recall: boolean): void => {
        if (recall) {
          line(3, 'reentry = true;');
          line(3, 'const pushed = parents.on;');
          line(3, 'if (pushed) stack.push(ip);');
        }
        line(3, 'try {');
        line(4, `value = ${call(target)};`);
        line(3, '} catch (error) {');
        line(4, 'threw = true;');
        line(4, 'value = error;');
        line(3, '}');
        if (recall) {
          line(3, 'reentry = false;');
          line(3, 'if (pushed) stack.pop();');
        }
      };
      if (shape.replace) {
        callInto('hr', false);
        line(3, 'break body;');
      } else {
        if (shape.shared && (shape.origStack || shape.fexit === 0)) {
          // The body a live patch chose (`regs->ip`): what the site "returns into".
          line(3, 'if (body !== undefined) {');
          out.push(...indentLines(captureLines(() => callInto('body', false)), 1));
          line(4, 'break body;');
          line(3, '}');
        }
        if (shape.fexit === 0) {
          line(3, 'if (token === 0) return CONTINUE;');
        } else {
          line(3, 'if (fn === undefined) {');
          for (let i = 0; i < shape.fexit; i++) line(4, `px${i}.misses++;`);
          line(4, 'blind();');
          line(4, 'return CONTINUE;');
          line(3, '}');
        }
        callInto('fn', true);
      }
      line(2, '}');
      if (shape.fexit > 0) {
        line(2, 'if (threw) {');
        line(3, 'ctx.threw = true;');
        line(3, 'ctx.error = value;');
        line(2, '} else ctx.ret = value;');
        line(2, 'exit(ctx);');
      }
      if (shape.shared) line(2, 'if (token !== 0) leave(token, threw ? 1 : 0, value);');
      line(2, 'if (threw) throw value;');
      line(2, 'return value;');
    }
  } else {
    // ---- async functions and generators: the body reports through a frame --------
    const MODE = async ? 'true' : 'false';
    if (shape.shared) {
      line(2, `const view = { self, args: ${list}, ip: undefined };`);
      line(2, `const token = enter(self, view, ${shape.framed ? 'true' : 'false'});`);
      line(2, 'const body = view.ip;');
    }
    if (anyProgs) line(2, `const ctx = new Ctx(func, self${ctxArgs});`);
    fentry(2);
    const leaveWith = (n: number, how: string, value: string): void => {
      if (shape.shared) line(n, `if (token !== 0) leave(token, ${how}, ${value});`);
    };
    fmodRet(2, (n) => {
      if (shape.fexit > 0) line(n, `settle(ctx, r, false, ${MODE}, exit);`);
      leaveWith(n, '0', 'r');
      line(n, generator ? 'return finished(r);' : 'return r;');
    });
    const callBody = (target: string): void => {
      line(3, 'let value;');
      line(3, 'try {');
      line(4, `value = ${call(target)};`);
      line(3, '} catch (error) {');
      if (shape.fexit > 0) line(4, `settle(ctx, error, true, ${MODE}, exit);`);
      leaveWith(4, '1', 'error');
      line(4, 'throw error;');
      line(3, '}');
      if (shape.fexit > 0) line(3, `value = follow(ctx, value, ${MODE}, ${generator ? 'true' : 'false'}, exit);`);
      leaveWith(3, '0', 'value');
      line(3, 'return value;');
    };
    if (shape.replace) {
      line(2, '{');
      callBody('hr');
      line(2, '}');
    } else {
      if (shape.shared && (shape.origStack || shape.fexit === 0)) {
        line(2, 'if (body !== undefined) {');
        callBody('body');
        line(2, '}');
      }
      const inner = shape.shared && shape.framed ? 'token !== 0 ? shared.frame(token) : null' : 'null';
      if (shape.fexit > 0) line(2, `give(new Frame(ctx, exit, ${MODE}, ${inner}));`);
      else if (shape.shared && shape.framed) line(2, 'if (token !== 0) give(new Frame(null, null, false, shared.frame(token)));');
      line(2, 'return CONTINUE;');
    }
  }
  line(1, '};');
  line(0, '};');
  return out.join('\n');

  function captureLines(fn: () => void): string[] {
    const start = out.length;
    fn();
    return out.splice(start, out.length - start);
  }
}

function indentLines(lines: string[], levels: number): string[] {
  return lines.map((l) => '  '.repeat(levels) + l);
}

/**
 * Compiles an image's code. Each image is its own function literal, so V8
 * keeps its type feedback apart from other functions' trampolines: the
 * program calls stay monomorphic and inline.
 */
function compile(source: string): Make {
  return (new Function(source) as () => Make)();
}

const PromiseThen = Promise.prototype.then;

/**
 * Sets the context to the outcome and runs the fexit programs; an async
 * function's returned native promise is followed first (with the intrinsic
 * `then`: the caller's promise and the order of its reactions are untouched).
 */
export function settle(ctx: ProgramContext, value: unknown, threw: boolean, async: boolean, exit: (ctx: ProgramContext) => void): void {
  if (threw) {
    ctx.threw = true;
    ctx.error = value;
    exit(ctx);
    return;
  }
  if (async && value instanceof Promise) {
    try {
      Reflect.apply(PromiseThen, value, [
        (settled: unknown) => {
          ctx.ret = settled;
          exit(ctx);
        },
        (error: unknown) => {
          ctx.threw = true;
          ctx.error = error;
          exit(ctx);
        },
      ]);
    } catch {
      // A promise whose species constructor throws: fexit sees the promise itself.
      ctx.ret = value;
      exit(ctx);
    }
    return;
  }
  ctx.ret = value;
  exit(ctx);
}

/** A generator's body skipped by fmod_ret: an iterable that is done at once with `value` (what `yield*` at the site returns). */
export function finished(value: unknown): Iterable<never> {
  return {
    [Symbol.iterator]: () => ({ next: () => ({ value: value as never, done: true }) }),
  };
}

/**
 * A body called in place of the function's own (a live patch, a freplace)
 * with fexit on it: an async result is settled; a generator's iterator is
 * wrapped so fexit runs when it finishes.
 */
export function follow(ctx: ProgramContext, value: unknown, async: boolean, generator: boolean, exit: (ctx: ProgramContext) => void): unknown {
  if (!generator || value === null || typeof value !== 'object' || typeof (value as { next?: unknown }).next !== 'function') {
    settle(ctx, value, false, async && !generator, exit);
    return value;
  }
  const it = value as Iterator<unknown> & AsyncIterator<unknown>;
  let ended = false;
  const end = (threw: boolean, v: unknown): void => {
    if (ended) return;
    ended = true;
    settle(ctx, v, threw, false, exit);
  };
  const step = (method: 'next' | 'throw' | 'return', arg: unknown): unknown => {
    const fn = it[method] as ((v: unknown) => unknown) | undefined;
    if (fn === undefined) {
      if (method === 'throw') throw arg;
      end(false, arg);
      return async ? Promise.resolve({ value: arg, done: true }) : { value: arg, done: true };
    }
    let result: unknown;
    try {
      result = Reflect.apply(fn, it, [arg]);
    } catch (error) {
      end(true, error);
      throw error;
    }
    if (async) {
      return Reflect.apply(PromiseThen, Promise.resolve(result), [
        (r: IteratorResult<unknown>) => {
          if (r.done === true) end(false, r.value);
          return r;
        },
        (error: unknown) => {
          end(true, error);
          throw error;
        },
      ]);
    }
    if ((result as IteratorResult<unknown>).done === true) end(false, (result as IteratorResult<unknown>).value);
    return result;
  };
  const wrapper = {
    next: (v: unknown) => step('next', v),
    throw: (e: unknown) => step('throw', e),
    return: (v: unknown) => step('return', v),
    [async ? Symbol.asyncIterator : Symbol.iterator]() {
      return wrapper;
    },
  };
  return wrapper;
}

/**
 * The frame a trampoline gives an async function or generator: it records
 * the return value or the exception and, when the body is done, settles and
 * runs the image's fexit programs; the callbacks of a shared site that asked
 * for the call's leaves get every report after it (`inner`).
 */
export class ProgFrame implements CallFrame {
  readonly #ctx: ProgramContext | null;
  readonly #exit: ((ctx: ProgramContext) => void) | null;
  readonly #async: boolean;
  readonly #inner: CallFrame | null;
  #value: unknown = undefined;
  #threw = false;

  constructor(ctx: ProgramContext | null, exit: ((ctx: ProgramContext) => void) | null, async: boolean, inner: CallFrame | null) {
    this.#ctx = ctx;
    this.#exit = exit;
    this.#async = async;
    this.#inner = inner;
  }

  suspend(value: unknown): unknown {
    this.#inner?.suspend(value);
    return value;
  }

  resume(value: unknown): unknown {
    this.#inner?.resume(value);
    return value;
  }

  ret(value: unknown): unknown {
    this.#value = value;
    this.#threw = false;
    this.#inner?.ret(value);
    return value;
  }

  fail(error: unknown): void {
    this.#value = error;
    this.#threw = true;
    this.#inner?.fail(error);
  }

  done(): void {
    try {
      if (this.#exit !== null && this.#ctx !== null) settle(this.#ctx, this.#value, this.#threw, this.#async, this.#exit);
    } catch {
      // The programs are contained one by one; nothing else here can throw into the body.
    }
    this.#inner?.done();
  }
}

/** Whether a synchronous site can hand over its function object (what fexit needs); false only where it certainly cannot. */
function mayPassFunction(kind: string, params: readonly string[]): boolean {
  if (kind === 'arrow') return false;
  return !params.some((p) => p.startsWith('...') || /[={[]/.test(p));
}

/** The facts the JavaScript backend needs from its runtime to build images. */
export interface TrampolineHost {
  readonly runtime: SiteRuntime;
  readonly stack: CallerStack;
  /** `on` while some site's ops may read the caller stack: only then does a trampoline push the calls it runs. */
  readonly parents: { on: boolean };
  /** Reports once per site that fexit cannot see a call's return. */
  blind(ip: number): void;
}

const funcInfos = new WeakMap<SiteRuntime, Map<number, FuncInfo>>();

function funcInfo(runtime: SiteRuntime, ip: number): FuncInfo {
  let map = funcInfos.get(runtime);
  if (map === undefined) {
    map = new Map();
    funcInfos.set(runtime, map);
  }
  let info = map.get(ip);
  if (info === undefined) {
    const site = runtime.site(ip);
    info = Object.freeze({ ip, id: site.id, symbol: site.symbol, module: site.module, params: site.params });
    map.set(ip, info);
  }
  return info;
}

/** The shape of an image on its site. */
export function imageShape(runtime: SiteRuntime, image: TrampolineImage, shared: boolean): Shape {
  const site = runtime.site(image.ip);
  return {
    arity: Math.min(site.params.length, MAX_SPECIALISED + 1),
    mode: site.mode,
    framed: isFramed(runtime, image.ip),
    fentry: image.fentry.length,
    fexit: image.fexit.length,
    fmodRet: image.fmodRet.length,
    replace: image.replace !== undefined,
    origStack: (image.flags & TRAMP_F.ORIG_STACK) !== 0,
    stats: image.stats,
    shared,
  };
}

/**
 * Builds an image's factory: the handler for the site alone, or after the
 * shared callbacks. ENOTSUPP for fexit where the body's end cannot be seen
 * (arrow functions and parameter lists the site cannot re-call with, async
 * functions and generators the transformer could not frame).
 */
export function prepareTrampoline(host: TrampolineHost, image: TrampolineImage): DirectFactory {
  const runtime = host.runtime;
  const site = runtime.site(image.ip);
  if (image.fexit.length > 0) {
    if (site.mode === 'sync' && !mayPassFunction(site.kind, site.params)) {
      throw new FentryError('ENOTSUPP', `fexit on ${site.symbol}: ${site.kind === 'arrow' ? 'an arrow function' : 'a function whose parameters have defaults, rest or patterns'} cannot be re-called by a trampoline, so its return is not visible (fentry and fmod_ret work)`, {
        value: site.symbol,
      });
    }
    if (site.mode !== 'sync' && !isFramed(runtime, image.ip)) {
      throw new FentryError('ENOTSUPP', `fexit on ${site.symbol}: the transformer could not frame this ${site.mode} function (direct eval, with, or a redeclared name), so its end is not visible`, { value: site.symbol });
    }
  }
  const arity = site.params.length;
  const env: Env = {
    CONTINUE,
    call: Function.prototype.call,
    construct: Reflect.construct,
    stack: host.stack,
    parents: host.parents,
    fault: image.fault,
    blind: () => host.blind(image.ip),
    now: () => performance.now(),
    Ctx: contextClass(arity),
    func: funcInfo(runtime, image.ip),
    ip: image.ip,
    give: (frame) => giveFrame(runtime, frame),
    Frame: ProgFrame,
    settle,
    finished,
    follow,
  };
  const source = trampolineSource(imageShape(runtime, image, false), image.name);
  let sharedSource: string | undefined;
  let standalone: SiteHandler | undefined;
  const factory = (_ip: number, shared?: SharedEntry): SiteHandler => {
    if (shared === undefined) {
      standalone ??= compile(source)(env, image.fentry, image.fexit, image.fmodRet, image.replace, undefined);
      return standalone;
    }
    sharedSource ??= trampolineSource(imageShape(runtime, image, true), image.name);
    return compile(sharedSource)(env, image.fentry, image.fexit, image.fmodRet, image.replace, shared);
  };
  Object.defineProperty(factory, 'name', { value: image.name });
  Object.defineProperty(factory, 'source', { value: source });
  Object.defineProperty(factory, 'sharedSource', { get: () => (sharedSource ??= trampolineSource(imageShape(runtime, image, true), image.name)) });
  return factory as DirectFactory;
}

