/**
 * The direct-call API (`register_ftrace_direct`, `modify_ftrace_direct`,
 * `unregister_ftrace_direct`): a custom trampoline that the functions'
 * sites call — directly while nothing else is attached, after the other
 * ops' callbacks when a tracer shares the function.
 *
 * A trampoline is called as a site calls its handler, `(this, fn,
 * new.target, ...args)`, and returns `CONTINUE` to let the body run or any
 * other value to return it in place of the body. One per function (EBUSY for
 * a second); it does not share a function with a live patch (EBUSY either
 * way, as a direct ops without `ops_func`).
 */
import { FentryError } from '../errors.js';
import { OPS_FL, Ops } from '../core/index.js';
import { customTrampoline, type DirectFactory } from '../backends/js/index.js';
import type { SiteHandler } from '../runtime/index.js';
import { programsState } from './state.js';
import { resolveTarget, targetText, type Target } from './resolve.js';

/** A custom direct trampoline: `(this, fn, new.target, ...args)`, returning CONTINUE or the call's value. */
export type DirectTrampoline = SiteHandler;

/** A registered direct trampoline. */
export class DirectCall {
  readonly #ops: Ops;

  /** @internal */
  constructor(ops: Ops) {
    this.#ops = ops;
  }

  /** Whether it is registered. */
  get registered(): boolean {
    return (this.#ops.flags & OPS_FL.ENABLED) !== 0;
  }

  /** The trampoline the sites call now. */
  get trampoline(): DirectFactory {
    return this.#ops.direct as DirectFactory;
  }

  /** `modify_ftrace_direct`: the sites switch to `trampoline` with no moment in which they call neither. */
  modify(trampoline: DirectTrampoline): void {
    if (typeof trampoline !== 'function') throw new FentryError('EINVAL', 'a direct trampoline is a function', { value: trampoline });
    programsState().ftrace.modifyDirect(this.#ops, customTrampoline(trampoline, trampoline.name || 'direct_trampoline'));
  }

  /** `unregister_ftrace_direct`; unregistering twice does nothing. */
  unregister(): void {
    if (!this.registered) return;
    programsState().ftrace.unregisterDirect(this.#ops);
  }

  [Symbol.dispose](): void {
    this.unregister();
  }
}

/** `register_ftrace_direct`: EBUSY when one of the functions has a direct trampoline (programs count) already. */
export function registerDirect(target: Target, trampoline: DirectTrampoline): DirectCall {
  if (typeof trampoline !== 'function') throw new FentryError('EINVAL', 'a direct trampoline is a function', { value: trampoline });
  const state = programsState();
  const ips = resolveTarget(state.ftrace, state.runtime, target);
  if (ips.length === 0) throw new FentryError('ENOENT', `no function matches ${targetText(target)}`, { value: typeof target === 'function' ? target.name : target });
  const name = trampoline.name || 'direct_trampoline';
  const ops = new Ops({ name: `direct:${name}`, func: () => {} });
  state.ftrace.setFilterIps(ops, ips, false, true);
  state.ftrace.registerDirect(ops, customTrampoline(trampoline, name));
  return new DirectCall(ops);
}
