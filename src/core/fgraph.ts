/**
 * fgraph (kernel/trace/fgraph.c): entry and return callbacks for tracers that
 * want to see functions leave — function_graph, the function profiler.
 *
 * As in the kernel, each client is an {@link FgraphOps} whose embedded ops is
 * a *sub-op* of one manager ops (`graph_ops`): the manager is what the core
 * registers, with the union of the sub-ops' filters and the intersection of
 * their notrace sets (`add_first_hash`/`add_next_hash`), so `enabled_functions`
 * counts a site once however many graph tracers watch it and lists them after
 * `subops:`. On each call the manager asks every sub-op that traces the site
 * whether it wants the return, and keeps the answers on a per-thread shadow
 * stack: a frame per hooked call, with a bit per interested sub-op and the
 * token each one asked to get back.
 *
 * An async function or generator leaves its frame at every suspension and
 * comes back at every resumption: the frame is parked off the stack in
 * between (the stack stays LIFO: a function that suspends is always the
 * innermost running one). Unregistering a sub-op gives it a last
 * {@link LEAVE.GONE} for every call it still had open, on the stack or
 * parked, so every traced entry is closed (DESIGN.md invariant 4).
 */
import { FentryError } from '../errors.js';
import type { Ftrace } from './ftrace.js';
import { OPS_FL } from './flags.js';
import { FilterHash } from './hash.js';
import { LEAVE, Ops, type ArgsView, type Leave, type ReturnHooks } from './ops.js';

/** Most graph clients at once (`FGRAPH_ARRAY_SIZE`). */
export const FGRAPH_MAX = 16;
/** Most hooked calls open on a thread at once; deeper calls are not hooked and count as overruns. */
const MAX_FRAMES = 1 << 14;
/** Most suspended calls kept; the oldest is closed with GONE beyond it. */
const MAX_PARKED = 1 << 16;

/**
 * `entryfunc`: a call of `ip` entered (`resumed` false) at this client's
 * `depth`. Returns 0 to ignore the call, else a token (a positive small
 * integer) that comes back with the return. `exits` false: the site cannot
 * report the return (an entry-only site), the token is ignored.
 */
export type GraphEntryFunc = (ip: number, parentIp: number, depth: number, gops: FgraphOps, args: ArgsView | undefined, exits: boolean) => number;
/** `retfunc`: the call left (returned, threw, suspended) or the client is being detached ({@link LEAVE.GONE}). */
export type GraphReturnFunc = (ip: number, depth: number, token: number, how: Leave, value: unknown, gops: FgraphOps) => void;
/** A suspended call resumed at `depth`; returns the token for its next leave (0 stops watching it). */
export type GraphResumeFunc = (ip: number, depth: number, token: number, gops: FgraphOps) => number;

export interface FgraphOpsInit {
  name: string;
  entry: GraphEntryFunc;
  ret: GraphReturnFunc;
  resume?: GraphResumeFunc;
  /** The ops whose filter and notrace hashes choose this client's functions (shared with a trace instance's ops, as `tr->ops`). */
  ops: Ops;
  private?: unknown;
  /** The entry wants the call's arguments (the manager then asks the sites for them: SAVE_ARGS). */
  wantsArgs?: boolean;
}

/** `struct fgraph_ops`. */
export class FgraphOps {
  readonly name: string;
  readonly entry: GraphEntryFunc;
  readonly ret: GraphReturnFunc;
  readonly resume: GraphResumeFunc;
  readonly ops: Ops;
  readonly private: unknown;
  readonly wantsArgs: boolean;
  /** Slot 0..15 while registered, else -1. */
  idx = -1;
  /** This client's open hooked calls on this thread: the depth its next entry sees. */
  depth = 0;
  /** Entries not hooked because the shadow stack was full. */
  overrun = 0;

  constructor(init: FgraphOpsInit) {
    this.name = init.name;
    this.entry = init.entry;
    this.ret = init.ret;
    this.resume = init.resume ?? ((_ip, _depth, token) => token);
    this.ops = init.ops;
    this.private = init.private;
    this.wantsArgs = init.wantsArgs ?? false;
  }
}

interface Parked {
  ip: number;
  mask: number;
  tokens: Int32Array;
}

