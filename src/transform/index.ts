/**
 * The transformer: source in, instrumented JavaScript with an inline source map
 * and the module's site table out. Used by the load hooks, `fentry ls` and
 * ahead-of-time builds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import type { SiteTuple } from '../runtime/index.js';
import { instrument, lineIndex, INSTRUMENTED_MARK, type ModuleFormat } from './instrument.js';
import { lower } from './lower.js';
import { parameterTypes } from './types.js';
import { parse, parseDetect } from './parse.js';
import { chain, inlineComment, originalPositions, readInputMap } from './source-map.js';
import { DiskCache, cacheDir, digest } from './cache.js';
import { declaredFormat, formatOf, moduleName, needsLowering } from './module-name.js';
import type { Node } from './estree.js';

export { TransformError, FentryError } from '../errors.js';
export { formatOf, moduleName, globPath, SOURCE_EXTENSIONS } from './module-name.js';
export type { ModuleFormat } from './instrument.js';

/** fentry's version. */
export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

let transformerId: string | undefined;

/**
 * What the output depends on besides the input: fentry's version and the
 * transformer's own code (this folder and the runtime ABI), so a cache entry
 * made by another build of fentry is never served.
 */
export function transformerIdentity(): string {
  if (transformerId !== undefined) return transformerId;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const files = [...fs.readdirSync(here).filter((f) => f.endsWith('.js')).sort().map((f) => path.join(here, f)), path.join(here, '..', 'runtime', 'index.js')];
  transformerId = digest(VERSION, ...files.map((f) => fs.readFileSync(f, 'utf8')));
  return transformerId;
}

export interface TransformOptions {
  /** Absolute path of the file. */
  filename: string;
  /** How the file loads; by default from its extension and package.json. */
  format?: ModuleFormat;
  /** Project root for module names; default: the working directory. */
  root?: string;
  /** The URL the module is loaded as; default: the file URL. */
  url?: string;
  /**
   * Frame sync generators too (their `yield`s, end and `return()` become
   * visible to function_graph and fexit). Off by default: the frame's
   * `try`/`finally` costs every generator call 9–22% while nothing is
   * attached (docs/benchmarks.md). `FENTRY_FRAME_GENERATORS=1` for the loader.
   */
  frameGenerators?: boolean;
}

export interface TransformOutput {
  /** Instrumented JavaScript with an inline source map. */
  code: string;
  /** The module name in the site table. */
  module: string;
  format: ModuleFormat;
  sites: SiteTuple[];
  /** Positions in `sites` of async functions and generators whose body is not framed (see the runtime's `Site.framed`). */
  unframed: number[];
}

/** Whether `code` is already instrumented (by an ahead-of-time build, say). */
export function isInstrumented(code: string): boolean {
  return code.slice(0, 512).includes(INSTRUMENTED_MARK);
}

/** Instruments one module's source. Throws a `TransformError` naming file, line and column. */
export function transformSource(source: string, options: TransformOptions): TransformOutput {
  const file = options.filename;
  const root = options.root ?? process.cwd();
  const module = moduleName(file, root);
  const declared = options.format ?? declaredFormat(file);
  // TypeScript must be lowered to one format before it is parsed: its own text decides.
  let format: ModuleFormat = declared ?? (needsLowering(file) ? formatOf(file, source) : 'cjs');
  if (isInstrumented(source)) return { code: source, module, format, sites: [], unframed: [] };

  let js = source;
  let innerMap: string | Record<string, unknown> | undefined;
  let toOriginal: ((line: number, column: number) => { line: number; column: number }) | undefined;
  if (needsLowering(file)) {
    const lowered = lower(source, file, format);
    js = lowered.code;
    innerMap = lowered.map;
    toOriginal = originalPositions(lowered.map);
  } else {
    const input = readInputMap(source, file);
    if (input !== undefined) {
      js = source.slice(0, input.commentStart);
      innerMap = input.map;
    }
  }

  let program: Node;
  if (declared === undefined && !needsLowering(file)) ({ program, format } = parseDetect(js, file));
  else program = parse(js, file, format);
  const index = lineIndex(js);
  const position = toOriginal === undefined ? index : (offset: number) => {
    const at = index(offset);
    return toOriginal(at.line, at.column);
  };
  // Parameter types as written (the site table's BTF) come from the TypeScript source.
  const types = needsLowering(file) && /\.[cm]?tsx?$/.test(file) ? parameterTypes(source, file) : undefined;
  const result = instrument(js, {
    ...(types === undefined ? {} : { types }),
    format,
    module,
    file: options.url ?? pathToFileURL(file).href,
    // The file too: two copies of one source must not share ES module slot globals.
    salt: digest(file, source).slice(0, 8),
    program,
    position,
    frameGenerators: options.frameGenerators === true,
  });
  const ownMap = result.magic.generateMap({ hires: 'boundary', source: path.basename(file), includeContent: false });
  const map = innerMap === undefined ? ownMap : chain(JSON.parse(ownMap.toString()) as never, innerMap as never);
  return { code: result.code + inlineComment(map), module, format, sites: result.sites, unframed: result.unframed };
}

let sharedCache: DiskCache | undefined;

/**
 * {@link transformSource} through the disk cache (disabled with
 * `FENTRY_CACHE=0`): the code and the format it was instrumented as (decided
 * by parsing where nothing declared it). An entry is the format, a newline,
 * then the code.
 */
export function transformCached(source: string, options: TransformOptions): { code: string; format: ModuleFormat } {
  const root = options.root ?? process.cwd();
  if (process.env['FENTRY_CACHE'] === '0') return transformSource(source, options);
  sharedCache ??= new DiskCache(cacheDir(root));
  const key = digest(transformerIdentity(), options.filename, options.format ?? '', root, options.url ?? '', options.frameGenerators === true ? 'g' : '', source);
  const hit = sharedCache.get(key);
  if (hit !== undefined) {
    const newline = hit.indexOf('\n');
    return { format: hit.slice(0, newline) as ModuleFormat, code: hit.slice(newline + 1) };
  }
  const { code, format } = transformSource(source, options);
  sharedCache.set(key, `${format}\n${code}`);
  return { code, format };
}

/** Reads and instruments a file. */
export function transformFile(filename: string, options: Omit<TransformOptions, 'filename'> = {}): TransformOutput {
  return transformSource(fs.readFileSync(filename, 'utf8'), { ...options, filename });
}
