/**
 * The JavaScript backend: patches the runtime's site slots for the core.
 *
 * A patched site calls a handler built here for that site and target — a
 * small closure with the site's ip baked in, so the callee never searches for
 * its ip — and the handler returns the runtime's continue sentinel so the
 * function body runs. Handlers are cached per (site, target), so switching a
 * site back and forth between the same targets allocates nothing.
 */
import type { ArgsView, Backend, CallTarget, Ftrace, Leave, SitesListener, SiteName, Ops, TrampolineImage } from '../../core/index.js';
import { OPS_FL } from '../../core/index.js';
import { CONTINUE, installRuntime, type SiteHandler, type SiteRuntime } from '../../runtime/index.js';
import { callerStack } from './parent.js';
import { siteHandler } from './site-handler.js';
import { HookFrame, giveFrame, isFramed } from './frames.js';
import { prepareTrampoline, type DirectFactory, type SharedEntry, type TrampolineHost } from './trampoline.js';

export type { DirectFactory, SharedEntry } from './trampoline.js';
export { ProgramContext, type FuncInfo } from './context.js';

export class JsBackend implements Backend {
  readonly runtime: SiteRuntime;
  #ftrace: Ftrace | undefined;
  #cache = new Map<string, SiteHandler>();
  #blind = new Set<number>();
  #readers = 0;
  /** Where the backend's own warnings go (once per site): a program that cannot run as asked. */
  onWarning: (message: string) => void = (message) => process.emitWarning(message, { code: 'FENTRY_PROGRAM' });
  readonly #host: TrampolineHost;

  constructor(runtime: SiteRuntime = installRuntime()) {
    this.runtime = runtime;
    this.#host = {
      runtime,
      stack,
      parents: { on: false },
      blind: (ip) => {
        if (this.#blind.has(ip)) return;
        this.#blind.add(ip);
        this.onWarning(`fentry: fexit programs on ${runtime.site(ip).symbol} cannot see its return: the site does not hand over its function (counted in misses)`);
      },
    };
  }

  /** The core this backend serves, for the list dispatcher. */
  attach(ftrace: Ftrace): void {
    this.#ftrace = ftrace;
  }

  get siteCount(): number {
    return this.runtime.siteCount;
  }

  name(ip: number): SiteName {
    const site = this.runtime.site(ip);
    return { symbol: site.symbol, module: site.module };
  }

