/**
 * BPF trampolines (kernel/bpf/trampoline.c), without the BPF: per function,
 * the programs attached to it — fentry, fexit, fmod_ret, or one freplace —
 * their links, the 38-link limit, the flags that shape the generated code,
 * and the installation of each new image through the core's direct-call API.
 *
 * Nothing here knows JavaScript: a program's handler is an opaque value, and
 * the backend turns an image description into code
 * ({@link Backend.prepareTrampoline}, the kernel's
 * `arch_prepare_bpf_trampoline`). Every attach and detach builds a new image
 * and installs it with `modifyDirect` (`bpf_trampoline_update`); a call that
 * entered an older image leaves through it, and an fexit whose link is gone by
 * then does not run (the kernel's `fexit_sleep` guarantee).
 *
 * A trampoline shares its function with a live patch (an IPMODIFY ops)
 * through the kernel's protocol: its DIRECT ops answers `opsFunc` — SELF when
 * it enters a patched function, PEER when a patch arrives, DISABLE_PEER when
 * the patch goes — and an image that calls the original body is rebuilt
 * with `ORIG_STACK`, so it calls the body the patch chose (`-EAGAIN`, retry).
 */
import { FentryError } from '../errors.js';
import type { Ftrace } from './ftrace.js';
import { ERRNO, OPS_FL } from './flags.js';
import { OPS_CMD, Ops, type OpsCmd } from './ops.js';

/** `BPF_MAX_TRAMP_LINKS`: programs per function (each kind counts; freplace is alone). */
export const MAX_TRAMP_LINKS = 38;

/** `enum bpf_tramp_prog_type`. */
export const TRAMP_KIND = {
  FENTRY: 0,
  FEXIT: 1,
  MODIFY_RETURN: 2,
  /** freplace: the program is the function's body (`BPF_TRAMP_REPLACE`, an extension program). */
  REPLACE: 3,
} as const;
export type TrampKind = (typeof TRAMP_KIND)[keyof typeof TRAMP_KIND];

/** `BPF_TRAMP_F_*`: what an image does, recomputed on every update (SHARE_IPMODIFY persists). */
export const TRAMP_F = {
  /** fentry only: the body runs from the site after the programs. */
  RESTORE_REGS: 1 << 0,
  /** fexit or fmod_ret: the trampoline calls the body itself. */
  CALL_ORIG: 1 << 1,
  SKIP_FRAME: 1 << 2,
  IP_ARG: 1 << 3,
  RET_FENTRY_RET: 1 << 4,
  /** The body called is the one the list dispatcher chose (a live patch's), not the function's own. */
  ORIG_STACK: 1 << 5,
  /** A live patch shares the function. */
  SHARE_IPMODIFY: 1 << 6,
} as const;

/** A program (`struct bpf_prog`): a handler, its kind, its recursion guard and its stats. */
export class Prog {
  readonly kind: TrampKind;
  readonly name: string;
  /** The handler; only the backend interprets it. */
  readonly func: unknown;
  /** Non-zero while the handler runs on this thread (`prog->active`): a nested run is skipped and counted in `misses`. */
  active = 0;
  /** Runs, kept only while stats are enabled (`run_cnt`). */
  run_cnt = 0;
  /** Time in the handler in nanoseconds, kept only while stats are enabled (`run_time_ns`). */
  run_time_ns = 0;
  /** Runs skipped because the program was already running (`recursion_misses`), or could not run (an fexit on a call whose return is not visible). */
  misses = 0;
  /** Runs that threw; the traced call went on. */
  errors = 0;

  constructor(kind: TrampKind, func: unknown, name: string) {
    this.kind = kind;
    this.func = func;
    this.name = name;
  }
}

/** A program linked to one function (`struct bpf_tramp_link`), with the cookie its runs read. */
export class TrampLink {
  readonly prog: Prog;
  readonly cookie: unknown;
  /** True while linked; an image checks it before running an fexit. */
  linked = false;
  /** The function's trampoline while linked. */
  tr: Trampoline | undefined = undefined;

  constructor(prog: Prog, cookie: unknown = 0) {
    this.prog = prog;
    this.cookie = cookie;
  }
}

/** What the backend builds code for. Lists are newest first, as the kernel runs them. */
export interface TrampolineImage {
  readonly ip: number;
  /** The name the code carries (`bpf_trampoline_<key>`). */
  readonly name: string;
  readonly flags: number;
  /** Whether the code keeps `run_cnt` and `run_time_ns`. */
  readonly stats: boolean;
  readonly fentry: readonly TrampLink[];
  readonly fexit: readonly TrampLink[];
  readonly fmodRet: readonly TrampLink[];
  readonly replace: TrampLink | undefined;
  /** Counts and reports a program that threw. */
  readonly fault: (prog: Prog, error: unknown) => void;
}

/** `struct bpf_trampoline`: one per function with programs. */
export class Trampoline {
  readonly ip: number;
  /** The DIRECT ops that installs the images, with the sharing callback. */
  readonly ops: Ops;
  flags = 0;
  /** Per kind (FENTRY, FEXIT, MODIFY_RETURN), newest first. */
  readonly links: [TrampLink[], TrampLink[], TrampLink[]] = [[], [], []];
  extension: TrampLink | undefined = undefined;
  /** The installed image (the backend's value), if any. */
  image: unknown = undefined;
  /** Set during an update (`tr->mutex` held): a PEER request then answers EAGAIN. */
  updating = false;

