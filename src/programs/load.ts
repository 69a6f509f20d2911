/**
 * Program modules: files that hold programs and live patches, loadable by
 * path — by the CLI (`fentry trace --prog`, `fentry patch`) and in any
 * thread. A module's default export is a list of entries, or a function
 * that gets the {@link ProbeHelpers} and returns one. An entry is a program
 * (`{ fentry | fexit | fmod_ret | freplace: target, handler, cookie? }`, as
 * for `attach`) or a live patch (`{ patch: target, impl }`).
 *
 * ```js
 * // probe.mjs
 * export default ({ printk }) => [
 *   { fentry: 'Pool.query', handler: (ctx) => printk(`query ${ctx.arg(0)}`) },
 *   { fexit: { symbol: 'parse*', module: 'src/*' }, handler: (ctx) => ctx.threw ? 'threw' : 'ok' },
 *   { patch: 'legacyHash', impl: (s) => s.length },
 * ];
 * ```
 *
 * What an fentry or fexit handler returns (the kernel ignores it) is
 * aggregated: a count per distinct value per program, which
 * {@link LoadedPrograms.report} prints the way bpftrace prints a map.
 */
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { FentryError } from '../errors.js';
import { compile } from '../core/index.js';
import { attach, type Link, type ProgramSpec } from './attach.js';
import { patchSites, type Patch } from './patch.js';
import { resolveTarget, targetText, type Target } from './resolve.js';
import { programsState } from './state.js';
import { currentSession } from '../control/session.js';

/** What a program module's default export may take. */
export interface ProbeHelpers {
  /** Writes a line to the trace (`trace_marker`, as `bpf_trace_printk` writes to `trace_pipe`). */
  printk(text: string): void;
}

/** A live patch entry of a program module. */
export interface PatchEntry {
  patch: Target;
  impl: (...args: never[]) => unknown;
  name?: string;
}

export type ProgramEntry = ProgramSpec | PatchEntry;

/** What loading a program module did. */
export interface LoadedPrograms {
  readonly file: string;
  readonly links: readonly Link[];
  readonly patches: readonly Patch[];
  /** Targets that matched no function (yet): with `follow`, they still apply when a module loads. */
  readonly pending: readonly string[];
  /** The aggregated return values, as `@name[value]: count` lines (empty when nothing returned a value). */
  report(): string;
  /** Detaches every program and reverts every patch of the module. */
  unload(): void;
}

export interface LoadOptions {
  /**
   * Targets also apply to modules that load later (what the CLI needs: the
   * program module loads before the program's own modules); a target that
   * matches nothing now is not an error then.
   */
  follow?: boolean;
}

const helpers: ProbeHelpers = {
  printk(text: string): void {
    currentSession().tracefs.write('trace_marker', String(text));
  },
};

/** Imports a program module and attaches its programs and patches; all or nothing. */
export async function loadPrograms(file: string | URL, options: LoadOptions = {}): Promise<LoadedPrograms> {
  for (const key of Object.keys(options)) if (key !== 'follow') throw new FentryError('EINVAL', `unknown option '${key}' (known: follow)`, { value: key });
  const url = file instanceof URL ? file.href : /^[a-z]+:/i.test(file) ? file : pathToFileURL(path.resolve(file)).href;
  const mod = (await import(url)) as { default?: unknown };
  let entries = mod.default;
  if (typeof entries === 'function') entries = await (entries as (h: ProbeHelpers) => unknown)(helpers);
  if (!Array.isArray(entries)) throw new FentryError('EINVAL', `${String(file)}: the default export must be a list of programs and patches, or a function returning one`, { value: file });
  const follow = options.follow === true;
  const links: Link[] = [];
  const patches: Patch[] = [];
  /** Patch targets and whether they applied somewhere yet. */
  const patchTargets: { text: string; applied: boolean }[] = [];
  const unfollows: (() => void)[] = [];
  const counts = new Map<string, Map<string, number>>();
  const loaded: LoadedPrograms = {
    file: String(file),
    links,
    patches,
    get pending() {
      return [...links.filter((l) => l.functions.length === 0).map((l) => l.target), ...patchTargets.filter((t) => !t.applied).map((t) => t.text)];
    },
    report: () => report(counts),
    unload() {
      for (const u of unfollows.splice(0)) u();
      for (const link of links) link.detach();
      for (const p of patches) p.revert();
    },
  };
  try {
    for (const entry of entries as ProgramEntry[]) {
      if (entry !== null && typeof entry === 'object' && 'patch' in entry) {
        loadPatch(entry, follow, patches, patchTargets, unfollows);
        continue;
      }
      const spec = aggregating(entry, counts);
      const target = (spec.fentry ?? spec.fexit ?? spec.fmod_ret ?? spec.freplace) as Target;
      const followable = follow && typeof target !== 'function';
      links.push(attach(followable ? { ...spec, follow: true } : spec));
    }
  } catch (error) {
    loaded.unload();
    throw error;
  }
  return loaded;
}

