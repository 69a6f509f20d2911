/**
 * The load hooks' one entry into the transformer: instrument, or when the
 * transformer cannot handle a file, warn once naming file, line and column and
 * hand back code that still runs (TypeScript lowered without sites, JavaScript as it was).
 */
import { transformCached, TransformError, type ModuleFormat } from '../transform/index.js';
import { lower } from '../transform/lower.js';
import { needsLowering } from '../transform/module-name.js';
import { optionsFromEnv, type Treatment } from './options.js';

const warned = new Set<string>();

const root = optionsFromEnv().root;

export function instrumentOrWarn(source: string, filename: string, format: ModuleFormat, url: string | undefined, treatment: Treatment): string {
  if (treatment === 'skip') return source;
  if (treatment === 'lower') return lower(source, filename, format).code;
  try {
    return transformCached(source, { filename, format, root, ...(url === undefined ? {} : { url }) });
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
        return lower(source, filename, format).code;
      } catch {
        return source;
      }
    }
    return source;
  }
}
