/**
 * The stack tracer's `stack_trace` file in the kernel's table layout
 * (`t_show` in kernel/trace/trace_stack.c), translated from bytes to frames:
 *
 * ```
 *         Depth    Size   Location    (3 entries)
 *         -----    ----   --------
 *   0)        7       1   spin_lock (kernel.mjs:5:8)
 *   1)        6       3   raw_spin_trylock (kernel.mjs:7:41)
 *   2)        3       3   Module.workload (kernel.mjs:27:10)
 * ```
 *
 * Depth is the stack below and including the entry, in frames; Size is how
 * many of those frames the entry stands for: 1, plus the frames of fentry's
 * own handlers that a traced caller adds under its body and that are not
 * listed. So Depth(i) = Size(i) + Depth(i+1), as the kernel's bytes add up.
 */

/** One listed frame of the deepest stack. */
export interface StackEntry {
  /** `function (file:line:column)`, or the location alone for a nameless frame. */
  readonly location: string;
  /** Frames from this one to the bottom of the stack, this one included. */
  readonly depth: number;
  /** Frames this entry accounts for. */
  readonly size: number;
}

/** The table; `enabled` and `maxSize` decide whether the kernel's "disabled" notice follows the header. */
export function stackTraceText(entries: readonly StackEntry[], enabled: boolean, maxSize: number, truncatedAt?: number): string {
  let out = `        Depth    Size   Location    (${entries.length} entries)\n        -----    ----   --------\n`;
  if (!enabled && maxSize === 0) {
    out += "#\n#  Stack tracer disabled\n#\n# To enable the stack tracer, 'echo 1 > stack_tracer_enabled'\n#\n";
    return out;
  }
  entries.forEach((e, i) => {
    out += `${String(i).padStart(3)}) ${String(e.depth).padStart(8)}   ${String(e.size).padStart(5)}   ${e.location}\n`;
  });
  if (truncatedAt !== undefined) out += `# the stack was deeper than ${truncatedAt} frames: only the innermost ${truncatedAt} were captured\n`;
  return out;
}
