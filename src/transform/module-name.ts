/**
 * How files are named in the site table: relative to the project root, and
 * files inside a package as `package-name/path/in/package.js`.
 */
import path from 'node:path';
import fs from 'node:fs';

/** The module name of `file` (an absolute path) for the project at `root`. */
export function moduleName(file: string, root: string): string {
  const posix = file.split(path.sep).join('/');
  const nm = posix.lastIndexOf('/node_modules/');
  if (nm !== -1) return posix.slice(nm + '/node_modules/'.length);
  const rel = path.relative(root, file).split(path.sep).join('/');
  return rel === '' ? path.basename(file) : rel;
}

/** The path relative to `root` that include/exclude globs match against. */
export function globPath(file: string, root: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

type PackageType = 'module' | 'commonjs' | undefined;
const typeCache = new Map<string, PackageType>();

/** The nearest package.json's `type`, or undefined where none says. */
export function packageType(file: string): PackageType {
  let dir = path.dirname(file);
  const seen: string[] = [];
  let found: PackageType;
  for (;;) {
    const cached = typeCache.get(dir);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    seen.push(dir);
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        const type = (JSON.parse(fs.readFileSync(pj, 'utf8')) as { type?: string }).type;
        found = type === 'module' ? 'module' : type === 'commonjs' ? 'commonjs' : undefined;
      } catch {
        found = undefined;
      }
      break;
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  for (const d of seen) typeCache.set(d, found);
  return found;
}

const ESM_SYNTAX = /^[ \t]*(?:import[ \t]*[{*\w"']|export[ \t]+(?:\{|\*|default|const|let|var|function|class|async|enum|interface|type|namespace|abstract|declare))/m;

/** The format a file's extension or package `type` declares, or undefined where neither says. */
export function declaredFormat(file: string): 'esm' | 'cjs' | undefined {
  const ext = path.extname(file);
  if (ext === '.mjs' || ext === '.mts') return 'esm';
  if (ext === '.cjs' || ext === '.cts') return 'cjs';
  const type = packageType(file);
  return type === undefined ? undefined : type === 'module' ? 'esm' : 'cjs';
}

/**
 * The module format a file loads as: by extension, then the package's `type`,
 * then, where no package says (as Node's syntax detection does), by whether
 * the source has top-level `import`/`export` statements.
 */
export function formatOf(file: string, source?: string): 'esm' | 'cjs' {
  const ext = path.extname(file);
  if (ext === '.mjs' || ext === '.mts') return 'esm';
  if (ext === '.cjs' || ext === '.cts') return 'cjs';
  const type = packageType(file);
  if (type !== undefined) return type === 'module' ? 'esm' : 'cjs';
  return source !== undefined && ESM_SYNTAX.test(source) ? 'esm' : 'cjs';
}

/** Extensions fentry can instrument. */
export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'] as const;

/** Whether the extension needs TypeScript or JSX lowering before instrumenting. */
export function needsLowering(file: string): boolean {
  const ext = path.extname(file);
  return ext === '.ts' || ext === '.mts' || ext === '.cts' || ext === '.tsx' || ext === '.jsx';
}
