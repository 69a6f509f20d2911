/**
 * The caller of a traced call, without a stack walk: a per-thread shadow
 * stack of the sites whose calls fentry is inside of. Trampolines that run a
 * body (and so see its exit) push and pop; an entry-only callback only reads.
 * The parent of a call is the nearest enclosing call fentry saw enter and not
 * yet leave, or -1 at the bottom.
 */
export interface CallerStack {
  /** The site of the innermost open call, or -1. */
  parent(): number;
  push(ip: number): void;
  pop(): void;
  readonly depth: number;
}

const MAX_DEPTH = 1 << 16;

export function callerStack(): CallerStack {
  const ips = new Int32Array(MAX_DEPTH);
  let depth = 0;
  let overflow = 0;
  return {
    parent: () => (depth === 0 ? -1 : (ips[depth - 1] as number)),
    push(ip) {
      if (depth < MAX_DEPTH) ips[depth++] = ip;
      else overflow++;
    },
    pop() {
      if (overflow > 0) overflow--;
      else if (depth > 0) depth--;
    },
    get depth() {
      return depth;
    },
  };
}
