/**
 * Programs on functions: `attach({ fentry | fexit | fmod_ret | freplace:
 * target, handler, cookie? })`, the JavaScript counterpart of loading a BPF
 * tracing program and attaching it with `bpf_link_create`. A glob target
 * attaches the one program to every function it matches (like
 * kprobe.multi); the link detaches from all of them at once.
 *
 * The handler of fentry, fexit and fmod_ret gets a {@link ProgramContext};
 * a freplace handler is called in place of the body with the function's own
 * `this` and arguments.
 */
import { FentryError } from '../errors.js';
import { MAX_TRAMP_LINKS, Prog, TRAMP_F, TRAMP_KIND, TrampLink, compile, type TrampKind } from '../core/index.js';
import type { ProgramContext } from '../backends/js/index.js';
import { programsState } from './state.js';
import { resolveTarget, targetText, type Target } from './resolve.js';

export type { Target } from './resolve.js';
export { MAX_TRAMP_LINKS };

/** The program kinds, as libbpf's section names have them. */
export type ProgramKind = 'fentry' | 'fexit' | 'fmod_ret' | 'freplace';

const KINDS: Record<ProgramKind, TrampKind> = {
  fentry: TRAMP_KIND.FENTRY,
  fexit: TRAMP_KIND.FEXIT,
  fmod_ret: TRAMP_KIND.MODIFY_RETURN,
  freplace: TRAMP_KIND.REPLACE,
};

/** A handler of fentry, fexit (return ignored) or fmod_ret (a value other than undefined skips the body). */
export type ProgramHandler = (ctx: ProgramContext) => unknown;

/** What {@link attach} takes: exactly one of the kinds, naming the target. */
export interface ProgramSpec {
  fentry?: Target;
  fexit?: Target;
  fmod_ret?: Target;
  freplace?: Target;
  /** The program (freplace: the replacement body). */
  handler: ProgramHandler | ((...args: never[]) => unknown);
  /** What `ctx.cookie` reads in this link's runs (`bpf_get_attach_cookie`); 0 when not given. */
  cookie?: unknown;
  /** The program's name in reports; the handler's name by default. */
  name?: string;
  /**
   * A glob target also attaches to matching functions of modules that load
   * later (as a `:mod:` filter is cached); the link then exists even when
   * nothing matches yet.
   */
  follow?: boolean;
}

const SPEC_KEYS = new Set(['fentry', 'fexit', 'fmod_ret', 'freplace', 'handler', 'cookie', 'name', 'follow']);

/** A program's counters (`bpf_prog_info`): run_cnt and run_time_ns only while stats are enabled. */
export interface ProgramStats {
  readonly run_cnt: number;
  readonly run_time_ns: number;
  /** Runs skipped: the program was already running on this thread (recursion), or an fexit could not see the return. */
  readonly misses: number;
  /** Runs that threw (contained; reported once). */
  readonly errors: number;
}

/** A function a link is attached to. */
export interface LinkedFunction {
  readonly ip: number;
  readonly id: string;
  readonly symbol: string;
  readonly module: string;
}

/** An attached program (`bpf_link`). */
export class Link {
  readonly kind: ProgramKind;
  readonly name: string;
  readonly cookie: unknown;
  /** The target as given, as text (`'Pool.query'`, `add`). */
  readonly target: string;
  readonly #prog: Prog;
  readonly #links = new Map<number, TrampLink>();
  #unfollow: (() => void) | undefined;
  #attached = true;

  /** @internal */
  constructor(kind: ProgramKind, prog: Prog, cookie: unknown, target: string) {
    this.kind = kind;
    this.target = target;
    this.name = prog.name;
    this.#prog = prog;
    this.cookie = cookie;
  }

  /** Whether {@link detach} has not run yet. */
  get attached(): boolean {
    return this.#attached;
  }