  constructor(ip: number, ops: Ops) {
    this.ip = ip;
    this.ops = ops;
  }

  get total(): number {
    return this.links[0].length + this.links[1].length + this.links[2].length;
  }
}

/** The trampolines of one core (one thread). */
export class Trampolines {
  readonly ftrace: Ftrace;
  readonly #byIp = new Map<number, Trampoline>();
  #statsUsers = 0;
  /** Told when a program throws; the error never reaches the traced program. */
  onProgError: (prog: Prog, ip: number, error: unknown) => void = () => {};

  constructor(ftrace: Ftrace) {
    this.ftrace = ftrace;
  }

  /** The trampoline of a function, if it has programs. */
  get(ip: number): Trampoline | undefined {
    return this.#byIp.get(ip);
  }

  /** Every function with programs. */
  get all(): readonly Trampoline[] {
    return [...this.#byIp.values()];
  }

  /** Whether images keep run counts and times (`bpf_stats_enabled`). */
  get statsEnabled(): boolean {
    return this.#statsUsers > 0;
  }

  /**
   * `BPF_ENABLE_STATS`: stats are kept while at least one caller holds them;
   * every image is rebuilt with (then without) the clock reads. Returns the
   * release function.
   */
  enableStats(): () => void {
    this.#statsUsers++;
    if (this.#statsUsers === 1) this.#rebuildAll();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#statsUsers--;
      if (this.#statsUsers === 0) this.#rebuildAll();
    };
  }

  /**
   * `bpf_trampoline_link_prog`: EBUSY if the function has a freplace program,
   * or for a freplace while other programs are there, or for a link already
   * linked; E2BIG beyond {@link MAX_TRAMP_LINKS}. A failure leaves nothing
   * behind.
   */
  link(link: TrampLink, ip: number): void {
    if (link.tr !== undefined) throw new FentryError('EBUSY', `program ${link.prog.name} is already linked`, { value: link.prog.name });
    const symbol = this.ftrace.backend.name(ip).symbol;
    const created = !this.#byIp.has(ip);
    const tr = this.#byIp.get(ip) ?? this.#create(ip);
    const kind = link.prog.kind;
    try {
      if (tr.extension !== undefined) throw new FentryError('EBUSY', `${symbol} has a freplace program: nothing else attaches beside it`, { value: symbol });
      if (kind === TRAMP_KIND.REPLACE) {
        if (tr.total > 0) throw new FentryError('EBUSY', `${symbol} has fentry/fexit/fmod_ret programs: freplace cannot replace it`, { value: symbol });
        tr.extension = link;
      } else {
        if (tr.total >= MAX_TRAMP_LINKS) throw new FentryError('E2BIG', `${symbol} has ${MAX_TRAMP_LINKS} programs, the most one function takes`, { value: symbol });
        tr.links[kind].unshift(link);
      }
      link.linked = true;
      link.tr = tr;
      this.#update(tr);
    } catch (error) {
      if (link.tr === tr) this.#remove(tr, link);
      if (created && tr.total === 0 && tr.extension === undefined) this.#byIp.delete(ip);
      throw error;
    }
  }

  /** `bpf_trampoline_unlink_prog`: the link goes; the function keeps its other programs, or its site is freed. */
  unlink(link: TrampLink): void {
    const tr = link.tr;
    if (tr === undefined) return;
    this.#remove(tr, link);
    try {
      this.#update(tr);
    } finally {
      if (tr.total === 0 && tr.extension === undefined && !(tr.ops.flags & OPS_FL.ENABLED)) this.#byIp.delete(tr.ip);
    }
  }

  #remove(tr: Trampoline, link: TrampLink): void {
    link.linked = false;
    link.tr = undefined;
    if (tr.extension === link) tr.extension = undefined;
    else {
      const list = tr.links[link.prog.kind as 0 | 1 | 2];
      const at = list.indexOf(link);
      if (at !== -1) list.splice(at, 1);
    }
  }

  #create(ip: number): Trampoline {
    const symbol = this.ftrace.backend.name(ip).symbol;
    const ops: Ops = new Ops({
      name: `bpf_trampoline_${ip}`,
      func: () => {},
      private: symbol,
      opsFunc: (_ops: Ops, _ip: number, cmd: OpsCmd): number => {
        const tr = this.#byIp.get(ip);
        return tr === undefined ? -ERRNO.EINVAL : this.#opsFunc(tr, cmd);
      },
    });
    this.ftrace.setFilterIps(ops, [ip], false, true);
    const tr = new Trampoline(ip, ops);
    this.#byIp.set(ip, tr);
    return tr;
  }

