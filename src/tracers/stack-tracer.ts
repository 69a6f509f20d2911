/**
 * The stack tracer (kernel/trace/trace_stack.c): while enabled, every call of
 * a function in `stack_trace_filter` measures how deep the stack is, and the
 * deepest stack seen is kept with its frames (`stack_max_size`,
 * `stack_trace`). It is an ordinary ops with its own filter, as the kernel's
 * `trace_ops` is.
 *
 * The kernel measures bytes: the stack pointer against the thread's stack,
 * one compare per call. JavaScript has no stack pointer; the depth here is in
 * frames, and the only source is V8's stack capture. A capture costs about
 * 1-2 µs plus 0.3-0.5 µs per frame walked on this machine class (the walk
 * materialises every frame, inlined ones included), so each call captures at
 * most `stack_max_size` + a few frames with a `prepareStackTrace` that only
 * counts them: a call that is not deeper than the maximum stops there, and
 * only a new maximum pays for the full capture, formatted with source maps.
 * The caller stack the JavaScript backend keeps would be one read, but the
 * tracers cannot reach a backend by the layering, and it counts only the
 * calls fentry saw enter, not the real stack.
 *
 * What counts as the stack: every frame V8 has below and including the
 * traced function, fentry's own handler frames included (a traced caller's
 * body runs from its handler, one more frame, under a second frame of the
 * same function: real stack use), but not the stack tracer's own frames above
 * the traced function, nor the `async` frames V8 appends (they are not on the
 * stack). The listing folds fentry's frames into the entry above them.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FilterHash, Ops, type Ftrace } from '../core/index.js';
import type { StackEntry } from '../formats/stack-trace.js';

/** Most frames captured (`STACK_TRACE_ENTRIES`); a deeper stack is measured as this many and marked truncated. */
export const STACK_TRACE_ENTRIES = 1024;
/** More frames than the stack tracer's own path above the traced function can take (callback, list dispatcher, handler). */
const SLACK = 8;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** fentry's code, as paths (CommonJS, source-mapped) and as URLs (ES modules). */
const OWN = [path.join(ROOT, 'dist'), path.join(ROOT, 'src')].flatMap((dir) => [dir + path.sep, pathToFileURL(dir).href + '/']);

const isOwn = (text: string): boolean => {
  for (let i = 0; i < OWN.length; i++) if (text.includes(OWN[i] as string)) return true;
  return false;
};

/** A V8 call site, as `Error.prepareStackTrace` receives it (the parts used here). */
interface CallSite {
  getFileName(): string | undefined | null;
  getEvalOrigin(): string | undefined;
  isAsync?(): boolean;
  isPromiseAll?(): boolean;
}

const isOwnSite = (site: CallSite): boolean => isOwn(site.getFileName() ?? site.getEvalOrigin() ?? '');
const isAsyncSite = (site: CallSite): boolean => site.isAsync?.() === true || site.isPromiseAll?.() === true;

/** `Error`'s V8 stack-trace knobs, saved and restored around each capture (the program may set them too). */
const V8Error = Error as unknown as { stackTraceLimit: number; prepareStackTrace?: unknown };

/** What a count that hit its frame limit reports: possibly deeper than the maximum, so always worth the full capture. */
const HIT_LIMIT = Number.POSITIVE_INFINITY;

let countLimit = 0;
/** `Error.prepareStackTrace` for the cheap check: the stack's depth as defined above, or HIT_LIMIT. */
function countFrames(_error: unknown, sites: CallSite[]): number {
  if (sites.length >= countLimit) return HIT_LIMIT;
  let top = 0;
  while (top < sites.length && isOwnSite(sites[top] as CallSite)) top++;
  let end = sites.length;
  while (end > top && isAsyncSite(sites[end - 1] as CallSite)) end--;
  return end - top;
}

export class StackTracer {
  readonly ftrace: Ftrace;
  /** The stack tracer's ops; its filter is `stack_trace_filter`. */
  readonly ops: Ops;
  /** `stack_max_size`: the deepest stack seen, in frames. */
  maxSize = 0;
  /** The frames of the deepest stack, innermost first. */
  entries: StackEntry[] = [];
  /** Set when the deepest stack had more than {@link STACK_TRACE_ENTRIES} frames. */
  truncated = false;
  #busy = false;
  readonly #holder: { stack?: unknown } = {};

  constructor(ftrace: Ftrace) {
    this.ftrace = ftrace;
    const call = (): void => this.#check();
    Object.defineProperty(call, 'name', { value: 'stack_trace_call' });
    this.ops = new Ops({ name: 'stack_trace', func: call, private: this });
    // `glob:mod:module` patterns apply to modules loading while the tracer is off too.
    ftrace.watchHash(this.ops.filter);
  }

