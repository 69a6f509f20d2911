/**
 * `struct ftrace_ops`: a client of the core — a tracer, a probe, a program's
 * trampoline — with its callback, flags and filter/notrace hashes.
 */
import { FilterHash } from './hash.js';

/**
 * The callback a site runs for an ops (`ftrace_func_t`). `ip` is the site,
 * `parentIp` the calling site (or -1 when not known), `args` the site's
 * `this` and arguments when the ops asked for SAVE_ARGS.
 */
export type OpsFunc = (ip: number, parentIp: number, ops: Ops, args: ArgsView | undefined) => void;

/** The arguments of a call as a site passes them: `this` first, then the parameters. */
export interface ArgsView {
  readonly self: unknown;
  readonly args: readonly unknown[];
}

export interface OpsInit {
  /** Shown in `enabled_functions` (`ops: <name> (<func>)`). */
  name: string;
  func: OpsFunc;
  flags?: number;
  /** For the ops' owner (kernel: `ops->private`). */
  private?: unknown;
  /** For DIRECT ops: the trampoline the site calls when this ops is alone on it. */
  direct?: unknown;
}

export class Ops {
  readonly name: string;
  func: OpsFunc;
  flags: number;
  readonly private: unknown;
  direct: unknown;
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
  }

  /** `hash_contains_ip` over both hashes: does this ops trace `ip` (of `module`)? */
  traces(ip: number): boolean {
    return (this.filter.isAll || this.filter.ips.has(ip)) && !this.notrace.ips.has(ip);
  }
}
