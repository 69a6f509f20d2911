/**
 * Live patching (the kernel's livepatch on ftrace): `patch(target, newImpl)`
 * makes the function run `newImpl` — with the function's own `this` and
 * arguments — instead of its body, until `revert()`.
 *
 * A patch is an IPMODIFY ops whose callback sets the body to run (the
 * kernel's `klp_ftrace_handler` setting `regs->ip`): at most one per
 * function (EBUSY for a second), and a trampoline on the same function
 * shares it through the SHARE_IPMODIFY protocol, so its fentry and fexit
 * programs each run once per call and fexit wraps the patched body,
 * whichever came first.
 *
 * The consistency model, translated: a JavaScript call never moves between
 * bodies, so every call is its own quiescent point. Calls that entered
 * before the patch (including async calls suspended in an `await`) finish in
 * the old body; every call that enters after `patch()` returns runs the new
 * one; after `revert()` the same holds the other way. An async function's
 * replacement should return a promise, a generator's should be a generator
 * function (the site delegates to what it returns).
 */
import { FentryError } from '../errors.js';
import { OPS_FL, Ops, type ArgsView } from '../core/index.js';
import { programsState } from './state.js';
import { resolveTarget, targetText, type Target } from './resolve.js';
import type { LinkedFunction } from './attach.js';

/** An applied live patch. */
export class Patch {
  readonly name: string;
  readonly #ops: Ops;
  readonly #ips: number[];

  /** @internal */
  constructor(name: string, ops: Ops, ips: number[]) {
    this.name = name;
    this.#ops = ops;
    this.#ips = ips;
  }

  /** Whether the patch is applied. */
  get active(): boolean {
    return (this.#ops.flags & OPS_FL.ENABLED) !== 0;
  }

  /** The patched functions. */
  get functions(): LinkedFunction[] {
    const runtime = programsState().runtime;
    return this.#ips.map((ip) => {
      const site = runtime.site(ip);
      return { ip, id: site.id, symbol: site.symbol, module: site.module };
    });
  }

  /** Back to the original bodies for calls from now on; reverting twice does nothing. */
  revert(): void {
    if (!this.active) return;
    programsState().ftrace.unregister(this.#ops);
  }

  [Symbol.dispose](): void {
    this.revert();
  }
}

/**
 * Replaces the body of the functions `target` selects with `impl`. EBUSY
 * when one of them is patched already (nothing changes), or when a freplace
 * program or a direct trampoline without the sharing protocol is on it.
 */
export function patch(target: Target, impl: (...args: never[]) => unknown, options: { name?: string } = {}): Patch {
  if (typeof impl !== 'function') throw new FentryError('EINVAL', 'the new implementation must be a function', { value: impl });
  for (const key of Object.keys(options)) if (key !== 'name') throw new FentryError('EINVAL', `unknown patch option '${key}'`, { value: key });
  const state = programsState();
  const ips = resolveTarget(state.ftrace, state.runtime, target);
  if (ips.length === 0) throw new FentryError('ENOENT', `no function matches ${targetText(target)}`, { value: typeof target === 'function' ? target.name : target });
  return patchSites(ips, impl, options);
}

/** {@link patch} on sites already resolved. */
export function patchSites(ips: number[], impl: (...args: never[]) => unknown, options: { name?: string } = {}): Patch {
  if (typeof impl !== 'function') throw new FentryError('EINVAL', 'the new implementation must be a function', { value: impl });
  const state = programsState();
  const name = options.name ?? `klp:${impl.name || state.runtime.site(ips[0] as number).symbol}`;
  const ops = new Ops({
    name,
    flags: OPS_FL.IPMODIFY | OPS_FL.SAVE_REGS,
    func: function klp_ftrace_handler(_ip: number, _parent: number, _ops: Ops, regs: ArgsView | undefined): void {
      if (regs !== undefined) regs.ip = impl;
    },
  });
  state.ftrace.setFilterIps(ops, ips, false, true);
  state.ftrace.register(ops);
  return new Patch(name, ops, ips);
}
