/**
 * The ftrace core: ops registration, filter hashes, per-site records and the
 * reconcile step that decides what every patch site calls — nothing, the one
 * ops' callback directly (CALL_OPS), the list dispatcher, or a direct
 * trampoline. It does no I/O and knows no JavaScript function: sites are
 * numbers, patching goes through a {@link Backend}.
 *
 * Records are kept incrementally, as `__ftrace_hash_rec_update` does: adding an
 * ops increments the count of every site it traces and sets the requested
 * flags; removing it decrements and recomputes what depends on the remaining
 * ops. Reconcile then compares requested flags with applied (`_EN`) flags and
 * asks the backend to make, modify or remove the call.
 *
 * Every change is a transaction: the new hashes are computed and checked
 * before any record changes, and a failure while updating records or patching
 * rolls back or, when the state can no longer be trusted, kills tracing
 * (`ftrace_bug`/`ftrace_kill`): every site back to NOP, the program keeps
 * running, the report names the phase, the site and the expected and actual
 * state. The core is single-threaded by construction: each thread of the
 * program has its own sites and its own core.
 */
import { FentryError } from '../errors.js';
import type { Backend, CallTarget, DirectCall } from './backend.js';
import { compile } from './glob.js';
import { FilterHash, type ModPattern } from './hash.js';
import { OPS_FL, REC_FL, REC_NOCLEAR, UPDATE, errnoName, type Update } from './flags.js';
import { OPS_CMD, Ops, type ArgsView, type Leave, type OpsCmd, type ReturnHooks } from './ops.js';

/** What `ftrace_bug` reports before tracing is killed. */
export interface BugReport {
  phase: string;
  ip: number;
  symbol: string;
  expected: string;
  actual: string;
  cause?: unknown;
}

/** A `func:command[:param]` token of a filter write other than `mod` (a probe: traceon, traceoff, stacktrace …). */
export interface CommandInvocation {
  /** The ops whose filter was written (its `private` names the instance). */
  readonly ops: Ops;
  readonly negate: boolean;
  readonly glob: string;
  readonly param: string | undefined;
  /** The sites the glob selects now. */
  readonly ips: readonly number[];
}

export type CommandHandler = (invocation: CommandInvocation) => void;

/** A record's state: its count, flags, and what the site calls now. */
export interface RecordState {
  count: number;
  flags: number;
  target: CallTarget | null;
}

const LIST: CallTarget = Object.freeze({ kind: 'list', regs: false });
/** The list dispatcher that also hands the arguments over (kernel: `ftrace_regs_caller`). */
const LIST_REGS: CallTarget = Object.freeze({ kind: 'list', regs: true });

export class Ftrace {
  readonly backend: Backend;
  #counts: number[] = [];
  #flags: number[] = [];
  #applied: (CallTarget | null)[] = [];
  /** Registered ops, newest first (`ftrace_ops_list`). */
  #ops: Ops[] = [];
  #commands = new Map<string, CommandHandler>();
  /** Hashes outside any ops whose cached `:mod:` patterns apply when modules load (set_graph_function …). */
  #watched = new Map<FilterHash, number>();
  #bugListeners = new Set<(report: BugReport) => void>();
  #disabled: BugReport | undefined;
  #inList = false;
  /** The list dispatcher's return stack: the ops (and their tokens) waiting for a call's return. */
  #retOps: Ops[] = [];
  #retTokens: number[] = [];
  /** Calls the list dispatcher skipped because it was already running on this thread. */
  listRecursion = 0;
  /** `direct_functions`: the direct trampoline of every site that has one. */
  #directs = new Map<number, DirectCall>();
  /**
   * Told when an ops' callback throws; the error never reaches the traced
   * program. The session reports the first one per ops.
   */
  onCallbackError: (ops: Ops, ip: number, error: unknown) => void = () => {};

