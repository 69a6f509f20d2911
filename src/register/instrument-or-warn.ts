/**
 * The load hooks' one entry into the transformer: instrument, or when the
 * transformer cannot handle a file, warn once naming file, line and column and
 * hand back code that still runs (TypeScript lowered without sites, JavaScript as it was).
 */
import { transformCached, TransformError, type ModuleFormat } from '../transform/index.js';
import { lower } from '../transform/lower.js';
import { formatOf, needsLowering } from '../transform/module-name.js';
import { optionsFromEnv, type Treatment } from './options.js';

const warned = new Set<string>();

const root = optionsFromEnv().root;

/**
 * Instruments (or lowers, or passes through) one module. `format` undefined:
 * nothing declared it, and the transformer decides by parsing as Node does;
 * the result says what it decided.
 */
export function instrumentOrWarn(
  source: string,
  filename: string,
  format: ModuleFormat | undefined,
  url: string | undefined,
  treatment: Treatment,
): { code: string; format: ModuleFormat } {
  const fallback = format ?? formatOf(filename, source);
  if (treatment === 'skip') return { code: source, format: fallback };
  if (treatment === 'lower') return { code: lower(source, filename, fallback).code, format: fallback };
  try {
    return transformCached(source, {
      filename,
      root,
      ...(format === undefined ? {} : { format }),
      ...(url === undefined ? {} : { url }),
      ...(process.env['FENTRY_FRAME_GENERATORS'] === '1' ? { frameGenerators: true } : {}),
    });
  } catch (error) {
    if (!warned.has(filename)) {
      warned.add(filename);
      const where = error instanceof TransformError ? `${error.file}:${error.line}:${error.column}` : filename;
      const reason = error instanceof TransformError ? error.message.slice(error.message.indexOf(': ') + 2) : String(error);
      process.emitWarning(`fentry: cannot instrument ${where}: ${reason}; it runs without patch sites`, {
        code: 'FENTRY_TRANSFORM_FAILED',
      });
    }
    if (needsLowering(filename)) {
      try {
        return { code: lower(source, filename, fallback).code, format: fallback };
      } catch {
        return { code: source, format: fallback };
      }
    }
    return { code: source, format: fallback };
  }
}
