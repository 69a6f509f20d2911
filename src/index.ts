/**
 * fentry's public API. The tracers, programs and control plane build on the
 * per-thread site registry exported here.
 */
import { currentRuntime, type Site } from './runtime/index.js';
import { availableFilterFunctions as formatTable } from './formats/site-table.js';

export { FentryError, TransformError } from './errors.js';
export { CONTINUE, currentRuntime, installRuntime } from './runtime/index.js';
export type { Site, SiteKind, SiteMode, SiteHandler, LoadedModule } from './runtime/index.js';

/** The sites of this thread in load order (empty when fentry/register was not loaded). */
export function sites(): Site[] {
  const runtime = currentRuntime();
  if (runtime === undefined) return [];
  const out: Site[] = [];
  for (let i = 0; i < runtime.siteCount; i++) out.push(runtime.site(i));
  return out;
}

/** This thread's `available_filter_functions`: `symbol [module]` per line, in load order. */
export function availableFilterFunctions(): string {
  return formatTable(sites());
}

import { currentSession } from './control/session.js';

/**
 * This thread's tracefs: the kernel's tracing control files, with the same
 * read and write semantics (`write` truncates like `>`, `append` adds like `>>`).
 */
export const tracefs = {
  read: (file: string): string => currentSession().tracefs.read(file),
  write: (file: string, text: string): void => currentSession().tracefs.write(file, text),
  append: (file: string, text: string): void => currentSession().tracefs.append(file, text),
  /** `mkdir instances/<name>`. */
  mkdir: (dir: string): void => currentSession().tracefs.mkdir(dir),
  /** `rmdir instances/<name>`. */
  rmdir: (dir: string): void => currentSession().tracefs.rmdir(dir),
  /** The files of a folder ('' is the top). */
  list: (dir = ''): string[] => currentSession().tracefs.list(dir),
};

export {
  attach,
  enableStats,
  trampolineOf,
  patch,
  registerDirect,
  loadPrograms,
  Link,
  Patch,
  DirectCall,
  ProgramContext,
  MAX_TRAMP_LINKS,
  type ProgramKind,
  type ProgramSpec,
  type ProgramHandler,
  type ProgramStats,
  type LinkedFunction,
  type TrampolineInfo,
  type Target,
  type DirectTrampoline,
  type FuncInfo,
  type LoadedPrograms,
  type LoadOptions,
  type ProbeHelpers,
  type ProgramEntry,
  type PatchEntry,
} from './programs/index.js';
