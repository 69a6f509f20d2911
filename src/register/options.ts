/**
 * Which files the load hooks instrument, from the environment (so that every
 * thread and child process of a traced program agrees): `FENTRY_INCLUDE` and
 * `FENTRY_EXCLUDE` hold comma-separated globs over paths relative to
 * `FENTRY_ROOT` (default: the working directory). Packages are included by
 * default; fentry's own files never are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import { SOURCE_EXTENSIONS, globPath, needsLowering } from '../transform/module-name.js';

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

/**
 * The packages fentry itself runs on (its dependencies, transitively): never
 * instrumented, wherever they are installed, so fentry never traces itself.
 */
export function ownPackages(): Set<string> {
  const names = new Set<string>();
  const visit = (pkgJson: string): void => {
    let deps: Record<string, string> = {};
    try {
      deps = (JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {};
    } catch {
      return;
    }
    const require = createRequire(pkgJson);
    for (const name of Object.keys(deps)) {
      if (names.has(name)) continue;
      names.add(name);
      try {
        visit(require.resolve(`${name}/package.json`));
      } catch {
        // A package without an exported package.json: its own dependencies stay traceable.
      }
    }
  };
  visit(path.join(OWN_DIR, 'package.json'));
  return names;
}

/** The package a file belongs to, from its last `node_modules/` segment. */
function packageOf(file: string): string | undefined {
  const posix = file.split(path.sep).join('/');
  const at = posix.lastIndexOf('/node_modules/');
  if (at === -1) return undefined;
  const parts = posix.slice(at + '/node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : parts[0];
}

/**
 * What the load hooks do with a file: instrument it; only lower it (TypeScript
 * or JSX left out by the globs must still load); or leave it to Node.
 */
export type Treatment = 'instrument' | 'lower' | 'skip';

/**
 * Decides each file's treatment by absolute path. Never fentry's own code or
 * the packages it runs on; in fentry's own checkout, its tests, examples,
 * benchmarks and their packages are ordinary programs.
 */
export function selector(options: SelectOptions): (file: string) => Treatment {
  const instrument = predicate(options);
  return (file) => (instrument(file) ? 'instrument' : needsLowering(file) ? 'lower' : 'skip');
}

function predicate(options: SelectOptions): (file: string) => boolean {
  const include = options.include.length > 0 ? picomatch(options.include, { dot: true }) : () => true;
  const exclude = options.exclude.length > 0 ? picomatch(options.exclude, { dot: true }) : () => false;
  const own = OWN_DIR + path.sep;
  const ownCode = ['dist', 'src', 'bin', 'scripts'].map((d) => path.join(OWN_DIR, d) + path.sep);
  const deps = ownPackages();
  return (file) => {
    if (file.startsWith(own) && ownCode.some((d) => file.startsWith(d))) return false;
    const pkg = packageOf(file);
    if (pkg !== undefined && deps.has(pkg)) return false;
    if (!(SOURCE_EXTENSIONS as readonly string[]).includes(path.extname(file))) return false;
    const rel = globPath(file, options.root);
    return include(rel) && !exclude(rel);
  };
}
