/**
 * The JavaScript backend: patches the runtime's site slots for the core.
 *
 * A patched site calls a handler built here for that site and target — a
 * small closure with the site's ip baked in, so the callee never searches for
 * its ip — and the handler returns the runtime's continue sentinel so the
 * function body runs. Handlers are cached per (site, target), so switching a
 * site back and forth between the same targets allocates nothing.
 */
import type { Backend, CallTarget, Ftrace, SitesListener, SiteName, Ops } from '../../core/index.js';
import { OPS_FL } from '../../core/index.js';
import { CONTINUE, installRuntime, type SiteHandler, type SiteRuntime } from '../../runtime/index.js';
import { callerStack } from './parent.js';

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
    if (target.kind === 'ops') return opsHandler(ip, target.ops);
    let handler = this.#cache.get(key);
    if (handler === undefined) {
      const ftrace = this.#ftrace;
      if (ftrace === undefined) throw new Error('JsBackend: attach(ftrace) before patching sites');
      handler = target.regs ? listRegsHandler(ip, ftrace) : listHandler(ip, ftrace);
      this.#cache.set(key, handler);
    }
    return handler;
  }
}

const stack = callerStack();

/** CALL_OPS: the site calls the one ops' callback; no list walk. */
function opsHandler(ip: number, ops: Ops): SiteHandler {
  const func = ops.func;
  if (ops.flags & OPS_FL.SAVE_REGS) {
    return function callOpsRegs(self: unknown, ...args: unknown[]): unknown {
      func(ip, stack.parent(), ops, { self, args });
      return CONTINUE;
    };
  }
  return function callOps(): unknown {
    func(ip, stack.parent(), ops, undefined);
    return CONTINUE;
  };
}

function listHandler(ip: number, ftrace: Ftrace): SiteHandler {
  return function listFunc(): unknown {
    ftrace.listFunc(ip, stack.parent(), undefined);
    return CONTINUE;
  };
}

function listRegsHandler(ip: number, ftrace: Ftrace): SiteHandler {
  return function listFuncRegs(self: unknown, ...args: unknown[]): unknown {
    ftrace.listFunc(ip, stack.parent(), { self, args });
    return CONTINUE;
  };
}
