/**
 * `trace_stat/function<N>`: the function profiler's table as the kernel prints
 * it (`function_stat_headers` / `function_stat_show` in kernel/trace/ftrace.c),
 * sorted by total time, longest first (`function_stat_cmp` with the graph
 * tracer built in).
 */
import { formatDuration } from './graph-text.js';

/** One profiled function: its symbol, hits, and the sum and sum of squares of its call times. */
export interface ProfileRow {
  readonly symbol: string;
  readonly hits: number;
  /** Σ call time, in nanoseconds. */
  readonly time: number;
  /** Σ call time², in ns². */
  readonly timeSquared: number;
}

export const FUNCTION_STAT_HEADER =
  '  Function                               Hit    Time            Avg             s^2\n' +
  '  --------                               ---    ----            ---             ---\n';

/**
 * The table: `"  %-30.30s  %10lu"`, then time, average and s² each after four
 * spaces in `trace_print_graph_duration`'s format. Like the kernel, times are
 * whole nanoseconds, the average is `time / hits` rounded down, and s² is the
 * sample variance `(n·Σx² − (Σx)²) / (n(n−1))` in µs² (the kernel divides
 * ns² by 1000 once and lets the duration printer divide by 1000 again), 0
 * with fewer than two hits.
 */
export function functionStat(rows: readonly ProfileRow[]): string {
  const sorted = [...rows].sort((a, b) => b.time - a.time || b.hits - a.hits || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  let out = FUNCTION_STAT_HEADER;
  for (const row of sorted) {
    const n = row.hits;
    const time = Math.floor(row.time);
    const avg = n === 0 ? 0 : Math.floor(time / n);
    out += `  ${row.symbol.slice(0, 30).padEnd(30)}  ${String(n).padStart(10)}`;
    out += `    ${formatDuration(time / 1000)}    ${formatDuration(avg / 1000)}    ${formatDuration(variance(row) / 1e6)}\n`;
  }
  return out;
}

/** s² in ns², rounded down to what the kernel's integer division keeps (a multiple of 1000 ns²). */
function variance(row: ProfileRow): number {
  const n = row.hits;
  if (n < 2) return 0;
  const s2 = (n * row.timeSquared - row.time * row.time) / (n * (n - 1));
  return s2 <= 0 ? 0 : Math.floor(s2 / 1000) * 1000;
}
