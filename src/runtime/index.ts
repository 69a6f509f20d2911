/**
 * The runtime that transformed code calls: the JavaScript counterpart of the
 * kernel's `__mcount_loc` table plus the patchable slot at every function entry.
 *
 * A patch site, as the transformer emits it at the top of a function body:
 *
 * ```js
 * ;if (__fe$7.k1a2b3c4_7 !== null) {
 *   const __fe$r = __fe$7.k1a2b3c4_7(this, fn, new.target, a, b);
 *   if (__fe$r !== __fe$C) return __fe$r;
 * }
 * ```
 *
 * `fn` is the function object being called where the transformer can name it
 * (a declaration's or named expression's own name, a named class's method),
 * else `undefined`; with it a trampoline can run the body itself and see it
 * return.
 *
 * An async function, generator or async generator cannot be run by a
 * handler (its caller must get the original promise or generator object, and
 * microtask order must not change), so its site is framed instead:
 *
 * ```js
 * ;let __fe$t = null, __fe$v; if (__fe$k1a2b3c4_7 !== null) {
 *   const __fe$r = __fe$k1a2b3c4_7(this, void 0, void 0, a, b);
 *   __fe$t = __fe$T();
 *   if (__fe$r !== __fe$C) return yield* __fe$r;
 * } try {
 *   … (__fe$v = yield (__fe$v = (E), __fe$t === null ? __fe$v : __fe$t.suspend(__fe$v)), __fe$t === null ? __fe$v : __fe$t.resume(__fe$v)) …
 *   … return (__fe$v = (E), __fe$t === null ? __fe$v : __fe$t.ret(__fe$v)) …
 * } catch (__fe$e) { if (__fe$t !== null) __fe$t.fail(__fe$e); throw __fe$e; }
 * finally { if (__fe$t !== null) __fe$t.done(); }
 * ```
 *
 * (`await` as `yield`; an async function that cannot run on after a `return`
 * reports `done` at each `return`, at the end of its block and in the
 * `catch`, without a `finally`, which halves its cost when off: see
 * src/transform/guard.ts for every shape.) `__fe$T` takes the
 * {@link SiteRuntime.frame} register: a handler that wants to see the call
 * leave, resume and finish stores a {@link CallFrame} there and returns
 * {@link CONTINUE}. Off, `__fe$t` stays `null` and every added step is a
 * comparison with `null`.
 *
 * Each site owns one holder object with a property name unique to the site, so
 * each holder has its own hidden class and V8 tracks the slot as a constant
 * until the site is first switched: an off site folds to nothing, and switching
 * one site invalidates only the code that inlined that site (see the V8
 * measurements in the design notes). The slot holds `null` (off, the NOP) or a
 * handler. A handler that returns {@link CONTINUE} lets the body run (an entry
 * callback, the list dispatcher); any other value is returned to the caller in
 * place of running the body (a trampoline that called the body itself, a live
 * patch). Switching a site is one property store: no allocation, no code
 * generation here; the backend builds handlers, the runtime only installs them.
 *
 * This file is the stable ABI between transformed code and fentry. It imports
 * nothing and is installed once per thread under a `Symbol.for` key that
 * carries the ABI version, so two installed copies of fentry share one
 * registry and a copy with another ABI refuses to load instead of clobbering.
 */

/** The global key of the runtime; the digit is the ABI version transformed code was built for. */
export const RUNTIME_KEY: unique symbol = Symbol.for('fentry.runtime.v1') as never;

/** ABI version written into every transformed module. */
export const ABI_VERSION = 1;

/** Returned by a handler to let the function body run. */
export const CONTINUE: unique symbol = Symbol.for('fentry.continue') as never;

/**
 * A call of an async function or generator, as a handler that wants to see it
 * leave, resume and finish gives it to the site (through {@link SiteRuntime.frame}).
 * The body calls it synchronously, on its own stack, and uses what
 * `suspend`, `resume` and `ret` return in place of their argument, so they
 * must return it unchanged; none of the methods may throw (an exception would
 * leave the traced body): the backend contains its own errors.
 *
 * An `await` whose promise rejects reports no `resume` (the exception goes
 * on, to a `catch` in the body or out through {@link CallFrame.fail}); a
 * generator closed with `return()` while suspended reports only `done`; a
 * generator or async function that is never resumed again reports nothing
 * more. `for await` and the implicit awaits of `await using` are not reported.
 * Where the value of an `await` or `yield` is what V8 names in an error
 * message (`(await x).f()`, `const { a } = await x`, `for (const v of
 * await x)`, `[...yield]`, the operand of `yield*`, and operators around
 * those), the expression stays the user's own outermost node and its
 * `resume` is not reported either: the next report implies it.
 */
