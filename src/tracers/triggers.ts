/**
 * Function probes written to `set_ftrace_filter` (`func:command[:count]`):
 * `traceon`, `traceoff` and `stacktrace`. As in the kernel, each command has
 * its own ops per instance, whose filter is the set of probed functions;
 * probes are cumulative whether the filter was written with `>` or `>>`, and
 * run whatever `tracing_on` says.
 */
import { Ops, type CommandInvocation, type Ftrace } from '../core/index.js';
import { FentryError } from '../errors.js';
import type { TraceArray } from './trace-array.js';
import { captureFrames } from './stack.js';

export const TRIGGER_COMMANDS = ['traceon', 'traceoff', 'stacktrace'] as const;
export type TriggerCommand = (typeof TRIGGER_COMMANDS)[number];

/** One command's probes on one instance. */
class ProbeSet {
  readonly ops: Ops;
  /** Remaining hits per site; -1 is unlimited. */
  readonly counts = new Map<number, number>();

  constructor(readonly command: TriggerCommand, tr: TraceArray) {
    const counts = this.counts;
    const fire = action(command, tr);
    this.ops = new Ops({
      name: `${command}:${tr.name === '' ? 'global' : tr.name}`,
      func: function probe(ip) {
        const left = counts.get(ip);
        if (left === undefined || left === 0) return;
        if (left > 0) counts.set(ip, left - 1);
        fire();
      },
    });
  }
}

function action(command: TriggerCommand, tr: TraceArray): () => void {
  switch (command) {
    case 'traceon':
      return () => {
        tr.tracingOn = true;
      };
    case 'traceoff':
      return () => {
        tr.tracingOn = false;
      };
    case 'stacktrace':
      return () => {
        if (tr.tracingOn && tr.threadTraced) tr.buffer.writeStack(tr.clock(), captureFrames(1));
      };
  }
}

/** The probes of every instance, keyed by instance then command. */
export class Triggers {
  readonly #ftrace: Ftrace;
  readonly #sets = new Map<TraceArray, Map<TriggerCommand, ProbeSet>>();

  constructor(ftrace: Ftrace) {
    this.#ftrace = ftrace;
    for (const command of TRIGGER_COMMANDS) ftrace.registerCommand(command, (inv) => this.#apply(command, inv));
  }

  #apply(command: TriggerCommand, inv: CommandInvocation): void {
    const tr = inv.ops.private as TraceArray | undefined;
    if (tr === undefined) throw new FentryError('EINVAL', `${command} probes need an instance's filter`, { value: command });
    let sets = this.#sets.get(tr);
    if (sets === undefined) this.#sets.set(tr, (sets = new Map()));
    let set = sets.get(command);
    if (set === undefined) sets.set(command, (set = new ProbeSet(command, tr)));
    let count = -1;
    if (inv.param !== undefined) {
      if (!/^\d+$/.test(inv.param)) throw new FentryError('EINVAL', `bad count '${inv.param}' for ${command}`, { value: inv.param });
      count = Number(inv.param);
    }
    const before = new Map(set.counts);
    if (inv.negate) {
      const glob = new Set(inv.ips);
      for (const ip of [...set.counts.keys()]) if (glob.has(ip)) set.counts.delete(ip);
    } else {
      for (const ip of inv.ips) set.counts.set(ip, count);
    }
    try {
      this.#sync(set);
    } catch (error) {
      set.counts.clear();
      for (const [ip, c] of before) set.counts.set(ip, c);
      throw error;
    }
  }

  /** Makes the probe ops trace exactly its probed sites. */
  #sync(set: ProbeSet): void {
    const registered = this.#ftrace.ops.includes(set.ops);
    if (set.counts.size === 0) {
      if (registered) this.#ftrace.unregister(set.ops);
      return;
    }
    this.#ftrace.setFilterIps(set.ops, [...set.counts.keys()], false, true);
    if (!registered) this.#ftrace.register(set.ops);
  }

  /** `func:command:unlimited` / `func:command:count=N` lines for reading set_ftrace_filter. */
  list(tr: TraceArray, symbol: (ip: number) => string): string[] {
    const out: string[] = [];
    for (const set of this.#sets.get(tr)?.values() ?? []) {
      for (const [ip, count] of set.counts) out.push(`${symbol(ip)}:${set.command}:${count < 0 ? 'unlimited' : `count=${count}`}`);
    }
    return out;
  }

  /** Removes every probe of an instance (the instance is going away). */
  removeAll(tr: TraceArray): void {
    for (const set of this.#sets.get(tr)?.values() ?? []) {
      set.counts.clear();
      this.#sync(set);
    }
    this.#sets.delete(tr);
  }
}
