/**
 * The JavaScript backend: patches the runtime's site slots for the core.
 *
 * A patched site calls a handler built here for that site and target — a
 * small closure with the site's ip baked in, so the callee never searches for
 * its ip — and the handler returns the runtime's continue sentinel so the
 * function body runs. Handlers are cached per (site, target), so switching a
 * site back and forth between the same targets allocates nothing.
 */
import type { Backend, CallTarget, Ftrace, Leave, SitesListener, SiteName, Ops } from '../../core/index.js';
import { OPS_FL } from '../../core/index.js';
import { installRuntime, type SiteHandler, type SiteRuntime } from '../../runtime/index.js';
import { callerStack } from './parent.js';
import { siteHandler } from './site-handler.js';
import { HookFrame, giveFrame, isFramed } from './frames.js';

/** Builds the handler a direct target installs (the programs layer provides it). */
export type DirectFactory = (ip: number) => SiteHandler;

export class JsBackend implements Backend {
  readonly runtime: SiteRuntime;
  #ftrace: Ftrace | undefined;
  #cache = new Map<string, SiteHandler>();

  constructor(runtime: SiteRuntime = installRuntime()) {
    this.runtime = runtime;
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
  }

  modifyCall(ip: number, _old: CallTarget, target: CallTarget): void {
    // One slot store: the site calls the old handler or the new one, never nothing.
    this.runtime.set(ip, this.#handler(ip, target));
  }

  makeNop(ip: number, _old: CallTarget): void {
    this.runtime.set(ip, null);
  }

  onSites(listener: SitesListener): () => void {
    return this.runtime.onModule((mod) => listener(mod.first, mod.count));
  }

  #handler(ip: number, target: CallTarget): SiteHandler {
    if (target.kind === 'direct') return (target.trampoline as DirectFactory)(ip);
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
}

const stack = callerStack();

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