  /**
   * `bpf_trampoline_update`: the flags for the programs there now, a new
   * image, installed with register/modify/unregister of the direct ops. An
   * `EAGAIN` from the sharing protocol means SHARE_IPMODIFY was just set:
   * rebuild (now with ORIG_STACK) and try again.
   */
  #update(tr: Trampoline): void {
    const registered = (tr.ops.flags & OPS_FL.ENABLED) !== 0;
    if (tr.total === 0 && tr.extension === undefined) {
      tr.flags &= TRAMP_F.SHARE_IPMODIFY;
      if (registered) this.ftrace.unregisterDirect(tr.ops);
      tr.image = undefined;
      return;
    }
    const backend = this.ftrace.backend;
    if (backend.prepareTrampoline === undefined) throw new FentryError('ENOTSUPP', 'this backend builds no trampolines', { value: tr.ip });
    const saved = tr.flags;
    tr.updating = true;
    try {
      for (let attempt = 0; ; attempt++) {
        tr.flags &= TRAMP_F.SHARE_IPMODIFY;
        tr.flags |= tr.links[TRAMP_KIND.FEXIT].length > 0 || tr.links[TRAMP_KIND.MODIFY_RETURN].length > 0 ? TRAMP_F.CALL_ORIG | TRAMP_F.SKIP_FRAME : TRAMP_F.RESTORE_REGS;
        if (tr.flags & TRAMP_F.CALL_ORIG && tr.flags & TRAMP_F.SHARE_IPMODIFY) tr.flags |= TRAMP_F.ORIG_STACK;
        const ip = tr.ip;
        const image = backend.prepareTrampoline({
          ip,
          name: tr.ops.name,
          flags: tr.flags,
          stats: this.statsEnabled,
          fentry: [...tr.links[TRAMP_KIND.FENTRY]],
          fexit: [...tr.links[TRAMP_KIND.FEXIT]],
          fmodRet: [...tr.links[TRAMP_KIND.MODIFY_RETURN]],
          replace: tr.extension,
          fault: (prog, error) => {
            prog.errors++;
            try {
              this.onProgError(prog, ip, error);
            } catch {
              // Reporting cannot break the traced call.
            }
          },
        });
        try {
          if (tr.ops.flags & OPS_FL.ENABLED) this.ftrace.modifyDirect(tr.ops, image);
          else this.ftrace.registerDirect(tr.ops, image);
          tr.image = image;
          return;
        } catch (error) {
          if ((error as FentryError).code === 'EAGAIN' && attempt < 2) continue;
          throw error;
        }
      }
    } catch (error) {
      tr.flags = saved;
      throw error;
    } finally {
      tr.updating = false;
    }
  }

  /** `bpf_tramp_ftrace_ops_func`. */
  #opsFunc(tr: Trampoline, cmd: OpsCmd): number {
    const callsOrig = (tr.flags & TRAMP_F.CALL_ORIG) !== 0;
    switch (cmd) {
      case OPS_CMD.ENABLE_SHARE_IPMODIFY_SELF:
        // A freplace body and a live patch both replace the body: they never share.
        if (tr.extension !== undefined) return -ERRNO.EBUSY;
        if (callsOrig && !(tr.flags & TRAMP_F.ORIG_STACK)) {
          if (tr.flags & TRAMP_F.SHARE_IPMODIFY) return -ERRNO.EBUSY;
          tr.flags |= TRAMP_F.SHARE_IPMODIFY;
          return -ERRNO.EAGAIN;
        }
        return 0;
      case OPS_CMD.ENABLE_SHARE_IPMODIFY_PEER:
        if (tr.updating) return -ERRNO.EAGAIN;
        if (tr.extension !== undefined) return -ERRNO.EBUSY;
        tr.flags |= TRAMP_F.SHARE_IPMODIFY;
        if (callsOrig && !(tr.flags & TRAMP_F.ORIG_STACK)) return this.#regenerate(tr, TRAMP_F.SHARE_IPMODIFY);
        return 0;
      case OPS_CMD.DISABLE_SHARE_IPMODIFY_PEER:
        if (tr.updating) return -ERRNO.EAGAIN;
        tr.flags &= ~TRAMP_F.SHARE_IPMODIFY;
        if (tr.flags & TRAMP_F.ORIG_STACK) return this.#regenerate(tr, 0);
        return 0;
      default:
        return -ERRNO.EINVAL;
    }
  }

  /** An update asked for by the sharing protocol; its failure is its answer, and the share flag goes back. */
  #regenerate(tr: Trampoline, share: number): number {
    try {
      this.#update(tr);
      return 0;
    } catch (error) {
      tr.flags = (tr.flags & ~TRAMP_F.SHARE_IPMODIFY) | (share === 0 ? TRAMP_F.SHARE_IPMODIFY : 0);
      const code = (error as FentryError).code;
      return code in ERRNO ? -ERRNO[code as keyof typeof ERRNO] : -ERRNO.EINVAL;
    }
  }

  #rebuildAll(): void {
    for (const tr of this.#byIp.values()) {
      if (tr.total === 0 && tr.extension === undefined) continue;
      try {
        this.#update(tr);
      } catch (error) {
        this.onProgError(tr.links.flat()[0]?.prog ?? new Prog(TRAMP_KIND.FENTRY, undefined, tr.ops.name), tr.ip, error);
      }
    }
  }
}
