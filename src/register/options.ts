/**
 * Which files the load hooks instrument, from the environment (so that every
 * thread and child process of a traced program agrees): `FENTRY_INCLUDE` and
 * `FENTRY_EXCLUDE` hold comma-separated globs over paths relative to
 * `FENTRY_ROOT` (default: the working directory). Packages are included by
 * default; fentry's own files never are.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import { SOURCE_EXTENSIONS, globPath } from '../transform/module-name.js';

export interface SelectOptions {
  root: string;
  include: string[];
  exclude: string[];
}

/** fentry's own package directory: never instrumented. */
export const OWN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function globs(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,\n]/)
    .map((g) => g.trim())
    .filter((g) => g !== '');
}

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): SelectOptions {
  return {
    root: path.resolve(env['FENTRY_ROOT'] ?? process.cwd()),
    include: globs(env['FENTRY_INCLUDE']),
    exclude: globs(env['FENTRY_EXCLUDE']),
  };
}

/** A predicate over absolute file paths: instrument this file? */
export function selector(options: SelectOptions): (file: string) => boolean {
  const include = options.include.length > 0 ? picomatch(options.include, { dot: true }) : () => true;
  const exclude = options.exclude.length > 0 ? picomatch(options.exclude, { dot: true }) : () => false;
  const own = OWN_DIR + path.sep;
  return (file) => {
    if (file.startsWith(own)) return false;
    if (!(SOURCE_EXTENSIONS as readonly string[]).includes(path.extname(file))) return false;
    const rel = globPath(file, options.root);
    return include(rel) && !exclude(rel);
  };
}
