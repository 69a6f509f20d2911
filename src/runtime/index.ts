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
    const tuple = meta.sites[index - mod.first];
    if (tuple === undefined) throw new RangeError(`module ${mod.module} has no site ${index - mod.first}`);
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