  makeCall(ip: number, target: CallTarget): void {
    this.runtime.set(ip, this.#handler(ip, target));
    this.#countReaders(null, target);
  }

  modifyCall(ip: number, old: CallTarget, target: CallTarget): void {
    // One slot store: the site calls the old handler or the new one, never nothing.
    this.runtime.set(ip, this.#handler(ip, target));
    this.#countReaders(old, target);
  }

  makeNop(ip: number, old: CallTarget): void {
    this.runtime.set(ip, null);
    this.#countReaders(old, null);
  }

  /**
   * Sites whose ops callbacks may read the caller stack (any target but a
   * lone trampoline): while there are none, a trampoline that runs a body
   * does not push it (a push and a pop cost more than a no-op fexit).
   */
  #countReaders(old: CallTarget | null, target: CallTarget | null): void {
    const reads = (t: CallTarget | null): number => (t === null || t.kind === 'direct' ? 0 : 1);
    this.#readers += reads(target) - reads(old);
    this.#host.parents.on = this.#readers > 0;
  }

  onSites(listener: SitesListener): () => void {
    return this.runtime.onModule((mod) => listener(mod.first, mod.count));
  }

  /** `arch_prepare_bpf_trampoline`: the image's JavaScript, as the factory its DIRECT ops carries. */
  prepareTrampoline(image: TrampolineImage): DirectFactory {
    return prepareTrampoline(this.#host, image);
  }

  #handler(ip: number, target: CallTarget): SiteHandler {
    if (target.kind === 'direct') return (target.trampoline as DirectFactory)(ip);
    if (target.kind === 'list' && (target.direct !== undefined || target.ipmodify === true)) {
      const entry = listEntry(this.runtime, ip, this.#ftraceOrThrow());
      if (target.direct !== undefined) return (target.direct.trampoline as DirectFactory)(ip, entry);
      return this.#regsCaller(ip, entry);
    }
    if (target.kind === 'ops' && target.ops.flags & OPS_FL.IPMODIFY) return this.#regsCaller(ip, opsEntry(ip, target.ops, this.#ftraceOrThrow()));
    const key = target.kind === 'list' ? `${ip}:list:${target.regs ? 1 : 0}` : `${ip}:ops`;
    const ftrace = this.#ftrace;
    if (ftrace === undefined) throw new Error('JsBackend: attach(ftrace) before patching sites');
    if (target.kind === 'ops') return opsHandler(this.runtime, ip, target.ops, ftrace);
    let handler = this.#cache.get(key);
    if (handler === undefined) {
      handler = listHandler(this.runtime, ip, ftrace, target.regs);
      this.#cache.set(key, handler);
    }
    return handler;
  }

  #ftraceOrThrow(): Ftrace {
    if (this.#ftrace === undefined) throw new Error('JsBackend: attach(ftrace) before patching sites');
    return this.#ftrace;
  }

  /**
   * A site shared by ftrace ops of which one modifies the body (a live
   * patch), with no trampoline: an image without programs after the ops,
   * which runs the body the patch chose (`ftrace_regs_caller` returning to
   * `regs->ip`).
   */
  #regsCaller(ip: number, entry: SharedEntry): SiteHandler {
    const image: TrampolineImage = { ip, name: 'ftrace_regs_caller', flags: 0, stats: false, fentry: [], fexit: [], fmodRet: [], replace: undefined, fault: () => {} };
    return prepareTrampoline(this.#host, image)(ip, entry);
  }
}

const stack = callerStack();

/** The list dispatcher as the callbacks before a trampoline. */
function listEntry(runtime: SiteRuntime, ip: number, ftrace: Ftrace): SharedEntry {
  return {
    enter: (_self, view, exits) => ftrace.listFunc(ip, stack.parent(), view, exits),
    leave: (hooked, how, value) => ftrace.listReturn(ip, hooked, how, value),
    frame: (hooked) => {
      if (!isFramed(runtime, ip)) return null;
      const taken = ftrace.listTake(hooked);
      return new HookFrame(ftrace, ip, taken.ops, taken.tokens);
    },
  };
}

/** One IPMODIFY ops alone on a site (CALL_OPS) as the callback before the body it chooses. */
function opsEntry(ip: number, ops: Ops, ftrace: Ftrace): SharedEntry {
  return {
    enter: (_self, view: ArgsView, exits) => {
      try {
        ops.func(ip, stack.parent(), ops, view, exits);
      } catch (error) {
        ops.errors++;
        ftrace.onCallbackError(ops, ip, error);
      }
      return 0;
    },
    leave: () => {},
    frame: () => null,
  };
}

/**
 * A custom direct trampoline (the direct-call API): a function called as a
 * site calls its handler, `(this, fn, new.target, ...args)`, returning
 * {@link CONTINUE} to let the body run or a value to return in its place.
 * On a shared site the ops' callbacks run first.
 */
export function customTrampoline(handler: SiteHandler, name: string): DirectFactory {
  const factory = (_ip: number, shared?: SharedEntry): SiteHandler => {
    if (shared === undefined) return handler;
    return function sharedDirect(self, fn, newTarget, ...args) {
      shared.enter(self, { self, args }, false);
      return handler(self, fn, newTarget, ...args);
    };
  };
  Object.defineProperty(factory, 'name', { value: name });
  return factory;
}

export { CONTINUE };

/** Whether the site's handler may run the body itself (the transformer hands over `fn` only where that is the same call). */
function runsBody(runtime: SiteRuntime, ip: number): boolean {
  return runtime.site(ip).mode === 'sync';
}

/** Whether the site's body reports its suspensions and end through a frame (async functions, generators). */
function framed(runtime: SiteRuntime, ip: number): boolean {
  return isFramed(runtime, ip);
}

/** CALL_OPS: the site calls the one ops' callback; no list walk. */
function opsHandler(runtime: SiteRuntime, ip: number, ops: Ops, ftrace: Ftrace): SiteHandler {
  const func = ops.func;
  const hooks = ops.hooks;
  const regs = (ops.flags & OPS_FL.SAVE_REGS) !== 0;
  const site = runtime.site(ip);
  const frames = hooks !== undefined && framed(runtime, ip);
  const enter = (self: unknown, args: unknown[] | undefined, exits: boolean): number => {
    try {
      const token = func(ip, stack.parent(), ops, args === undefined ? undefined : { self, args }, exits || frames);
      if (frames && token) giveFrame(runtime, new HookFrame(ftrace, ip, [ops], [token]));
      return token || 0;
    } catch (error) {
      // Contained: counted on the ops, reported once by the session; the traced call goes on.
      ops.errors++;
      ftrace.onCallbackError(ops, ip, error);
      return 0;
    }
  };
  const leave =
    hooks === undefined
      ? undefined
      : (token: number, how: Leave, value: unknown): void => {
          try {
            hooks.ret(ip, ops, token, how, value);
          } catch (error) {
            ops.errors++;
            ftrace.onCallbackError(ops, ip, error);
          }
        };
  return siteHandler(stack, ip, site.params.length, regs, runsBody(runtime, ip), enter, leave);
}

/** The list dispatcher (`ftrace_ops_list_func`), with the arguments when some ops wants them (`ftrace_regs_caller`). */
function listHandler(runtime: SiteRuntime, ip: number, ftrace: Ftrace, regs: boolean): SiteHandler {
  const site = runtime.site(ip);
  const frames = framed(runtime, ip);
  const enter = (self: unknown, args: unknown[] | undefined, exits: boolean): number => {
    const hooked = ftrace.listFunc(ip, stack.parent(), args === undefined ? undefined : { self, args }, exits || frames);
    if (frames && hooked > 0) {
      const taken = ftrace.listTake(hooked);
      giveFrame(runtime, new HookFrame(ftrace, ip, taken.ops, taken.tokens));
      return 0;
    }
    return hooked;
  };
  const leave = (hooked: number, how: Leave, value: unknown): void => ftrace.listReturn(ip, hooked, how, value);
  return siteHandler(stack, ip, site.params.length, regs, runsBody(runtime, ip), enter, leave);
}
