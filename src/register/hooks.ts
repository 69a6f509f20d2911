/**
 * Module customization hooks (`module.register`, Node 20): instrument ES
 * modules and load TypeScript. CommonJS is instrumented in the main thread by
 * the `Module.prototype._compile` hook in `index.ts`, because Node 20 runs
 * `require` outside these hooks.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { optionsFromEnv, selector } from './options.js';
import { instrumentOrWarn } from './instrument-or-warn.js';
import { formatOf, needsLowering } from '../transform/module-name.js';

const select = selector(optionsFromEnv());

interface LoadContext {
  format?: string | null;
  [key: string]: unknown;
}
interface LoadResult {
  format: string;
  source?: string | ArrayBuffer | Uint8Array | null;
  shortCircuit?: boolean;
}
type NextLoad = (url: string, context?: LoadContext) => Promise<LoadResult>;

export async function load(url: string, context: LoadContext, nextLoad: NextLoad): Promise<LoadResult> {
  if (!url.startsWith('file:')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const treatment = select(file);
  if (treatment === 'skip') return nextLoad(url, context);
  const lowering = needsLowering(file);
  const tsSource = lowering ? fs.readFileSync(file, 'utf8') : undefined;
  const declared = context.format;
  const format = declared === 'module' ? 'esm' : declared === 'commonjs' ? 'cjs' : formatOf(file, tsSource);
  if (format === 'cjs') {
    // The CommonJS loader reads the file and calls the _compile hook.
    if (lowering) return { format: 'commonjs', source: null, shortCircuit: true };
    return nextLoad(url, context);
  }
  const source = tsSource !== undefined
    ? tsSource
    : String(Buffer.from((await nextLoad(url, { ...context, format: 'module' })).source as Uint8Array));
  return { format: 'module', source: instrumentOrWarn(source, file, 'esm', url, treatment).code, shortCircuit: true };
}
