/**
 * `struct ftrace_hash`: a set of sites, plus the `:mod:` patterns cached for
 * modules that are not loaded yet and applied when one loads.
 */

/** A `glob:mod:module-glob` entry kept until a matching module loads. */
export interface ModPattern {
  /** The token as written, for reading the filter back (`func:mod:module`). */
  readonly text: string;
  readonly symbol: string;
  readonly module: string;
}

export class FilterHash {
  ips = new Set<number>();
  pending: ModPattern[] = [];

  /** The empty hash: every site (a hash with only cached module patterns selects none yet). */
  get isAll(): boolean {
    return this.ips.size === 0 && this.pending.length === 0;
  }

  clone(): FilterHash {
    const copy = new FilterHash();
    copy.ips = new Set(this.ips);
    copy.pending = [...this.pending];
    return copy;
  }

  /** Takes the other hash's contents (after a successful transaction). */
  assign(other: FilterHash): void {
    this.ips = other.ips;
    this.pending = other.pending;
  }

  equals(other: FilterHash): boolean {
    if (this.ips.size !== other.ips.size || this.pending.length !== other.pending.length) return false;
    for (const ip of this.ips) if (!other.ips.has(ip)) return false;
    return this.pending.every((p, i) => p.text === other.pending[i]?.text);
  }
}