  constructor(backend: Backend) {
    this.backend = backend;
    this.#grow();
    backend.onSites((first, count) => this.#sitesAdded(first, count));
  }

  /** The registered ops, newest first. */
  get ops(): readonly Ops[] {
    return this.#ops;
  }

  /** Set once tracing was killed; every registration then fails with ENODEV. */
  get disabled(): BugReport | undefined {
    return this.#disabled;
  }

  /** Calls `listener` with the report when tracing is killed. */
  onBug(listener: (report: BugReport) => void): () => void {
    this.#bugListeners.add(listener);
    return () => this.#bugListeners.delete(listener);
  }

  /** Registers a filter command (`traceoff`, `stacktrace`, …) for `func:command[:param]` tokens. */
  registerCommand(name: string, handler: CommandHandler): void {
    if (name === 'mod') throw new FentryError('EBUSY', 'the mod command is built in', { value: name });
    this.#commands.set(name, handler);
  }

  record(ip: number): RecordState {
    return { count: this.#counts[ip] ?? 0, flags: this.#flags[ip] ?? 0, target: this.#applied[ip] ?? null };
  }

  // ---- registration -------------------------------------------------------

  /** `register_ftrace_function`. */
  register(ops: Ops): void {
    this.#checkAlive();
    if (ops.flags & OPS_FL.DELETED) throw new FentryError('EINVAL', `ops ${ops.name} was deleted`, { value: ops.name });
    if (ops.flags & OPS_FL.ENABLED) throw new FentryError('EBUSY', `ops ${ops.name} is already registered`, { value: ops.name });
    if (ops.flags & OPS_FL.IPMODIFY) this.#checkIpmodifyHash(ops, ops.filter, ops.notrace);
    const ips = this.#tracedIps(ops, ops.filter, ops.notrace);
    this.#checkExclusive(ops, ips);
    // A live patch asks the trampolines already on its functions to make room (they may rebuild) before it goes in.
    const peers = ops.flags & OPS_FL.IPMODIFY ? this.#prepareDirectForIpmodify(ips) : [];
    ops.flags |= OPS_FL.ENABLED | OPS_FL.ADDING | OPS_FL.INITIALIZED;
    this.#ops.unshift(ops);
    try {
      this.#transaction('register', ips, () => this.#recInc(ops, ips));
    } catch (error) {
      this.#ops.splice(this.#ops.indexOf(ops), 1);
      ops.flags &= ~OPS_FL.ENABLED;
      this.#sharePeers(peers, OPS_CMD.DISABLE_SHARE_IPMODIFY_PEER);
      throw error;
    } finally {
      ops.flags &= ~OPS_FL.ADDING;
    }
  }

  /** `unregister_ftrace_function`: after it returns, the callback is not called again. */
  unregister(ops: Ops): void {
    if (!(ops.flags & OPS_FL.ENABLED)) throw new FentryError('EINVAL', `ops ${ops.name} is not registered`, { value: ops.name });
    const ips = this.#tracedIps(ops, ops.filter, ops.notrace);
    ops.flags |= OPS_FL.REMOVING;
    const index = this.#ops.indexOf(ops);
    try {
      if (this.#disabled === undefined) this.#transaction('unregister', ips, () => this.#recDec(ops, ips));
    } finally {
      if (index !== -1) this.#ops.splice(index, 1);
      ops.flags &= ~(OPS_FL.ENABLED | OPS_FL.REMOVING);
    }
    // `cleanup_direct_functions_after_ipmodify`: the trampolines that made room may shrink back.
    if (ops.flags & OPS_FL.IPMODIFY && this.#disabled === undefined) this.#sharePeers(this.#directPeers(ips), OPS_CMD.DISABLE_SHARE_IPMODIFY_PEER);
    if (this.#ops.length === 0 && this.#disabled === undefined) this.#checkQuiet();
  }

  // ---- direct calls ---------------------------------------------------------

  /**
   * `register_ftrace_direct`: the sites of `ops`' filter call `trampoline`
   * (a value only the backend interprets) — directly while the ops is alone
   * on a site, after the other ops' callbacks otherwise. EINVAL for an ops
   * that already has a trampoline, is registered or has an empty filter;
   * EBUSY when a site already has a direct trampoline ("there can be only
   * one"). On failure nothing changed.
   */
  registerDirect(ops: Ops, trampoline: unknown): void {
    this.#checkAlive();
    if (ops.direct !== undefined) throw new FentryError('EINVAL', `ops ${ops.name} already has a direct trampoline`, { value: ops.name });
    if (ops.flags & OPS_FL.ENABLED) throw new FentryError('EINVAL', `ops ${ops.name} is already registered`, { value: ops.name });
    if (ops.filter.isAll || ops.filter.ips.size === 0) throw new FentryError('EINVAL', `a direct ops needs a filter: ${ops.name} has none`, { value: ops.name });
    const ips = this.#tracedIps(ops, ops.filter, ops.notrace);
    for (const ip of ips) {
      if (this.#directs.has(ip)) throw new FentryError('EBUSY', `${this.#symbol(ip)} already has a direct trampoline`, { value: this.#symbol(ip) });
    }
    const savedFunc = ops.func;
    const savedFlags = ops.flags;
    ops.func = callDirectFuncs;
    ops.flags |= OPS_FL.DIRECT | OPS_FL.SAVE_REGS;
    ops.direct = trampoline;
    for (const ip of ips) this.#directs.set(ip, { ops, trampoline });
    try {
      this.register(ops);
    } catch (error) {
      for (const ip of ips) this.#directs.delete(ip);
      ops.func = savedFunc;
      ops.flags = savedFlags;
      ops.direct = undefined;
      throw error;
    }
  }

  /**
   * `modify_ftrace_direct`: the sites of a registered direct ops switch to
   * `trampoline` with no moment in which they call nothing. As the kernel
   * does, a stub ops shares the sites meanwhile (the count goes to 2, the
   * sites go through the list dispatcher), the sharing protocol asks the ops
   * about sites with a live patch (ENABLE_SHARE_IPMODIFY_SELF), then the stub
   * goes and the sites call the new trampoline directly.
   */
  modifyDirect(ops: Ops, trampoline: unknown): void {
    this.#checkAlive();
    if (!(ops.flags & OPS_FL.DIRECT) || !(ops.flags & OPS_FL.ENABLED)) throw new FentryError('EINVAL', `ops ${ops.name} is not a registered direct ops`, { value: ops.name });
    const ips = this.#tracedIps(ops, ops.filter, ops.notrace);
    const tmp = new Ops({ name: 'tmp_ops', func: callDirectFuncs, flags: OPS_FL.STUB });
    tmp.filter.assign(ops.filter.clone());
    tmp.notrace.assign(ops.notrace.clone());
    this.register(tmp);
    const old = ops.direct;
    try {
      for (const ip of ips) if ((this.#flags[ip] ?? 0) & REC_FL.IPMODIFY) this.#shareSelf(ops, ip);
      ops.direct = trampoline;
      for (const ip of ips) this.#directs.set(ip, { ops, trampoline });
      this.#transaction('modify direct', ips, () => {});
    } catch (error) {
      ops.direct = old;
      for (const ip of ips) this.#directs.set(ip, { ops, trampoline: old });
      throw error;
    } finally {
      if (tmp.flags & OPS_FL.ENABLED) this.unregister(tmp);
    }
  }

  /** `unregister_ftrace_direct`: EINVAL unless `ops` is a registered direct ops (with `trampoline`, when given). */
  unregisterDirect(ops: Ops, trampoline?: unknown): void {
    if (!(ops.flags & OPS_FL.DIRECT) || !(ops.flags & OPS_FL.ENABLED)) throw new FentryError('EINVAL', `ops ${ops.name} is not a registered direct ops`, { value: ops.name });
    if (trampoline !== undefined && trampoline !== ops.direct) throw new FentryError('EINVAL', `ops ${ops.name} does not call that trampoline`, { value: ops.name });
    const ips = this.#tracedIps(ops, ops.filter, ops.notrace);
    try {
      this.unregister(ops);
    } finally {
      for (const ip of ips) if (this.#directs.get(ip)?.ops === ops) this.#directs.delete(ip);
      ops.flags &= ~(OPS_FL.DIRECT | OPS_FL.SAVE_REGS);
      ops.direct = undefined;
    }
  }

  /** `ftrace_find_rec_direct`: the direct trampoline of a site, if it has one. */
  findDirect(ip: number): unknown {
    return this.#directs.get(ip)?.trampoline;
  }

  /** The enabled DIRECT ops on `ips`, once each with the first ip it covers. */
  #directPeers(ips: readonly number[]): [Ops, number][] {
    const out: [Ops, number][] = [];
    for (const ip of ips) {
      const direct = this.#directs.get(ip);
      if (direct !== undefined && direct.ops.flags & OPS_FL.ENABLED && !out.some(([o]) => o === direct.ops)) out.push([direct.ops, ip]);
    }
    return out;
  }

  /**
   * `prepare_direct_functions_for_ipmodify`: every direct ops on the new live
   * patch's sites is asked to share (ENABLE_SHARE_IPMODIFY_PEER); one without
   * `opsFunc` refuses with EBUSY. On a refusal the ones that agreed are told
   * to undo, and the error goes to the caller.
   */
  #prepareDirectForIpmodify(ips: readonly number[]): [Ops, number][] {
    const peers = this.#directPeers(ips);
    const done: [Ops, number][] = [];
    for (const [direct, ip] of peers) {
      const result = direct.opsFunc === undefined ? -16 : direct.opsFunc(direct, ip, OPS_CMD.ENABLE_SHARE_IPMODIFY_PEER);
      if (result !== 0) {
        this.#sharePeers(done, OPS_CMD.DISABLE_SHARE_IPMODIFY_PEER);
        throw new FentryError(errnoName(result), `${this.#symbol(ip)}: its direct trampoline (${direct.name}) cannot share the function with a live patch`, { value: this.#symbol(ip) });
      }
      done.push([direct, ip]);
    }
    return peers;
  }

  /** Sends a sharing command whose result does not matter (the DISABLE side). */
  #sharePeers(peers: readonly [Ops, number][], cmd: OpsCmd): void {
    for (const [direct, ip] of peers) {
      try {
        direct.opsFunc?.(direct, ip, cmd);
      } catch {
        // Best effort, as the kernel ignores these results.
      }
    }
  }

  /** ENABLE_SHARE_IPMODIFY_SELF for a direct ops entering a site with a live patch: EBUSY without `opsFunc`, else its answer (EAGAIN: rebuild and retry). */
  #shareSelf(ops: Ops, ip: number): void {
    const result = ops.opsFunc === undefined ? -16 : ops.opsFunc(ops, ip, OPS_CMD.ENABLE_SHARE_IPMODIFY_SELF);
    if (result !== 0) {
      throw new FentryError(errnoName(result), `${this.#symbol(ip)} has a live patch; the direct trampoline of ${ops.name} ${result === -11 ? 'must be rebuilt to share it' : 'cannot share it'}`, {
        value: this.#symbol(ip),
      });
    }
  }

  // ---- filters ------------------------------------------------------------

  /**
   * `ftrace_set_filter`: parses `text` (the set_ftrace_filter syntax) into the
   * ops' filter, from empty when `reset`. Fails with EINVAL, changing nothing,
   * when a token matches no site.
   */
  setFilter(ops: Ops, text: string, reset: boolean): void {
    this.#setHash(ops, 'filter', text, reset);
  }

  /** `ftrace_set_notrace`. */
  setNotrace(ops: Ops, text: string, reset: boolean): void {
    this.#setHash(ops, 'notrace', text, reset);
  }

  /** `ftrace_set_filter_ips`: EINVAL for an ip that is not a site, ENOENT to remove one that is absent. */
  setFilterIps(ops: Ops, ips: readonly number[], remove: boolean, reset: boolean): void {
    const hash = reset ? new FilterHash() : ops.filter.clone();
    for (const ip of ips) {
      if (!Number.isInteger(ip) || ip < 0 || ip >= this.backend.siteCount) throw new FentryError('EINVAL', `${ip} is not a patch site`, { value: ip });
      if (remove) {
        if (!hash.ips.delete(ip)) throw new FentryError('ENOENT', `${ip} is not in the filter of ${ops.name}`, { value: ip });
      } else hash.ips.add(ip);
    }
    this.#replaceHashes(ops, hash, ops.notrace);
  }

  /** The sites `pattern` selects: a glob over symbols, an all-digit 1-based index, optionally restricted to modules. */
  match(pattern: string, moduleGlob?: string): number[] {
    const out: number[] = [];
    const count = this.backend.siteCount;
    if (/^\d+$/.test(pattern)) {
      const ip = Number(pattern) - 1;
      if (ip >= 0 && ip < count && (moduleGlob === undefined || compile(moduleGlob).test(this.backend.name(ip).module))) out.push(ip);
      return out;
    }
    const symbol = compile(pattern);
    const module = moduleGlob === undefined ? undefined : compile(moduleGlob);
    for (let ip = 0; ip < count; ip++) {
      const name = this.backend.name(ip);
      if (symbol.test(name.symbol) && (module === undefined || module.test(name.module))) out.push(ip);
    }
    return out;
  }

  #setHash(ops: Ops, which: 'filter' | 'notrace', text: string, reset: boolean): void {
    this.#checkAlive();
    const commands: [CommandHandler, CommandInvocation][] = [];
    const hash = this.#parse(text, reset ? new FilterHash() : ops[which].clone(), (token, negate, split) => {
      if (which === 'notrace') throw new FentryError('EINVAL', `commands are not allowed in set_ftrace_notrace: ${token}`, { value: token });
      const handler = this.#commands.get(split.command) as CommandHandler;
      const ips = this.match(split.glob);
      if (ips.length === 0 && !negate) throw new FentryError('EINVAL', `no function matches '${split.glob}'`, { value: token });
      commands.push([handler, { ops, negate, glob: split.glob, param: split.param, ips }]);
    });
    if (which === 'filter') this.#replaceHashes(ops, hash, ops.notrace);
    else this.#replaceHashes(ops, ops.filter, hash);
    for (const [handler, invocation] of commands) handler(invocation);
  }

  /**
   * Parses a filter write into a copy of `base` with no ops involved (the
   * graph tracer's `set_graph_function`, the stack tracer's filter): the
   * same syntax as `set_ftrace_filter`, `:mod:` included, commands refused.
   */
  parseHash(text: string, base: FilterHash, file: string): FilterHash {
    return this.#parse(text, base.clone(), (token) => {
      throw new FentryError('EINVAL', `commands are not allowed in ${file}: ${token}`, { value: token });
    });
  }

  /** Applies `hash`'s cached `:mod:` patterns to modules that load from now on; returns the unwatch function. */
  watchHash(hash: FilterHash): () => void {
    this.#watched.set(hash, (this.#watched.get(hash) ?? 0) + 1);
    let watching = true;
    return () => {
      if (!watching) return;
      watching = false;
      const count = (this.#watched.get(hash) ?? 1) - 1;
      if (count === 0) this.#watched.delete(hash);
      else this.#watched.set(hash, count);
    };
  }

  #parse(
    text: string,
    hash: FilterHash,
    command: (token: string, negate: boolean, split: { glob: string; command: string; param: string | undefined }) => void,
  ): FilterHash {
    for (const token of tokenize(text)) {
      const negate = token.startsWith('!');
      const body = negate ? token.slice(1) : token;
      const split = this.#splitCommand(body);
      if (split !== undefined && split.command === 'mod') {
        this.#applyMod(hash, body, split.glob, split.param ?? '*', negate);
        continue;
      }
      if (split !== undefined) {
        command(token, negate, split);
        continue;
      }
      const ips = this.match(body);
      if (ips.length === 0) throw new FentryError('EINVAL', `no function matches '${body}'`, { value: token });
      for (const ip of ips) {
        if (negate) hash.ips.delete(ip);
        else hash.ips.add(ip);
      }
    }
    return hash;
  }

  #splitCommand(body: string): { glob: string; command: string; param: string | undefined } | undefined {
    // A symbol can hold ':' (`<anonymous@12:5>`): split only where a known command follows.
    for (let at = body.indexOf(':'); at !== -1; at = body.indexOf(':', at + 1)) {
      const rest = body.slice(at + 1);
      const colon = rest.indexOf(':');
      const command = colon === -1 ? rest : rest.slice(0, colon);
      if (command === 'mod' || this.#commands.has(command)) {
        return { glob: body.slice(0, at) || '*', command, param: colon === -1 ? undefined : rest.slice(colon + 1) };
      }
    }
    return undefined;
  }

  #applyMod(hash: FilterHash, text: string, symbolGlob: string, moduleGlob: string, negate: boolean): void {
    const moduleNegate = moduleGlob.startsWith('!');
    const modulePattern = moduleNegate ? moduleGlob.slice(1) : moduleGlob;
    const symbol = compile(symbolGlob);
    const module = compile(modulePattern);
    let any = false;
    for (let ip = 0; ip < this.backend.siteCount; ip++) {
      const name = this.backend.name(ip);
      if (!symbol.test(name.symbol) || module.test(name.module) === moduleNegate) continue;
      any = true;
      if (negate) hash.ips.delete(ip);
      else hash.ips.add(ip);
    }
    if (negate) {
      hash.pending = hash.pending.filter((p) => p.text !== text.slice(1) && p.text !== text);
    } else if (!any || !moduleNegate) {
      // Cached: applied to modules that load later (func_mod_trace), whether or not some matched now.
      if (!hash.pending.some((p) => p.text === text)) hash.pending.push({ text, symbol: symbolGlob, module: moduleGlob });
    }
  }

