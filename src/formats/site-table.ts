/**
 * The site table in the kernel's `available_filter_functions` format: one
 * `symbol [module]` per line in load order, so that the 1-based line number
 * selects a site as it does in the kernel.
 */
import type { Site, SiteTuple } from '../runtime/index.js';

/** One line of `available_filter_functions`. */
export function siteLine(site: Pick<Site, 'symbol' | 'module'>): string {
  return `${site.symbol} [${site.module}]`;
}

/** The whole table, one line per site, newline-terminated. */
export function availableFilterFunctions(sites: Iterable<Pick<Site, 'symbol' | 'module'>>): string {
  let out = '';
  for (const site of sites) out += siteLine(site) + '\n';
  return out;
}

/** A site described by the transformer (before load), in the shape tools consume with `--json`. */
export interface SiteRecordJson {
  id: string;
  symbol: string;
  module: string;
  line: number;
  column: number;
  kind: string;
  mode: string;
  params: string[];
  types?: (string | null)[];
}

/** Expands the transformer's compact tuples for one module. */
export function siteRecords(module: string, tuples: SiteTuple[]): SiteRecordJson[] {
  return tuples.map(([symbol, line, column, kind, mode, params, types]) => ({
    id: `${module}:${line}:${column}`,
    symbol,
    module,
    line,
    column,
    kind,
    mode,
    params,
    ...(types === undefined ? {} : { types }),
  }));
}
