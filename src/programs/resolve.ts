/**
 * Targets of programs, patches and direct trampolines: a function object, or
 * a symbol glob with an optional module glob, resolved to sites.
 *
 * A function object names no site by itself. Its unfiltered source text
 * (read through another realm's `Function.prototype.toString`, since this
 * realm's shows the source as written) holds the slot name of its patch site;
 * the sites whose symbol ends in the function's name are the candidates, and
 * the one whose slot is that name is found by writing a marker into the
 * candidate's slot and reading the name back (then restoring it). This runs
 * at attach time only and is cached per function object.
 */
import vm from 'node:vm';
import { FentryError } from '../errors.js';
import type { Ftrace } from '../core/index.js';
import type { SiteRuntime } from '../runtime/index.js';

/** What programs, patches and direct trampolines attach to. */
export type Target = ((...args: never[]) => unknown) | string | { readonly symbol: string; readonly module?: string };

let nativeToString: ((this: unknown) => string) | undefined;

/** The source text V8 keeps for `fn`, with fentry's insertions (this realm's toString hides them). */
function rawSource(fn: unknown): string {
  nativeToString ??= vm.runInNewContext('Function.prototype.toString') as (this: unknown) => string;
  return Reflect.apply(nativeToString, fn, []) as string;
}

const SLOT = /if \((__fe\d*\$k[0-9a-z]+_\d+) !== null\)/g;
const found = new WeakMap<object, number>();

/** The last part of a symbol: `Pool.query` → `query`, `make/inner` → `inner`, `A.get v` → `get v`. */
function lastPart(symbol: string): string {
  const cut = Math.max(symbol.lastIndexOf('.'), symbol.lastIndexOf('/'));
  return cut === -1 ? symbol : symbol.slice(cut + 1);
}

/** The site of a function object: ENOENT when the function has no patch site (not instrumented, native, bound). */
export function siteOfFunction(runtime: SiteRuntime, fn: (...args: never[]) => unknown): number {
  const cached = found.get(fn);
  if (cached !== undefined) return cached;
  const name = typeof fn === 'function' ? fn.name : '';
  let text: string;
  try {
    text = rawSource(fn);
  } catch (error) {
    throw new FentryError('EINVAL', `not a function: ${String(fn)}`, { value: fn, cause: error });
  }
  const slots = [...new Set([...text.matchAll(SLOT)].map((m) => m[1] as string))];
  if (slots.length === 0) throw new FentryError('ENOENT', `function ${name || '(anonymous)'} has no patch site: it was not loaded through fentry's hooks`, { value: name });
  const isClass = /^class\b/.test(text);
  const wanted = isClass ? 'constructor' : name;
  const global = globalThis as unknown as Record<string, unknown>;
  const hits: number[] = [];
  for (let ip = 0; ip < runtime.siteCount; ip++) {
    const site = runtime.site(ip);
    if (lastPart(site.symbol) !== wanted || (isClass && !site.symbol.endsWith(`${name}.constructor`))) continue;
    const current = runtime.get(ip);
    let hit: boolean;
    if (current !== null) {
      hit = slots.some((slot) => global[slot] === current);
    } else {
      // Only a written slot tells which name is this site's.
      const marker = function probe(): symbol {
        return Symbol.for('fentry.continue');
      };
      runtime.set(ip, marker);
      hit = slots.some((slot) => global[slot] === marker);
      runtime.set(ip, null);
    }
    if (hit) hits.push(ip);
  }
  // A nested function of the same name also has its slot in the text: the outer one starts first.
  const ip = hits.length === 0 ? undefined : Math.min(...hits);
  if (ip === undefined) throw new FentryError('ENOENT', `no patch site found for function ${name || '(anonymous)'}`, { value: name });
  found.set(fn, ip);
  return ip;
}

/** The sites a target selects (empty when a glob matches nothing yet). */
export function resolveTarget(ftrace: Ftrace, runtime: SiteRuntime, target: Target): number[] {
  if (typeof target === 'function') return [siteOfFunction(runtime, target)];
  if (typeof target === 'string') return ftrace.match(target);
  if (target !== null && typeof target === 'object' && typeof target.symbol === 'string') {
    for (const key of Object.keys(target)) {
      if (key !== 'symbol' && key !== 'module') throw new FentryError('EINVAL', `unknown target option '${key}' (a target is { symbol, module? })`, { value: key });
    }
    if (target.module !== undefined && typeof target.module !== 'string') throw new FentryError('EINVAL', 'target.module must be a glob string', { value: target.module });
    return ftrace.match(target.symbol, target.module);
  }
  throw new FentryError('EINVAL', `a target is a function, a symbol glob or { symbol, module? }, not ${describeValue(target)}`, { value: target });
}

/** A target as text, for messages. */
export function targetText(target: Target): string {
  if (typeof target === 'function') return target.name || '(anonymous function)';
  if (typeof target === 'string') return `'${target}'`;
  return target.module === undefined ? `'${target.symbol}'` : `'${target.symbol}' in '${target.module}'`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object without symbol';
  return `${typeof value} ${String(value)}`;
}