  /** Swaps an ops' hashes as one transaction (`ftrace_hash_move` + `ftrace_run_modify_code`). */
  setHashes(ops: Ops, filter: FilterHash, notrace: FilterHash): void {
    this.#checkAlive();
    this.#replaceHashes(ops, filter, notrace);
  }

  #replaceHashes(ops: Ops, filter: FilterHash, notrace: FilterHash): void {
    if (ops.flags & OPS_FL.IPMODIFY) this.#checkIpmodifyHash(ops, filter, notrace);
    if (ops.flags & OPS_FL.DIRECT && ops.flags & OPS_FL.ENABLED) {
      throw new FentryError('EINVAL', `the functions of direct ops ${ops.name} change through the direct-call API, not its filter`, { value: ops.name });
    }
    if (!(ops.flags & OPS_FL.ENABLED)) {
      const oldFilter = ops.filter.clone();
      const oldNotrace = ops.notrace.clone();
      ops.filter.assign(filter === ops.filter ? filter.clone() : filter);
      ops.notrace.assign(notrace === ops.notrace ? notrace.clone() : notrace);
      try {
        ops.onHashChange?.();
      } catch (error) {
        ops.filter.assign(oldFilter);
        ops.notrace.assign(oldNotrace);
        throw error;
      }
      return;
    }
    const oldIps = this.#tracedIps(ops, ops.filter, ops.notrace);
    const newIps = this.#tracedIps(ops, filter, notrace);
    this.#checkExclusive(ops, newIps, oldIps);
    const affected = union(oldIps, newIps);
    const oldFilter = ops.filter.clone();
    const oldNotrace = ops.notrace.clone();
    ops.flags |= OPS_FL.MODIFYING;
    try {
      this.#transaction('modify', affected, () => {
        this.#recDec(ops, oldIps);
        ops.filter.assign(filter === ops.filter ? filter.clone() : filter);
        ops.notrace.assign(notrace === ops.notrace ? notrace.clone() : notrace);
        this.#recInc(ops, newIps);
      }, () => {
        ops.filter.assign(oldFilter);
        ops.notrace.assign(oldNotrace);
      });
    } finally {
      ops.flags &= ~OPS_FL.MODIFYING;
    }
    try {
      ops.onHashChange?.();
    } catch (error) {
      this.#replaceHashes(ops, oldFilter, oldNotrace);
      throw error;
    }
  }

  // ---- records --------------------------------------------------------------

  /** The sites an ops traces with the given hashes. */
  #tracedIps(_ops: Ops, filter: FilterHash, notrace: FilterHash): number[] {
    const out: number[] = [];
    if (filter.isAll) {
      for (let ip = 0; ip < this.backend.siteCount; ip++) if (!notrace.ips.has(ip)) out.push(ip);
    } else {
      for (const ip of filter.ips) if (!notrace.ips.has(ip)) out.push(ip);
      out.sort((a, b) => a - b);
    }
    return out;
  }

  /** Rules that make a registration fail with no trace of itself: one IPMODIFY and one DIRECT ops per site. */
  #checkExclusive(ops: Ops, ips: readonly number[], already: readonly number[] = []): void {
    if (!(ops.flags & (OPS_FL.IPMODIFY | OPS_FL.DIRECT))) return;
    const own = new Set(already);
    for (const ip of ips) {
      if (own.has(ip)) continue;
      const flags = this.#flags[ip] ?? 0;
      if (ops.flags & OPS_FL.IPMODIFY && flags & REC_FL.IPMODIFY) {
        throw new FentryError('EBUSY', `${this.#symbol(ip)} is already modified by another IPMODIFY ops`, { value: this.#symbol(ip) });
      }
      if (ops.flags & OPS_FL.DIRECT && flags & REC_FL.DIRECT) {
        throw new FentryError('EBUSY', `${this.#symbol(ip)} already has a direct trampoline`, { value: this.#symbol(ip) });
      }
    }
    // `__ftrace_hash_update_ipmodify` for a DIRECT ops: a site with a live patch asks it to share (SELF).
    if (ops.flags & OPS_FL.DIRECT) for (const ip of ips) if (!own.has(ip) && (this.#flags[ip] ?? 0) & REC_FL.IPMODIFY) this.#shareSelf(ops, ip);
  }

  #checkIpmodifyHash(ops: Ops, filter: FilterHash, notrace: FilterHash): void {
    if (notrace.ips.size > 0) throw new FentryError('EINVAL', `IPMODIFY ops ${ops.name} cannot have a notrace hash`, { value: ops.name });
    if (filter.isAll) throw new FentryError('EINVAL', `IPMODIFY ops ${ops.name} cannot trace all functions`, { value: ops.name });
  }

  /** `__ftrace_hash_rec_update(ops, inc = true)`. */
  #recInc(ops: Ops, ips: readonly number[]): void {
    for (const ip of ips) {
      const count = (this.#counts[ip] ?? 0) + 1;
      this.#counts[ip] = count;
      let flags = (this.#flags[ip] ?? 0) | REC_FL.TOUCHED;
      if (ops.flags & OPS_FL.SAVE_REGS) flags |= REC_FL.REGS;
      if (ops.flags & OPS_FL.DIRECT) flags |= REC_FL.DIRECT | REC_FL.MODIFIED;
      if (ops.flags & OPS_FL.IPMODIFY) flags |= REC_FL.IPMODIFY | REC_FL.MODIFIED;
      flags = count === 1 && callOpsEligible(ops) ? flags | REC_FL.CALL_OPS : flags & ~REC_FL.CALL_OPS;
      this.#flags[ip] = flags;
    }
  }

  /** `__ftrace_hash_rec_update(ops, inc = false)`: what depends on the remaining ops is recomputed from them. */
  #recDec(ops: Ops, ips: readonly number[]): void {
    for (const ip of ips) {
      const count = (this.#counts[ip] ?? 0) - 1;
      if (count < 0) throw new InconsistencyError('unregister', ip, 'count >= 0', `count ${count}`);
      this.#counts[ip] = count;
      let flags = this.#flags[ip] ?? 0;
      if (count === 0) {
        flags &= REC_NOCLEAR | REC_FL.ENABLED | REC_FL.REGS_EN | REC_FL.CALL_OPS_EN | REC_FL.DIRECT_EN | REC_FL.TRAMP_EN;
      } else {
        const rest = this.#ops.filter((o) => o !== ops && o.flags & OPS_FL.ENABLED && !(o.flags & OPS_FL.REMOVING) && o.traces(ip));
        flags = setIf(flags, REC_FL.REGS, rest.some((o) => o.flags & OPS_FL.SAVE_REGS));
        flags = setIf(flags, REC_FL.DIRECT, rest.some((o) => o.flags & OPS_FL.DIRECT));
        flags = setIf(flags, REC_FL.IPMODIFY, rest.some((o) => o.flags & OPS_FL.IPMODIFY));
        const only = count === 1 ? rest[0] : undefined;
        flags = setIf(flags, REC_FL.CALL_OPS, only !== undefined && callOpsEligible(only));
      }
      this.#flags[ip] = flags;
    }
  }

  /** The unique ops on a site with count 1 (`ftrace_find_unique_ops`). */
  #uniqueOps(ip: number): Ops | undefined {
    let found: Ops | undefined;
    for (const o of this.#ops) {
      if (!(o.flags & OPS_FL.ENABLED) || o.flags & OPS_FL.REMOVING || !o.traces(ip)) continue;
      if (found !== undefined) return undefined;
      found = o;
    }
    return found;
  }

  /** `ftrace_get_addr_new`: what the requested flags ask the site to call. */
  #wanted(ip: number): CallTarget | null {
    const count = this.#counts[ip] ?? 0;
    if (count === 0) return null;
    const flags = this.#flags[ip] ?? 0;
    if (count === 1 && flags & REC_FL.DIRECT) {
      const ops = this.#uniqueOps(ip);
      if (ops === undefined) throw new InconsistencyError('reconcile', ip, 'one direct ops', 'none');
      return { kind: 'direct', ops, trampoline: ops.direct };
    }
    if (count === 1 && flags & REC_FL.CALL_OPS) {
      const ops = this.#uniqueOps(ip);
      if (ops === undefined) throw new InconsistencyError('reconcile', ip, 'one ops', 'none');
      return { kind: 'ops', ops };
    }
    const direct = flags & REC_FL.DIRECT ? this.#directs.get(ip) : undefined;
    const ipmodify = (flags & REC_FL.IPMODIFY) !== 0;
    if (direct === undefined && !ipmodify) return flags & REC_FL.REGS ? LIST_REGS : LIST;
    return { kind: 'list', regs: (flags & REC_FL.REGS) !== 0, ...(direct === undefined ? {} : { direct }), ...(ipmodify ? { ipmodify } : {}) };
  }

  /** `ftrace_check_record`: which update the site needs. */
  #check(ip: number, wanted: CallTarget | null): Update {
    const current = this.#applied[ip] ?? null;
    if (current === null) return wanted === null ? UPDATE.IGNORE : UPDATE.MAKE_CALL;
    if (wanted === null) return UPDATE.MAKE_NOP;
    return sameTarget(current, wanted) ? UPDATE.IGNORE : UPDATE.MODIFY_CALL;
  }

  /** Patches one site to match its record and sets the applied (`_EN`) flags. */
  #reconcile(ip: number): void {
    const wanted = this.#wanted(ip);
    const update = this.#check(ip, wanted);
    const current = this.#applied[ip] ?? null;
    switch (update) {
      case UPDATE.IGNORE:
        return;
      case UPDATE.MAKE_CALL:
        this.backend.makeCall(ip, wanted as CallTarget);
        break;
      case UPDATE.MODIFY_CALL:
        this.backend.modifyCall(ip, current as CallTarget, wanted as CallTarget);
        break;
      case UPDATE.MAKE_NOP:
        this.backend.makeNop(ip, current as CallTarget);
        break;
    }
    this.#applied[ip] = wanted;
    let flags = this.#flags[ip] ?? 0;
    flags &= ~(REC_FL.ENABLED | REC_FL.CALL_OPS_EN | REC_FL.DIRECT_EN | REC_FL.REGS_EN);
    if (wanted !== null) {
      flags |= REC_FL.ENABLED;
      if (wanted.kind === 'ops') flags |= REC_FL.CALL_OPS_EN;
      if (wanted.kind === 'direct') flags |= REC_FL.DIRECT_EN;
      if (wanted.kind === 'list' ? wanted.regs : wanted.ops.flags & OPS_FL.SAVE_REGS) flags |= REC_FL.REGS_EN;
    }
    this.#flags[ip] = flags;
  }

  /**
   * Runs a record update and patches the affected sites. If the update throws
   * before any site was patched, records are restored and the error goes to the
   * caller; if patching fails, the state is no longer known: tracing is killed.
   */
  #transaction(phase: string, ips: readonly number[], update: () => void, undo?: () => void): void {
    const savedCounts = ips.map((ip) => this.#counts[ip] ?? 0);
    const savedFlags = ips.map((ip) => this.#flags[ip] ?? 0);
    try {
      update();
    } catch (error) {
      ips.forEach((ip, i) => {
        this.#counts[ip] = savedCounts[i] as number;
        this.#flags[ip] = savedFlags[i] as number;
      });
      undo?.();
      if (error instanceof InconsistencyError) this.#bug({ ...error.report, phase: `${phase}: ${error.report.phase}` });
      throw error;
    }
    let ip = -1;
    try {
      for (ip of ips) this.#reconcile(ip);
    } catch (error) {
      const state = ip === -1 ? undefined : this.record(ip);
      const report: BugReport =
        error instanceof InconsistencyError
          ? { ...error.report, phase: `${phase}: ${error.report.phase}` }
          : {
              phase: `${phase}: patch`,
              ip,
              symbol: ip === -1 ? '' : this.#symbol(ip),
              expected: `site calls ${describe(this.#safeWanted(ip))}`,
              actual: `backend failed; record count ${state?.count ?? 0} flags 0x${((state?.flags ?? 0) >>> 0).toString(16)}`,
              cause: error,
            };
      this.#bug(report);
      throw new FentryError('ENODEV', `tracing killed during ${report.phase} at ${report.symbol}: expected ${report.expected}, found ${report.actual}`, {
        value: report.symbol,
        cause: error,
      });
    }
  }

  #safeWanted(ip: number): CallTarget | null {
    try {
      return this.#wanted(ip);
    } catch {
      return null;
    }
  }

  /** After the last ops is gone, no record may hold anything but its sticky flags. */
  #checkQuiet(): void {
    for (let ip = 0; ip < this.backend.siteCount; ip++) {
      const count = this.#counts[ip] ?? 0;
      const flags = (this.#flags[ip] ?? 0) & ~REC_NOCLEAR;
      if (count !== 0 || flags !== 0 || this.#applied[ip] != null) {
        this.#bug({
          phase: 'unregister last ops',
          ip,
          symbol: this.#symbol(ip),
          expected: 'count 0, no flags but TOUCHED/MODIFIED, site NOP',
          actual: `count ${count}, flags 0x${(flags >>> 0).toString(16)}, site calls ${describe(this.#applied[ip] ?? null)}`,
        });
        return;
      }
    }
  }

  /** `ftrace_bug` + `ftrace_kill`: every site back to NOP, no more registrations, report once. */
  #bug(report: BugReport): void {
    if (this.#disabled !== undefined) return;
    this.#disabled = report;
    for (let ip = 0; ip < this.backend.siteCount; ip++) {
      const current = this.#applied[ip];
      if (current == null) continue;
      try {
        this.backend.makeNop(ip, current);
      } catch {
        // Killing must not stop at one site that cannot be patched.
      }
      this.#applied[ip] = null;
      this.#flags[ip] = (this.#flags[ip] ?? 0) & ~(REC_FL.ENABLED | REC_FL.CALL_OPS_EN | REC_FL.DIRECT_EN | REC_FL.REGS_EN);
    }
    for (const listener of this.#bugListeners) {
      try {
        listener(report);
      } catch {
        // A listener cannot make things worse.
      }
    }
  }

  #checkAlive(): void {
    if (this.#disabled !== undefined) {
      throw new FentryError('ENODEV', `tracing was killed (${this.#disabled.phase} at ${this.#disabled.symbol})`, { value: this.#disabled.phase });
    }
  }

  // ---- new sites ------------------------------------------------------------

  #grow(): void {
    const count = this.backend.siteCount;
    for (let ip = this.#counts.length; ip < count; ip++) {
      this.#counts.push(0);
      this.#flags.push(0);
      this.#applied.push(null);
    }
  }

  /** A module loaded (`ftrace_module_enable`): cached `:mod:` filters apply, trace-all ops cover its sites. */
  #sitesAdded(first: number, count: number): void {
    this.#grow();
    if (this.#disabled !== undefined) return;
    const ips: number[] = [];
    for (let ip = first; ip < first + count; ip++) ips.push(ip);
    for (const ops of this.#ops) {
      for (const hash of [ops.filter, ops.notrace]) {
        for (const pattern of hash.pending) this.#applyPending(hash, pattern, ips);
      }
    }
    for (const hash of this.#watched.keys()) for (const pattern of hash.pending) this.#applyPending(hash, pattern, ips);
    const tracing = [...this.#ops].reverse();
    this.#transaction('module load', ips, () => {
      for (const ops of tracing) this.#recInc(ops, ips.filter((ip) => ops.traces(ip)));
    });
  }

  #applyPending(hash: FilterHash, pattern: ModPattern, ips: readonly number[]): void {
    const moduleNegate = pattern.module.startsWith('!');
    const symbol = compile(pattern.symbol);
    const module = compile(moduleNegate ? pattern.module.slice(1) : pattern.module);
    for (const ip of ips) {
      const name = this.backend.name(ip);
      if (symbol.test(name.symbol) && module.test(name.module) !== moduleNegate) hash.ips.add(ip);
    }
  }

  // ---- dispatch -------------------------------------------------------------

  /**
   * `ftrace_ops_list_func`: calls every registered ops that traces `ip`. Never
   * re-enters itself on a thread (a callback that calls a traced function is
   * not traced again), skips STUB ops, and gives RECURSION ops their own
   * protection, counting what it skipped.
   *
   * Returns how many ops asked for this call's return; they wait on the
   * thread's return stack until {@link listReturn} (or {@link listTake} for a
   * call that suspends) takes them, newest first.
   */
  listFunc(ip: number, parentIp: number, args: ArgsView | undefined, exits: boolean): number {
    if (this.#inList) {
      this.listRecursion++;
      return 0;
    }
    this.#inList = true;
    let hooked = 0;
    try {
      const list = this.#ops;
      for (let i = 0; i < list.length; i++) {
        const ops = list[i] as Ops;
        if (ops.flags & OPS_FL.STUB || !ops.traces(ip)) continue;
        if (ops.flags & OPS_FL.RECURSION) {
          if (ops.busy) {
            ops.misses++;
            continue;
          }
          ops.busy = true;
        }
        try {
          const token = ops.func(ip, parentIp, ops, args, exits);
          if (token && exits && ops.hooks !== undefined) {
            this.#retOps.push(ops);
            this.#retTokens.push(token);
            hooked++;
          }
        } catch (error) {
          // One throwing callback neither breaks the traced call nor starves the ops after it.
          ops.errors++;
          this.onCallbackError(ops, ip, error);
        } finally {
          ops.busy = false;
        }
      }
    } finally {
      this.#inList = false;
    }
    return hooked;
  }

  /** The return of a call whose {@link listFunc} hooked `hooked` ops: each ops' `ret`, newest first. */
  listReturn(ip: number, hooked: number, how: Leave, value: unknown): void {
    for (let n = 0; n < hooked; n++) {
      const ops = this.#retOps.pop() as Ops;
      const token = this.#retTokens.pop() as number;
      this.#callRet(ip, ops, token, how, value);
    }
  }

  /** Removes a suspending call's hooked ops from the return stack, for its frame to keep. */
  listTake(hooked: number): { ops: Ops[]; tokens: number[] } {
    const at = this.#retOps.length - hooked;
    return { ops: this.#retOps.splice(at, hooked), tokens: this.#retTokens.splice(at, hooked) };
  }

  #callRet(ip: number, ops: Ops, token: number, how: Leave, value: unknown): void {
    try {
      (ops.hooks as ReturnHooks).ret(ip, ops, token, how, value);
    } catch (error) {
      ops.errors++;
      this.onCallbackError(ops, ip, error);
    }
  }

  #symbol(ip: number): string {
    try {
      return this.backend.name(ip).symbol;
    } catch {
      return `#${ip}`;
    }
  }
}

