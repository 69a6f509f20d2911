/**
 * The function_graph files of every instance: `set_graph_function`,
 * `set_graph_notrace` (the set_ftrace_filter syntax without commands; the
 * kernel's `#### all functions enabled ####` / `#### no functions disabled ####`
 * when empty) and `max_graph_depth` (0: unlimited).
 */
import { FentryError } from '../errors.js';
import type { FilterHash } from '../core/index.js';
import { graphRestart, graphSettings } from '../tracers/function-graph.js';
import type { TraceArray } from '../tracers/trace-array.js';
import type { TracefsFiles } from './tracefs.js';

const FILES = ['set_graph_function', 'set_graph_notrace', 'max_graph_depth'] as const;

export function graphFiles(hashLines: (hash: FilterHash) => string): TracefsFiles {
  return {
    top: [],
    instance: FILES,
    read(file, tr) {
      const s = graphSettings(tr);
      switch (file) {
        case 'set_graph_function':
          return s.functions.isAll ? '#### all functions enabled ####\n' : hashLines(s.functions);
        case 'set_graph_notrace':
          return s.notrace.isAll ? '#### no functions disabled ####\n' : hashLines(s.notrace);
        case 'max_graph_depth':
          return `${s.maxDepth}\n`;
      }
      return undefined;
    },
    write(file, text, truncate, tr: TraceArray) {
      const s = graphSettings(tr);
      switch (file) {
        case 'set_graph_function':
        case 'set_graph_notrace': {
          const hash = file === 'set_graph_function' ? s.functions : s.notrace;
          hash.assign(tr.ftrace.parseHash(text, truncate ? emptyLike(hash) : hash, file));
          // A running graph tracer is specialised to whether these sets are empty.
          graphRestart(tr);
          return true;
        }
        case 'max_graph_depth': {
          const value = text.trim();
          if (!/^\d+$/.test(value)) throw new FentryError('EINVAL', `max_graph_depth takes a number, not '${value}'`, { value });
          s.maxDepth = Number(value);
          graphRestart(tr);
          return true;
        }
      }
      return false;
    },
  };
}

function emptyLike(hash: FilterHash): FilterHash {
  const empty = hash.clone();
  empty.ips = new Set();
  empty.pending = [];
  return empty;
}