/** fentry and fexit return values are counted per program (fmod_ret's and freplace's are the call's own). */
function aggregating(spec: ProgramSpec, counts: Map<string, Map<string, number>>): ProgramSpec {
  if (spec === null || typeof spec !== 'object' || typeof spec.handler !== 'function' || (spec.fentry === undefined && spec.fexit === undefined)) return spec;
  const handler = spec.handler as (ctx: unknown) => unknown;
  const name = spec.name ?? (handler.name !== '' ? handler.name : spec.fentry !== undefined ? 'fentry' : 'fexit');
  const map = new Map<string, number>();
  counts.set(name, map);
  const wrapped = function aggregate(ctx: unknown): void {
    const value = handler(ctx);
    if (value === undefined) return;
    const key = typeof value === 'string' ? value : typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  return { ...spec, name, handler: wrapped };
}

function report(counts: Map<string, Map<string, number>>): string {
  let out = '';
  for (const [name, map] of counts) {
    if (map.size === 0) continue;
    out += '\n';
    for (const [key, count] of [...map].sort((a, b) => a[1] - b[1])) out += `@${name}[${key}]: ${count}\n`;
  }
  return out;
}

function loadPatch(entry: PatchEntry, follow: boolean, patches: Patch[], targets: { text: string; applied: boolean }[], unfollows: (() => void)[]): void {
  for (const key of Object.keys(entry)) {
    if (key !== 'patch' && key !== 'impl' && key !== 'name') throw new FentryError('EINVAL', `unknown patch option '${key}' (known: patch, impl, name)`, { value: key });
  }
  if (typeof entry.impl !== 'function') throw new FentryError('EINVAL', `patch ${targetText(entry.patch)}: impl must be a function`, { value: entry.impl });
  const state = programsState();
  const ips = resolveTarget(state.ftrace, state.runtime, entry.patch);
  const name = entry.name === undefined ? {} : { name: entry.name };
  if (ips.length > 0) patches.push(patchSites(ips, entry.impl, name));
  if (!follow || typeof entry.patch === 'function') {
    if (ips.length === 0) throw new FentryError('ENOENT', `no function matches ${targetText(entry.patch)}`, { value: entry.patch });
    return;
  }
  const record = { text: targetText(entry.patch), applied: ips.length > 0 };
  targets.push(record);
  const target = entry.patch;
  const symbol = compile(typeof target === 'string' ? target : target.symbol);
  const module = typeof target === 'string' || target.module === undefined ? undefined : compile(target.module);
  unfollows.push(
    state.backend.onSites((first, count) => {
      const fresh: number[] = [];
      for (let ip = first; ip < first + count; ip++) {
        const site = state.runtime.site(ip);
        if (symbol.test(site.symbol) && (module === undefined || module.test(site.module))) fresh.push(ip);
      }
      if (fresh.length === 0) return;
      try {
        patches.push(patchSites(fresh, entry.impl, name));
        record.applied = true;
      } catch (error) {
        process.emitWarning(`fentry: patch ${targetText(target)} could not apply as its module loaded: ${(error as Error).message}`, { code: 'FENTRY_PROGRAM' });
      }
    }),
  );
}