  /** The functions the program runs on now. */
  get functions(): LinkedFunction[] {
    const runtime = programsState().runtime;
    return [...this.#links.keys()].sort((a, b) => a - b).map((ip) => {
      const site = runtime.site(ip);
      return { ip, id: site.id, symbol: site.symbol, module: site.module };
    });
  }

  /** The program's counters, summed over its functions. */
  get stats(): ProgramStats {
    const p = this.#prog;
    return { run_cnt: p.run_cnt, run_time_ns: p.run_time_ns, misses: p.misses, errors: p.errors };
  }

  /**
   * Detaches from every function; each one's trampoline is rebuilt without
   * the program (or its site freed). Calls already inside finish: their
   * fexit for this link does not run. Detaching twice does nothing.
   */
  detach(): void {
    if (!this.#attached) return;
    this.#attached = false;
    this.#unfollow?.();
    this.#unfollow = undefined;
    const { trampolines } = programsState();
    const errors: unknown[] = [];
    for (const link of this.#links.values()) {
      try {
        trampolines.unlink(link);
      } catch (error) {
        errors.push(error);
      }
    }
    this.#links.clear();
    if (errors.length > 0) throw new FentryError('ERR_FENTRY_DETACH', `detaching ${this.name} failed on ${errors.length} function(s)`, { cause: errors[0] });
  }

  /** @internal Links the program to one more function. */
  linkTo(ip: number): void {
    if (this.#links.has(ip)) return;
    const link = new TrampLink(this.#prog, this.cookie);
    programsState().trampolines.link(link, ip);
    this.#links.set(ip, link);
  }

  /** @internal */
  setUnfollow(unfollow: () => void): void {
    this.#unfollow = unfollow;
  }

  [Symbol.dispose](): void {
    this.detach();
  }
}

function checkSpec(spec: ProgramSpec): [ProgramKind, Target] {
  if (spec === null || typeof spec !== 'object') throw new FentryError('EINVAL', 'attach takes { fentry | fexit | fmod_ret | freplace: target, handler, cookie? }', { value: spec });
  for (const key of Object.keys(spec)) {
    if (!SPEC_KEYS.has(key)) throw new FentryError('EINVAL', `unknown option '${key}' (known: ${[...SPEC_KEYS].join(', ')})`, { value: key });
  }
  const kinds = (Object.keys(KINDS) as ProgramKind[]).filter((k) => spec[k] !== undefined);
  if (kinds.length !== 1) throw new FentryError('EINVAL', `name exactly one of fentry, fexit, fmod_ret, freplace (got ${kinds.length === 0 ? 'none' : kinds.join(', ')})`, { value: kinds });
  if (typeof spec.handler !== 'function') throw new FentryError('EINVAL', 'handler must be a function', { value: spec.handler });
  if (spec.name !== undefined && typeof spec.name !== 'string') throw new FentryError('EINVAL', 'name must be a string', { value: spec.name });
  const kind = kinds[0] as ProgramKind;
  return [kind, spec[kind] as Target];
}

/**
 * Attaches a program to the functions `target` selects and returns its
 * link. All or nothing: when one function refuses (E2BIG beyond 38
 * programs, EBUSY beside a freplace, ENOTSUPP for an fexit whose return is
 * not visible), the functions already linked are unlinked and the error is
 * thrown. ENOENT when the target selects nothing (unless `follow`).
 */
export function attach(spec: ProgramSpec): Link {
  const [kind, target] = checkSpec(spec);
  const state = programsState();
  const ips = resolveTarget(state.ftrace, state.runtime, target);
  const follow = spec.follow === true;
  if (follow && typeof target === 'function') throw new FentryError('EINVAL', 'follow applies to glob targets, not to a function object', { value: target });
  if (ips.length === 0 && !follow) throw new FentryError('ENOENT', `no function matches ${targetText(target)}`, { value: typeof target === 'function' ? target.name : target });
  const handler = spec.handler as (...args: unknown[]) => unknown;
  const name = spec.name ?? (handler.name !== '' ? handler.name : kind);
  const link = new Link(kind, new Prog(KINDS[kind], handler, name), spec.cookie ?? 0, targetText(target));
  try {
    for (const ip of ips) link.linkTo(ip);
  } catch (error) {
    link.detach();
    throw error;
  }
  if (follow) followTarget(link, target as Exclude<Target, (...args: never[]) => unknown>);
  return link;
}

/** Links `link` to the functions of modules loaded from now on that `target` matches. */
function followTarget(link: Link, target: string | { readonly symbol: string; readonly module?: string }): void {
  const state = programsState();
  const symbol = compile(typeof target === 'string' ? target : target.symbol);
  const module = typeof target === 'string' || target.module === undefined ? undefined : compile(target.module);
  let warned = false;
  const unfollow = state.backend.onSites((first, count) => {
    for (let ip = first; ip < first + count; ip++) {
      const site = state.runtime.site(ip);
      if (!symbol.test(site.symbol) || (module !== undefined && !module.test(site.module))) continue;
      try {
        link.linkTo(ip);
      } catch (error) {
        if (warned) continue;
        warned = true;
        process.emitWarning(`fentry: program ${link.name} could not attach to ${site.symbol} as it loaded: ${(error as Error).message}`, { code: 'FENTRY_PROGRAM' });
      }
    }
  });
  link.setUnfollow(unfollow);
}

/**
 * Turns on `run_cnt` and `run_time_ns` for every program of this thread
 * (`BPF_ENABLE_STATS`); every trampoline is rebuilt with the clock reads.
 * They stay on until every handle returned here is disabled.
 */
export function enableStats(): { disable(): void; [Symbol.dispose](): void } {
  const release = programsState().trampolines.enableStats();
  return { disable: release, [Symbol.dispose]: release };
}

/** A function's trampoline as a reader sees it: flags, programs, and the generated source. */
export interface TrampolineInfo {
  readonly ip: number;
  readonly symbol: string;
  /** `BPF_TRAMP_F_*` names. */
  readonly flags: string[];
  readonly links: { readonly fentry: number; readonly fexit: number; readonly fmod_ret: number; readonly freplace: number };
  /** The code the site calls when the trampoline is alone on it. */
  readonly source: string;
  /** The code the site calls when ftrace ops share it (the list dispatcher or a live patch runs first). */
  readonly sharedSource: string;
}

/** The trampoline of a function, or undefined when it has no programs. */
export function trampolineOf(target: Target): TrampolineInfo | undefined {
  const state = programsState();
  const ips = resolveTarget(state.ftrace, state.runtime, target);
  if (ips.length !== 1) throw new FentryError('EINVAL', `${targetText(target)} selects ${ips.length} functions; name one`, { value: target });
  const ip = ips[0] as number;
  const tr = state.trampolines.get(ip);
  if (tr === undefined || tr.image === undefined) return undefined;
  const image = tr.image as { source: string; sharedSource: string };
  return {
    ip,
    symbol: state.runtime.site(ip).symbol,
    flags: Object.entries(TRAMP_F)
      .filter(([, bit]) => (tr.flags & bit) !== 0)
      .map(([flag]) => flag),
    links: { fentry: tr.links[0].length, fexit: tr.links[1].length, fmod_ret: tr.links[2].length, freplace: tr.extension === undefined ? 0 : 1 },
    source: image.source,
    sharedSource: image.sharedSource,
  };
}
