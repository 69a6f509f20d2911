/**
 * The backend interface: how the core patches a site. The core decides what a
 * site should call; a backend writes it — the JavaScript runtime's site slots
 * today, a machine-level model of x86-64, arm64 and riscv64 patch sites later.
 * The core never sees a JavaScript function: a site is an `ip` (its index),
 * a callback is an opaque value carried by an {@link Ops}.
 */
import type { Ops } from './ops.js';
import type { TrampolineImage } from './trampoline.js';

/** What a patched site calls. */
export type CallTarget =
  /** CALL_OPS: the site calls the single ops' callback directly. */
  | { readonly kind: 'ops'; readonly ops: Ops }
  /**
   * The shared list dispatcher (`ftrace_ops_list_func`); `regs`: some ops wants the arguments (`ftrace_regs_caller`).
   * `direct`: a DIRECT ops shares the site, and after the ops ran the site goes on into its trampoline
   * (`call_direct_funcs` makes `ftrace_regs_caller` return into it). `ipmodify`: an IPMODIFY ops shares the
   * site, and the body that runs is the one its callback chose (`regs->ip`).
   */
  | { readonly kind: 'list'; readonly regs: boolean; readonly direct?: DirectCall; readonly ipmodify?: boolean }
  /** DIRECT_CALLS: the site calls the direct ops' trampoline. */
  | { readonly kind: 'direct'; readonly ops: Ops; readonly trampoline: unknown };

/** A direct trampoline on a site: the DIRECT ops and the trampoline it carries now. */
export interface DirectCall {
  readonly ops: Ops;
  readonly trampoline: unknown;
}

/** A patch site as the backend names it. */
export interface SiteName {
  readonly symbol: string;
  readonly module: string;
}

/** Called when sites appear (a module was loaded): `[first, first + count)`. */
export type SitesListener = (first: number, count: number) => void;

/** The text patcher: the core's only way to touch the program. */
export interface Backend {
  /** Number of sites known now; sites are numbered 0.. in load order. */
  readonly siteCount: number;
  /** The site's symbol and module. */
  name(ip: number): SiteName;
  /** `ftrace_make_call`: a NOP site starts calling `target`. */
  makeCall(ip: number, target: CallTarget): void;
  /** `ftrace_modify_call`: a calling site switches target, with no window where nothing is called. */
  modifyCall(ip: number, old: CallTarget, target: CallTarget): void;
  /** `ftrace_make_nop`: the site stops calling anything. */
  makeNop(ip: number, old: CallTarget): void;
  /** Subscribes to new sites; returns the unsubscribe function. */
  onSites(listener: SitesListener): () => void;
  /**
   * `arch_prepare_bpf_trampoline`: builds the code of a trampoline image and
   * returns it as the opaque value a DIRECT ops carries (what a `direct`
   * target calls). Throws a FentryError (`ENOTSUPP`, …) for an image the site
   * cannot run. A backend without it refuses programs.
   */
  prepareTrampoline?(image: TrampolineImage): unknown;
}