export class Fgraph {
  readonly ftrace: Ftrace;
  /** The manager ops (`graph_ops`): what the core registers for all graph clients. */
  readonly manager: Ops;
  readonly #subops: (FgraphOps | undefined)[] = new Array<FgraphOps | undefined>(FGRAPH_MAX).fill(undefined);
  /** Registered clients, in slot order, for the hot loop. */
  #active: FgraphOps[] = [];
  /**
   * The only client, when there is one: the manager's hashes are then exactly
   * the client's, so its entry needs no hash test and no loop.
   */
  #single: FgraphOps | undefined = undefined;
  // The shadow stack: per frame its site, its mask of interested clients, and FGRAPH_MAX tokens.
  readonly #frameIps = new Int32Array(MAX_FRAMES);
  readonly #frameMasks = new Int32Array(MAX_FRAMES);
  readonly #frameTokens = new Int32Array(MAX_FRAMES * FGRAPH_MAX);
  #top = 0;
  readonly #parked = new Map<number, Parked>();
  #parkSeq = 0;

  /** Unwatch functions of the clients' hashes (their `:mod:` patterns follow module loads). */
  readonly #unwatch = new Map<FgraphOps, () => void>();

  constructor(ftrace: Ftrace) {
    this.ftrace = ftrace;
    // A client's ops is not registered itself, so the core does not resolve
    // its cached `:mod:` patterns: watch them, and re-hash the manager once a
    // module's sites are in (this listener runs after the core's own).
    ftrace.backend.onSites(() => {
      if (this.#active.length > 0 && ftrace.disabled === undefined) this.#sync();
    });
    const hooks: ReturnHooks = {
      ret: (ip, _ops, token, how, value) => this.#ret(ip, token, how, value),
      resume: (ip, _ops, token) => this.#resume(ip, token),
    };
    this.manager = new Ops({
      name: 'graph_ops',
      flags: OPS_FL.GRAPH,
      func: (ip, parentIp, _ops, args, exits) => this.#entry(ip, parentIp, args, exits),
      hooks,
      private: this,
    });
    Object.defineProperty(this.manager.func, 'name', { value: 'ftrace_graph_func' });
    this.manager.subopsText = (ip) =>
      this.#active
        .filter((g) => g.ops.traces(ip))
        .map((g) => `{ent:${g.entry.name || 'anonymous'} ret:${g.ret.name || 'anonymous'}}`)
        .join(' ');
  }

  /** The registered clients. */
  get clients(): readonly FgraphOps[] {
    return this.#active;
  }

  /** `register_ftrace_graph`: ENOSPC when 16 clients are registered, EBUSY if this one is. */
  register(gops: FgraphOps): void {
    if (gops.idx !== -1) throw new FentryError('EBUSY', `graph ops ${gops.name} is already registered`, { value: gops.name });
    const idx = this.#subops.indexOf(undefined);
    if (idx === -1) throw new FentryError('ENOSPC', `no room for graph ops ${gops.name}: ${FGRAPH_MAX} are registered`, { value: gops.name });
    this.#subops[idx] = gops;
    gops.idx = idx;
    gops.depth = 0;
    const previous = this.#active;
    this.#setActive();
    try {
      this.#sync();
    } catch (error) {
      this.#subops[idx] = undefined;
      gops.idx = -1;
      this.#active = previous;
      this.#single = previous.length === 1 ? previous[0] : undefined;
      this.#sync();
      throw error;
    }
    gops.ops.onHashChange = () => this.#sync();
    const unwatchFilter = this.ftrace.watchHash(gops.ops.filter);
    const unwatchNotrace = this.ftrace.watchHash(gops.ops.notrace);
    this.#unwatch.set(gops, () => {
      unwatchFilter();
      unwatchNotrace();
    });
  }

  /** `unregister_ftrace_graph`: the client's open calls get their GONE first; after it returns, it is not called again. */
  unregister(gops: FgraphOps): void {
    const idx = gops.idx;
    if (idx === -1 || this.#subops[idx] !== gops) throw new FentryError('EINVAL', `graph ops ${gops.name} is not registered`, { value: gops.name });
    this.#closeAll(gops);
    this.#unwatch.get(gops)?.();
    this.#unwatch.delete(gops);
    this.#subops[idx] = undefined;
    gops.idx = -1;
    this.#setActive();
    if (!this.#active.some((g) => g.ops === gops.ops)) gops.ops.onHashChange = undefined;
    this.#sync();
  }

  #setActive(): void {
    this.#active = this.#subops.filter((g): g is FgraphOps => g !== undefined);
    this.#single = this.#active.length === 1 ? this.#active[0] : undefined;
  }

  /** Registers, re-hashes or unregisters the manager to match the clients (`ftrace_startup_subops`). */
  #sync(): void {
    const manager = this.manager;
    const registered = (manager.flags & OPS_FL.ENABLED) !== 0;
    if (this.#active.length === 0) {
      if (registered) this.ftrace.unregister(manager);
      return;
    }
    const { filter, notrace } = managerHashes(this.#active.map((g) => g.ops));
    const args = this.#active.some((g) => g.wantsArgs);
    if (registered && args !== ((manager.flags & OPS_FL.SAVE_REGS) !== 0)) {
      // SAVE_ARGS cannot change on a registered ops: re-register with the new flags.
      this.ftrace.unregister(manager);
      manager.flags = args ? manager.flags | OPS_FL.SAVE_REGS : manager.flags & ~OPS_FL.SAVE_REGS;
      manager.filter.assign(filter);
      manager.notrace.assign(notrace);
      this.ftrace.register(manager);
      return;
    }
    if (!registered) manager.flags = args ? manager.flags | OPS_FL.SAVE_REGS : manager.flags & ~OPS_FL.SAVE_REGS;
    if (registered) {
      if (!filter.equals(manager.filter) || !notrace.equals(manager.notrace)) this.ftrace.setHashes(manager, filter, notrace);
      return;
    }
    manager.filter.assign(filter);
    manager.notrace.assign(notrace);
    this.ftrace.register(manager);
  }

  // ---- the hot path -----------------------------------------------------------

  #entry(ip: number, parentIp: number, args: ArgsView | undefined, exits: boolean): number {
    const single = this.#single;
    if (single !== undefined && exits) {
      const top = this.#top;
      if (top >= MAX_FRAMES) {
        single.overrun++;
        return 0;
      }
      const token = single.entry(ip, parentIp, single.depth, single, args, true);
      if (token === 0) return 0;
      this.#frameTokens[top * FGRAPH_MAX + single.idx] = token;
      this.#frameIps[top] = ip;
      this.#frameMasks[top] = 1 << single.idx;
      single.depth++;
      this.#top = top + 1;
      return top + 1;
    }
    const active = this.#active;
    if (!exits) {
      for (let i = 0; i < active.length; i++) {
        const g = active[i] as FgraphOps;
        if (g.ops.traces(ip)) g.entry(ip, parentIp, g.depth, g, args, false);
      }
      return 0;
    }
    const top = this.#top;
    if (top >= MAX_FRAMES) {
      for (let i = 0; i < active.length; i++) (active[i] as FgraphOps).overrun++;
      return 0;
    }
    const base = top * FGRAPH_MAX;
    let mask = 0;
    for (let i = 0; i < active.length; i++) {
      const g = active[i] as FgraphOps;
      if (!g.ops.traces(ip)) continue;
      const token = g.entry(ip, parentIp, g.depth, g, args, true);
      if (token === 0) continue;
      this.#frameTokens[base + g.idx] = token;
      mask |= 1 << g.idx;
      g.depth++;
    }
    if (mask === 0) return 0;
    this.#frameIps[top] = ip;
    this.#frameMasks[top] = mask;
    this.#top = top + 1;
    return top + 1;
  }

  #ret(ip: number, token: number, how: Leave, value: unknown): number {
    const at = token - 1;
    const single = this.#single;
    if (single !== undefined && how !== LEAVE.SUSPEND && this.#top === token && this.#frameMasks[at] === 1 << single.idx) {
      this.#top = at;
      single.depth--;
      this.#callRet(single, ip, this.#frameTokens[at * FGRAPH_MAX + single.idx] as number, how, value);
      return 0;
    }
    // Frames above this one missed their returns only if a site lost track of
    // a call; close them so the stack stays exact.
    while (this.#top > at + 1) this.#pop(this.#top - 1, LEAVE.GONE, undefined);
    if (this.#top !== at + 1) return 0;
    if (how !== LEAVE.SUSPEND) {
      this.#pop(at, how, value);
      return 0;
    }
    const mask = this.#frameMasks[at] as number;
    const tokens = this.#frameTokens.slice(at * FGRAPH_MAX, at * FGRAPH_MAX + FGRAPH_MAX);
    this.#pop(at, how, value);
    if (mask === 0) return 0;
    if (this.#parked.size >= MAX_PARKED) this.#dropOldestParked();
    const id = -++this.#parkSeq;
    this.#parked.set(id, { ip, mask, tokens });
    return id;
  }

  /** Pops frame `at` (the top), calling each interested client's `ret`. */
  #pop(at: number, how: Leave, value: unknown): void {
    const ip = this.#frameIps[at] as number;
    let mask = this.#frameMasks[at] as number;
    const base = at * FGRAPH_MAX;
    this.#top = at;
    while (mask !== 0) {
      const idx = 31 - Math.clz32(mask);
      mask &= ~(1 << idx);
      const g = this.#subops[idx];
      if (g === undefined) continue;
      g.depth--;
      this.#callRet(g, ip, this.#frameTokens[base + idx] as number, how, value);
    }
  }

  #resume(ip: number, id: number): number {
    const parked = this.#parked.get(id);
    if (parked === undefined) return 0;
    this.#parked.delete(id);
    const top = this.#top;
    if (top >= MAX_FRAMES) return 0;
    const base = top * FGRAPH_MAX;
    let mask = parked.mask;
    let kept = 0;
    while (mask !== 0) {
      const idx = 31 - Math.clz32(mask);
      mask &= ~(1 << idx);
      const g = this.#subops[idx];
      if (g === undefined) continue;
      let token = 0;
      try {
        token = g.resume(ip, g.depth, parked.tokens[idx] as number, g);
      } catch (error) {
        g.ops.errors++;
        this.ftrace.onCallbackError(g.ops, ip, error);
      }
      if (token === 0) continue;
      this.#frameTokens[base + idx] = token;
      kept |= 1 << idx;
      g.depth++;
    }
    if (kept === 0) return 0;
    this.#frameIps[top] = ip;
    this.#frameMasks[top] = kept;
    this.#top = top + 1;
    return top + 1;
  }

  #callRet(g: FgraphOps, ip: number, token: number, how: Leave, value: unknown): void {
    try {
      g.ret(ip, g.depth, token, how, value, g);
    } catch (error) {
      // Contained like any callback: counted on the client's ops, reported once.
      g.ops.errors++;
      this.ftrace.onCallbackError(g.ops, ip, error);
    }
  }

  /** GONE for every call `gops` has open, on the stack and parked; its bits are cleared. */
  #closeAll(gops: FgraphOps): void {
    const bit = 1 << gops.idx;
    for (let at = this.#top - 1; at >= 0; at--) {
      const mask = this.#frameMasks[at] as number;
      if ((mask & bit) === 0) continue;
      this.#frameMasks[at] = mask & ~bit;
      gops.depth--;
      this.#callRet(gops, this.#frameIps[at] as number, this.#frameTokens[at * FGRAPH_MAX + gops.idx] as number, LEAVE.GONE, undefined);
    }
    for (const parked of this.#parked.values()) {
      if ((parked.mask & bit) === 0) continue;
      parked.mask &= ~bit;
      this.#callRet(gops, parked.ip, parked.tokens[gops.idx] as number, LEAVE.GONE, undefined);
    }
    gops.depth = 0;
  }

  #dropOldestParked(): void {
    const [id, parked] = this.#parked.entries().next().value as [number, Parked];
    this.#parked.delete(id);
    let mask = parked.mask;
    while (mask !== 0) {
      const idx = 31 - Math.clz32(mask);
      mask &= ~(1 << idx);
      const g = this.#subops[idx];
      if (g === undefined) continue;
      g.overrun++;
      this.#callRet(g, parked.ip, parked.tokens[idx] as number, LEAVE.GONE, undefined);
    }
  }
}

/**
 * The manager's hashes (`add_first_hash`/`add_next_hash`): when every client
 * has a filter, the union of each client's filter minus its own notrace set
 * and no notrace set; when some client traces all functions, all functions
 * minus the intersection of the clients' notrace sets.
 */
export function managerHashes(clients: readonly Ops[]): { filter: FilterHash; notrace: FilterHash } {
  const filter = new FilterHash();
  const notrace = new FilterHash();
  if (!clients.some((o) => o.filter.isAll)) {
    for (const o of clients) {
      for (const ip of o.filter.ips) if (!o.notrace.ips.has(ip)) filter.ips.add(ip);
      for (const p of o.filter.pending) if (!filter.pending.some((q) => q.text === p.text)) filter.pending.push(p);
    }
    return { filter, notrace };
  }
  const [first, ...rest] = clients;
  if (first !== undefined) {
    for (const ip of first.notrace.ips) if (rest.every((o) => o.notrace.ips.has(ip))) notrace.ips.add(ip);
    for (const p of first.notrace.pending) if (rest.every((o) => o.notrace.pending.some((q) => q.text === p.text))) notrace.pending.push(p);
  }
  return { filter, notrace };
}