/** An ops can be called straight from its site when it needs no assist function (`ftrace_ops_get_func(ops) == ops->func`). */
function callOpsEligible(ops: Ops): boolean {
  return !(ops.flags & (OPS_FL.RECURSION | OPS_FL.RCU | OPS_FL.DIRECT));
}

/** The callback of a DIRECT ops (`call_direct_funcs`): nothing to do in the list walk; the backend enters the trampoline after it. */
function call_direct_funcs(): void {}
const callDirectFuncs = call_direct_funcs;

function sameTarget(a: CallTarget, b: CallTarget): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'list') {
    const l = b as typeof a;
    return a.regs === l.regs && (a.ipmodify ?? false) === (l.ipmodify ?? false) && a.direct?.ops === l.direct?.ops && a.direct?.trampoline === l.direct?.trampoline;
  }
  return a.ops === (b as { ops: Ops }).ops && (a.kind !== 'direct' || a.trampoline === (b as { trampoline: unknown }).trampoline);
}

/** A human description of a call target, for reports. */
export function describe(target: CallTarget | null): string {
  if (target === null) return 'nothing (NOP)';
  if (target.kind === 'list') return target.direct === undefined ? 'the list dispatcher' : `the list dispatcher, then the direct trampoline of ${target.direct.ops.name}`;
  if (target.kind === 'ops') return `ops ${target.ops.name}`;
  return `direct trampoline of ${target.ops.name}`;
}

function setIf(flags: number, bit: number, on: boolean): number {
  return on ? flags | bit : flags & ~bit;
}

function union(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/** Splits a filter write into tokens at whitespace; double quotes keep spaces (`"Vec.get len"`, `!"Vec.set len":traceoff`). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let token = '';
  let quoted = false;
  let started = false;
  for (const c of text) {
    if (c === '"') {
      quoted = !quoted;
      started = true;
    } else if (!quoted && /\s/.test(c)) {
      if (started) out.push(token);
      token = '';
      started = false;
    } else {
      token += c;
      started = true;
    }
  }
  if (started) out.push(token);
  return out;
}

class InconsistencyError extends Error {
  readonly report: BugReport;
  constructor(phase: string, ip: number, expected: string, actual: string) {
    super(`${phase} at site ${ip}: expected ${expected}, found ${actual}`);
    this.report = { phase, ip, symbol: `#${ip}`, expected, actual };
  }
}

export { Ops };