  /** `kernel.stack_tracer_enabled`. */
  get enabled(): boolean {
    return this.ftrace.ops.includes(this.ops);
  }

  enable(): void {
    if (!this.enabled) this.ftrace.register(this.ops);
  }

  /** Stops measuring; the maximum and its frames stay. */
  disable(): void {
    if (this.enabled) this.ftrace.unregister(this.ops);
  }

  /** Writes `stack_trace_filter` (the set_ftrace_filter syntax, commands refused); empty means every function. */
  setFilter(text: string, truncate: boolean): void {
    const base = truncate ? new FilterHash() : this.ops.filter;
    this.ftrace.setHashes(this.ops, this.ftrace.parseHash(text, base, 'stack_trace_filter'), this.ops.notrace);
  }

  #check(): void {
    // Nothing can be deeper than what is captured at most.
    if (this.#busy || this.maxSize >= STACK_TRACE_ENTRIES) return;
    this.#busy = true;
    const limit = V8Error.stackTraceLimit;
    const own = Object.hasOwn(V8Error, 'prepareStackTrace');
    const prepare = V8Error.prepareStackTrace;
    try {
      countLimit = Math.min(this.maxSize, STACK_TRACE_ENTRIES) + SLACK;
      V8Error.stackTraceLimit = countLimit;
      V8Error.prepareStackTrace = countFrames;
      const holder = this.#holder;
      Error.captureStackTrace(holder);
      const depth = holder.stack as number;
      if (depth > this.maxSize) this.#record();
    } finally {
      V8Error.stackTraceLimit = limit;
      if (own) V8Error.prepareStackTrace = prepare;
      else delete V8Error.prepareStackTrace;
      this.#busy = false;
    }
  }

  /** A new maximum: the full capture, formatted the way Node prints stacks (source maps applied). */
  #record(): void {
    V8Error.stackTraceLimit = STACK_TRACE_ENTRIES + SLACK;
    // Node's own formatting, which applies source maps.
    delete V8Error.prepareStackTrace;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder);
    const text = typeof holder.stack === 'string' ? holder.stack : '';
    const lines = text.split('\n').slice(1).map((l) => l.trim().replace(/^at /, ''));
    const frames = parseFrames(lines, STACK_TRACE_ENTRIES);
    if (frames.depth <= this.maxSize) return;
    this.maxSize = frames.depth;
    this.entries = frames.entries;
    this.truncated = frames.truncated;
  }
}

/**
 * The entries of a captured stack (innermost first): the stack tracer's own
 * frames at the top cut off, `async` frames dropped, each of fentry's frames
 * inside the stack folded into the entry above it together with the frame
 * right below it when that is the same function (the handler's caller: the
 * traced function's own first frame). At most `max` frames are counted;
 * `truncated` says there were more.
 */
export function parseFrames(lines: readonly string[], max = STACK_TRACE_ENTRIES): { depth: number; entries: StackEntry[]; truncated: boolean } {
  let top = 0;
  while (top < lines.length && isOwn(lines[top] as string)) top++;
  const shown: { location: string; name: string; size: number }[] = [];
  let folding = false;
  let counted = 0;
  let truncated = false;
  for (let i = top; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '' || line.startsWith('async ') || line.startsWith('Promise.all (index')) continue;
    if (counted === max) {
      truncated = true;
      break;
    }
    counted++;
    const above = shown[shown.length - 1];
    if (above !== undefined && isOwn(line)) {
      above.size++;
      folding = true;
      continue;
    }
    const location = relative(line);
    const name = functionName(location);
    if (folding && above !== undefined && name === above.name) {
      above.size++;
      folding = false;
      continue;
    }
    folding = false;
    shown.push({ location, name, size: 1 });
  }
  let depth = 0;
  const entries: StackEntry[] = new Array<StackEntry>(shown.length);
  for (let i = shown.length - 1; i >= 0; i--) {
    const s = shown[i] as { location: string; size: number };
    depth += s.size;
    entries[i] = { location: s.location, depth, size: s.size };
  }
  return { depth, entries, truncated };
}

/** `fn (file:line:col)` → `fn`; a nameless frame has no name. */
function functionName(location: string): string {
  const paren = location.indexOf(' (');
  return paren === -1 ? '' : location.slice(0, paren);
}

/** File paths relative to the working directory, as the other stack traces show them. */
function relative(frame: string): string {
  return frame.replace(/(file:\/\/)?(\/[^():]+)(:\d+:\d+)/, (_m, _scheme: string, file: string, pos: string) => {
    const rel = path.relative(process.cwd(), file);
    return (rel.startsWith('..') ? file : rel) + pos;
  });
}