export interface CallFrame {
  /** Before an `await` / `yield` / `yield*` suspends: gets the operand, returns it unchanged. For `yield*`, `undefined`, before the operand is evaluated (V8 names that operand in its error message when it is not iterable). */
  suspend(value: unknown): unknown;
  /** After the `await` / `yield` resumed normally: gets the result, returns it unchanged. */
  resume(value: unknown): unknown;
  /** At a `return` statement: gets the value, returns it unchanged. */
  ret(value: unknown): unknown;
  /** An exception is leaving the body (it is rethrown after). */
  fail(error: unknown): void;
  /** The body has finished by any path (return, fall-off, throw, or a generator closed with return() while suspended). Called exactly once per framed call. */
  done(): void;
}

/**
 * What a switched-on site calls: `this` (or `undefined` where it is not
 * available), the function object (or `undefined`), `new.target` (or
 * `undefined`), then the parameters.
 */
export type SiteHandler = (self: unknown, fn: ((...args: unknown[]) => unknown) | undefined, newTarget: unknown, ...args: unknown[]) => unknown;

/** Function kinds as the kernel's BTF would name them, translated to JavaScript. */
export type SiteKind = 'function' | 'arrow' | 'method' | 'getter' | 'setter' | 'constructor';

/** Execution mode of a function. */
export type SiteMode = 'sync' | 'async' | 'generator' | 'async-generator';

/**
 * One site as the transformer describes it (stored compactly in transformed code).
 * Tuple: symbol, line (1-based), column (1-based), kind, mode, parameter names, parameter types.
 */
export type SiteTuple = [
  symbol: string,
  line: number,
  column: number,
  kind: SiteKind,
  mode: SiteMode,
  params: string[],
  types?: (string | null)[],
];

/** The per-module description embedded in transformed code as a JSON string. */
export interface ModuleMeta {
  /** The file relative to the project root, or `package/path` inside a package. */
  module: string;
  /** The file's URL or absolute path, as loaded. */
  file: string;
  /** The sites in source order. */
  sites: SiteTuple[];
  /**
   * Positions in `sites` of the async functions and generators whose body
   * the transformer could not frame (see {@link Site.framed}); absent when none.
   */
  unframed?: number[];
}

/** A site of the running program. */
export interface Site {
  /** 0-based load-order index; `available_filter_functions` prints index + 1. */
  readonly index: number;
  /** `module:line:column`: the same across runs of the same source. */
  readonly id: string;
  readonly symbol: string;
  readonly module: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly kind: SiteKind;
  readonly mode: SiteMode;
  readonly params: readonly string[];
  readonly types: readonly (string | null)[] | undefined;
  /**
   * The site takes a {@link CallFrame} from {@link SiteRuntime.frame}: every
   * async function, generator and async generator, except one whose body
   * cannot be wrapped without changing its meaning (a direct `eval` or `with`
   * inside it, or a top-level function declaration whose name is declared
   * again in the body). Always false for synchronous functions.
   */
  readonly framed: boolean;
}

/** A loaded module and the range of site indexes it owns. */
export interface LoadedModule {
  readonly module: string;
  readonly file: string;
  /** Index of the module's first site. */
  readonly first: number;
  readonly count: number;
}

type Holder = Record<string, SiteHandler | null>;

/** Called after a module's sites are registered, before the module body runs. */
export type ModuleListener = (mod: LoadedModule) => void;

/**
 * The per-thread registry of sites. Transformed code calls only {@link SiteRuntime.m}
 * and reads {@link SiteRuntime.C}; everything else is for fentry itself.
 */
export class SiteRuntime {
  /** ABI version; transformed code for another version does not load against this one. */
  readonly abi = ABI_VERSION;
  /** The continue sentinel, read once per module by transformed code. */
  readonly C = CONTINUE;
  /**
   * The frame register: a handler of a framed site (see {@link Site.framed})
   * that returns {@link CONTINUE} may store the call's {@link CallFrame} here
   * first. The site's guard takes it right after the handler returns
   * (whatever it returned) and sets it back to `null`, so a frame never
   * reaches another call; store it last, after any code that could call
   * another framed function. Transformed code reads it through a take
   * function its prologue makes, so a runtime without this field works too.
   */
  frame: CallFrame | null = null;

  #holders: Holder[] = [];
  #keys: string[] = [];
  #modules: LoadedModule[] = [];
  #metaText: string[] = [];
  #meta: (ModuleMeta | undefined)[] = [];
  #moduleOfSite: number[] = [];
  #sites: (Site | undefined)[] = [];
  #listeners = new Set<ModuleListener>();

