/**
 * `struct ftrace_ops`: a client of the core — a tracer, a probe, a program's
 * trampoline — with its callback, flags and filter/notrace hashes.
 */
import { FilterHash } from './hash.js';

/**
 * The callback a site runs for an ops (`ftrace_func_t`). `ip` is the site,
 * `parentIp` the calling site (or -1 when not known), `args` the site's
 * `this` and arguments when the ops asked for SAVE_ARGS. `exits`: the site
 * can report this call's return (see {@link ReturnHooks}).
 *
 * An ops with return hooks returns a token: non-zero asks for the call's
 * return (fgraph's `entryfunc` returning nonzero), and the token comes back
 * with it. Every other ops returns nothing.
 */
export type OpsFunc = (ip: number, parentIp: number, ops: Ops, args: ArgsView | undefined, exits: boolean) => number | void;

/** How a hooked call left its function. */
export const LEAVE = {
  /** It returned a value. */
  RETURN: 0,
  /** An exception left it. */
  THROW: 1,
  /** An async function or generator suspended (`await`, `yield`); it resumes later. */
  SUSPEND: 2,
  /** Not a leave: the tracer was detached while the call was open; this is its last word on the call. */
  GONE: 3,
} as const;
export type Leave = (typeof LEAVE)[keyof typeof LEAVE];

/**
 * The return side of an ops (the kernel's `return_to_handler` path): a site
 * that can see a call leave calls `ret` with the token the entry returned.
 * An async function or generator leaves many times: each suspension is a
 * `ret` with {@link LEAVE.SUSPEND}, each resumption a `resume` that returns
 * the token for its next leave (0: not hooked any more).
 */
export interface ReturnHooks {
  /** Returns, for a {@link LEAVE.SUSPEND}, the token to resume with (0: nothing to resume). */
  ret(ip: number, ops: Ops, token: number, how: Leave, value: unknown): number;
  resume(ip: number, ops: Ops, token: number): number;
}

/**
 * The arguments of a call as a site passes them: `this` first, then the
 * parameters. An IPMODIFY ops may set `ip` (the kernel's `regs->ip`): the
 * function that runs in place of the body, with the same `this` and
 * arguments; a site that hands out a view with `ip` honours it.
 */
export interface ArgsView {
  readonly self: unknown;
  readonly args: readonly unknown[];
  ip?: unknown;
}

/** `enum ftrace_ops_cmd`: what {@link OpsInit.opsFunc} is asked (the IPMODIFY/DIRECT sharing protocol). */
export const OPS_CMD = {
  /** To the DIRECT ops being registered or modified on a function that already has an IPMODIFY ops. */
  ENABLE_SHARE_IPMODIFY_SELF: 0,
  /** To a registered DIRECT ops: an IPMODIFY ops is being registered on one of its functions. */
  ENABLE_SHARE_IPMODIFY_PEER: 1,
  /** To a registered DIRECT ops: the IPMODIFY ops on one of its functions was unregistered (errors ignored). */
  DISABLE_SHARE_IPMODIFY_PEER: 2,
} as const;
export type OpsCmd = (typeof OPS_CMD)[keyof typeof OPS_CMD];

/**
 * `ops->ops_func(ops, ip, cmd)`: 0 to go on, or a negative errno (`-EAGAIN`
 * asks the caller to rebuild its trampoline and try again, `-EBUSY` refuses).
 */
export type OpsCmdFunc = (ops: Ops, ip: number, cmd: OpsCmd) => number;

export interface OpsInit {
  /** Shown in `enabled_functions` (`ops: <name> (<func>)`). */
  name: string;
  func: OpsFunc;
  flags?: number;
  /** For the ops' owner (kernel: `ops->private`). */
  private?: unknown;
  /** For DIRECT ops: the trampoline the site calls when this ops is alone on it. */
  direct?: unknown;
  /** For GRAPH ops: the return side. */
  hooks?: ReturnHooks;
  /** For DIRECT ops that can share a function with an IPMODIFY ops (`ops_func`). */
  opsFunc?: OpsCmdFunc;
}

export class Ops {
  readonly name: string;
  func: OpsFunc;
  flags: number;
  readonly private: unknown;
  direct: unknown;
  /** The return side of a GRAPH ops (the fgraph manager). */
  readonly hooks: ReturnHooks | undefined;
  /** The sharing callback of a DIRECT ops (`ops_func`); without it, a DIRECT and an IPMODIFY ops never share a function. */
  opsFunc: OpsCmdFunc | undefined;
  /**
   * Called after the hashes of an ops that is not registered itself changed
   * (a subop: its manager recomputes its own hashes); throwing undoes the change.
   */
  onHashChange: (() => void) | undefined = undefined;
  /** For a manager ops: the sub-ops tracing `ip`, as `enabled_functions` prints them after `subops:`. */
  subopsText: ((ip: number) => string) | undefined = undefined;
  /** Sites to trace; empty means all (unless it holds only cached module patterns). */
  readonly filter = new FilterHash();
  /** Sites never to trace. */
  readonly notrace = new FilterHash();
  /** Calls skipped because the callback was already running (RECURSION ops). */
  misses = 0;
  /** Set while the callback runs, for RECURSION ops. */
  busy = false;
  /** Calls whose callback threw; the traced call went on. */
  errors = 0;

  constructor(init: OpsInit) {
    this.name = init.name;
    this.func = init.func;
    this.flags = init.flags ?? 0;
    this.private = init.private;
    this.direct = init.direct;
    this.hooks = init.hooks;
    this.opsFunc = init.opsFunc;
  }

  /** `hash_contains_ip` over both hashes: does this ops trace `ip` (of `module`)? */
  traces(ip: number): boolean {
    return (this.filter.isAll || this.filter.ips.has(ip)) && !this.notrace.ips.has(ip);
  }
}
