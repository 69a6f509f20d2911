/**
 * Stack traces for `<stack trace>` entries (func_stack_trace, the stacktrace
 * trigger): the program's frames as `function (file:line:column)`, with
 * source maps applied, fentry's own frames left out.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** fentry's own code, compiled and (through source maps) original: never shown in a stack trace. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OWN = [path.join(ROOT, 'dist') + path.sep, path.join(ROOT, 'src') + path.sep];
const MAX_FRAMES = 32;

/** The caller's frames, innermost first, skipping `skip` program frames. */
export function captureFrames(skip = 0): string[] {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = MAX_FRAMES + 16;
  Error.captureStackTrace(holder, captureFrames);
  Error.stackTraceLimit = limit;
  const frames: string[] = [];
  for (const line of (holder.stack ?? '').split('\n').slice(1)) {
    const text = line.trim().replace(/^at /, '');
    if (OWN.some((own) => text.includes(own)) || text.startsWith('node:') || text.includes('(node:')) continue;
    frames.push(relative(text));
  }
  return frames.slice(skip, skip + MAX_FRAMES);
}

function relative(frame: string): string {
  return frame.replace(/(file:\/\/)?(\/[^():]+)(:\d+:\d+)/, (_m, _scheme: string, file: string, pos: string) => {
    const rel = path.relative(process.cwd(), file);
    return (rel.startsWith('..') ? file : rel) + pos;
  });
}