  /**
   * Registers a module's sites (called by transformed code before its body runs).
   * `meta` stays a string until someone reads the site table, so loading costs
   * no JSON parse.
   */
  m(meta: string, holders: Holder[], keyPrefix: string): void {
    const first = this.#holders.length;
    const moduleIndex = this.#modules.length;
    for (let i = 0; i < holders.length; i++) {
      this.#holders.push(holders[i] as Holder);
      this.#keys.push(keyPrefix + i);
      this.#moduleOfSite.push(moduleIndex);
    }
    this.#metaText.push(meta);
    this.#meta.push(undefined);
    const head = peekModuleHead(meta);
    const mod: LoadedModule = { module: head.module, file: head.file, first, count: holders.length };
    this.#modules.push(mod);
    for (const listener of this.#listeners) {
      try {
        listener(mod);
      } catch (error) {
        reportOnce('listener', error);
      }
    }
  }

  /** Number of sites registered so far. */
  get siteCount(): number {
    return this.#holders.length;
  }

  /** Modules in load order. */
  get modules(): readonly LoadedModule[] {
    return this.#modules;
  }

  /** The site at a load-order index. */
  site(index: number): Site {
    const cached = this.#sites[index];
    if (cached !== undefined) return cached;
    const moduleIndex = this.#moduleOfSite[index];
    if (moduleIndex === undefined) throw new RangeError(`no site with index ${index}`);
    const meta = this.#moduleMeta(moduleIndex);
    const mod = this.#modules[moduleIndex] as LoadedModule;
    const position = index - mod.first;
    const tuple = meta.sites[position];
    if (tuple === undefined) throw new RangeError(`module ${mod.module} has no site ${position}`);
    const [symbol, line, column, kind, mode, params, types] = tuple;
    const site: Site = {
      index,
      id: `${mod.module}:${line}:${column}`,
      symbol,
      module: mod.module,
      file: mod.file,
      line,
      column,
      kind,
      mode,
      params,
      types,
      framed: mode !== 'sync' && !(meta.unframed?.includes(position) ?? false),
    };
    this.#sites[index] = site;
    return site;
  }

  /** What the site's slot holds now: `null` when off. */
  get(index: number): SiteHandler | null {
    const holder = this.#holders[index];
    if (holder === undefined) throw new RangeError(`no site with index ${index}`);
    return holder[this.#keys[index] as string] ?? null;
  }

  /**
   * Patches a site: `null` makes it a NOP again, a function makes the site call it.
   * One property store; never allocates.
   */
  set(index: number, handler: SiteHandler | null): void {
    const holder = this.#holders[index];
    if (holder === undefined) throw new RangeError(`no site with index ${index}`);
    holder[this.#keys[index] as string] = handler;
  }

  /** Calls `listener` for every module registered from now on; returns the unsubscribe function. */
  onModule(listener: ModuleListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #moduleMeta(moduleIndex: number): ModuleMeta {
    let meta = this.#meta[moduleIndex];
    if (meta === undefined) {
      meta = JSON.parse(this.#metaText[moduleIndex] as string) as ModuleMeta;
      this.#meta[moduleIndex] = meta;
    }
    return meta;
  }
}

/** Reads `module` and `file` without parsing the site list; both come first in the JSON. */
function peekModuleHead(meta: string): { module: string; file: string } {
  const cut = meta.indexOf(',"sites":');
  const head = JSON.parse(cut === -1 ? meta : meta.slice(0, cut) + '}') as { module: string; file: string };
  return head;
}

const reported = new Set<string>();
function reportOnce(what: string, error: unknown): void {
  if (reported.has(what)) return;
  reported.add(what);
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  try {
    process.emitWarning(`fentry: a ${what} threw; the program goes on: ${text}`, { code: 'FENTRY_HANDLER_ERROR' });
  } catch {
    // No process object (a non-Node host): nothing to report to.
  }
}

/**
 * The thread's runtime, installing it on first use. If a copy with another ABI
 * is installed, throws instead of replacing it.
 */
export function installRuntime(): SiteRuntime {
  const g = globalThis as unknown as Record<symbol, unknown>;
  const existing = g[RUNTIME_KEY];
  if (existing !== undefined) {
    if ((existing as { abi?: unknown }).abi !== ABI_VERSION) {
      throw new Error(`fentry: another fentry runtime with ABI ${String((existing as { abi?: unknown }).abi)} is installed`);
    }
    return existing as SiteRuntime;
  }
  const runtime = new SiteRuntime();
  Object.defineProperty(g, RUNTIME_KEY, { value: runtime, enumerable: false, configurable: false, writable: false });
  return runtime;
}

/** The thread's runtime if one is installed. */
export function currentRuntime(): SiteRuntime | undefined {
  return (globalThis as unknown as Record<symbol, SiteRuntime | undefined>)[RUNTIME_KEY];
}
