/**
 * Flag names and bits as the kernel has them (include/linux/ftrace.h), so a
 * reader of ftrace.c finds their way. `FTRACE_OPS_FL_*` describe an ops;
 * `FTRACE_FL_*` describe a record (one per patch site).
 */

/** `FTRACE_OPS_FL_*`: what an ops is and wants. */
export const OPS_FL = {
  ENABLED: 1 << 0,
  DYNAMIC: 1 << 1,
  /** The callback wants the arguments (kernel: a full `pt_regs`); here `SAVE_ARGS` is the same bit. */
  SAVE_REGS: 1 << 2,
  SAVE_REGS_IF_SUPPORTED: 1 << 3,
  /** The callback wants fentry's recursion protection, so it is called through the list dispatcher's assist path. */
  RECURSION: 1 << 4,
  /** A placeholder: the list dispatcher skips it. */
  STUB: 1 << 5,
  INITIALIZED: 1 << 6,
  DELETED: 1 << 7,
  ADDING: 1 << 8,
  REMOVING: 1 << 9,
  MODIFYING: 1 << 10,
  ALLOC_TRAMP: 1 << 11,
  /** The ops replaces the function's body (live patching); at most one per function. */
  IPMODIFY: 1 << 12,
  PID: 1 << 13,
  RCU: 1 << 14,
  TRACE_ARRAY: 1 << 15,
  /** Cannot be unregistered while tracing is killed; cannot be disabled (livepatch). */
  PERMANENT: 1 << 16,
  /** A direct-call ops: the site calls the ops' own trampoline when it is alone. */
  DIRECT: 1 << 17,
  SUBOP: 1 << 18,
  GRAPH: 1 << 19,
} as const;

/** `FTRACE_OPS_FL_SAVE_ARGS`: an alias of SAVE_REGS, as on architectures without WITH_ARGS. */
export const SAVE_ARGS = OPS_FL.SAVE_REGS;

/** Ops flags that may not change while the ops is registered. */
export const OPS_ATTRIBUTE_FLAGS = OPS_FL.SAVE_REGS | OPS_FL.SAVE_REGS_IF_SUPPORTED | OPS_FL.RECURSION | OPS_FL.STUB | OPS_FL.IPMODIFY;

/** `FTRACE_FL_*`: a record's requested state and applied (`_EN`) state; the count lives beside it. */
export const REC_FL = {
  ENABLED: 1 << 31,
  REGS: 1 << 30,
  REGS_EN: 1 << 29,
  TRAMP: 1 << 28,
  TRAMP_EN: 1 << 27,
  IPMODIFY: 1 << 26,
  DISABLED: 1 << 25,
  DIRECT: 1 << 24,
  DIRECT_EN: 1 << 23,
  CALL_OPS: 1 << 22,
  CALL_OPS_EN: 1 << 21,
  /** Some ops was attached since start. Never cleared. */
  TOUCHED: 1 << 20,
  /** An IPMODIFY or DIRECT ops was attached since start. Never cleared. */
  MODIFIED: 1 << 19,
} as const;

/** Flags that survive a record's count dropping to zero (`FTRACE_NOCLEAR_FLAGS`). */
export const REC_NOCLEAR = REC_FL.DISABLED | REC_FL.TOUCHED | REC_FL.MODIFIED;

/** What reconciling a record asks of the backend (`FTRACE_UPDATE_*`). */
export const UPDATE = {
  IGNORE: 0,
  MAKE_CALL: 1,
  MODIFY_CALL: 2,
  MAKE_NOP: 3,
} as const;
export type Update = (typeof UPDATE)[keyof typeof UPDATE];

/** Names for messages and reports. */
export function opsFlagNames(flags: number): string[] {
  return Object.entries(OPS_FL)
    .filter(([, bit]) => (flags & bit) !== 0)
    .map(([name]) => name);
}

/** The kernel's errno numbers the core's protocols pass around (`ops_func` returns them negated). */
export const ERRNO = {
  ENOENT: 2,
  E2BIG: 7,
  EAGAIN: 11,
  EBUSY: 16,
  EINVAL: 22,
  ENOTSUPP: 524,
} as const;

/** The errno name of a negative return (`-11` → `EAGAIN`). */
export function errnoName(negative: number): string {
  for (const [name, value] of Object.entries(ERRNO)) if (value === -negative) return name;
  return `E${-negative}`;
}
