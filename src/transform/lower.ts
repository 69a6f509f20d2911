/**
 * TypeScript and JSX to JavaScript, by esbuild: a real, maintained compiler that
 * lowers everything Node cannot run (enums, namespaces, parameter properties,
 * both decorator proposals, JSX) and maps every token back to the source.
 * Chosen over oxc-transform, which leaves standard decorators in place, and over
 * `typescript`'s transpileModule, which is an order of magnitude slower.
 */
import fs from 'node:fs';
import path from 'node:path';
import { transformSync, type Loader } from 'esbuild';
import { TransformError } from '../errors.js';
import type { ModuleFormat } from './instrument.js';

const LOADERS: Record<string, Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx' };

const tsconfigCache = new Map<string, string | undefined>();

/** The text of the nearest tsconfig.json (esbuild reads its compiler options: decorators, JSX, class fields). */
function nearestTsconfig(file: string): string | undefined {
  let dir = path.dirname(file);
  for (;;) {
    if (tsconfigCache.has(dir)) return tsconfigCache.get(dir);
    const candidate = path.join(dir, 'tsconfig.json');
    if (fs.existsSync(candidate)) {
      const text = fs.readFileSync(candidate, 'utf8');
      tsconfigCache.set(dir, text);
      return text;
    }
    const up = path.dirname(dir);
    if (up === dir || path.basename(dir) === 'node_modules') {
      tsconfigCache.set(dir, undefined);
      return undefined;
    }
    dir = up;
  }
}

export interface Lowered {
  code: string;
  /** esbuild's source map (JSON text) from `code` back to the source. */
  map: string;
}

/** Lowers a TypeScript/JSX source to JavaScript of the given module format. */
export function lower(source: string, file: string, format: ModuleFormat): Lowered {
  const loader = LOADERS[path.extname(file)];
  if (loader === undefined) throw new TransformError(file, 1, 1, 'not a TypeScript or JSX file');
  const tsconfigRaw = nearestTsconfig(file);
  try {
    const result = transformSync(source, {
      loader,
      sourcefile: file,
      sourcemap: 'external',
      target: 'esnext',
      platform: 'node',
      // Node runs no decorators yet: lower both proposals (esbuild keeps standard ones at esnext).
      supported: { decorators: false },
      format: format === 'esm' ? 'esm' : 'cjs',
      ...(tsconfigRaw === undefined ? {} : { tsconfigRaw }),
      logLevel: 'silent',
    });
    return { code: result.code, map: result.map };
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { line: number; column: number } | null }[] }).errors?.[0];
    const line = first?.location?.line ?? 1;
    const column = (first?.location?.column ?? 0) + 1;
    throw new TransformError(file, line, column, first?.text ?? String(error), error);
  }
}
