/**
 * Site handlers, generated per arity: what a patched site calls. The handler
 * runs the site's entry work and, when the site hands over its function
 * object, runs the body itself so the call sits on the caller stack until it
 * returns or throws (the site's own guard lets that nested entry through).
 * Without the function object (arrows, anonymous functions, object-literal
 * methods, generators, async functions) it is entry only.
 *
 * The source is specialised to the number of parameters the site passes, so
 * no handler collects rest arguments or spreads an array on the hot path; one
 * factory per (arity, arguments-wanted, runs-body) is compiled and shared.
 * Read one back with {@link handlerSource}.
 */
import { CONTINUE, type SiteHandler } from '../../runtime/index.js';
import type { CallerStack } from './parent.js';

/** The site's entry work: with the site's `this` and arguments when they were asked for. */
export type Enter = (self: unknown, args: unknown[] | undefined) => void;

type Factory = (ip: number, enter: Enter) => SiteHandler;

/** Above this arity a handler collects its arguments with a rest parameter. */
const MAX_SPECIALISED = 8;

const factories = new Map<string, Factory>();

/** The JavaScript source of the handler factory for a shape (tests and readers look at it). */
export function handlerSource(arity: number, wantsArgs: boolean, runsBody: boolean): string {
  const rest = arity > MAX_SPECIALISED;
  const params = rest ? ['...args'] : Array.from({ length: arity }, (_, i) => `a${i}`);
  const list = rest ? 'args' : `[${params.join(', ')}]`;
  const spread = rest ? '...args' : params.join(', ');
  const enter = wantsArgs ? `enter(self, ${list});` : 'enter(self, undefined);';
  const head = `function siteCall(self, fn, newTarget${params.length > 0 ? ', ' + params.join(', ') : ''})`;
  if (!runsBody) return `return function make(ip, enter) {\n  return ${head} {\n    ${enter}\n    return CONTINUE;\n  };\n};`;
  return [
    'return function make(ip, enter) {',
    '  let reentry = false;',
    `  return ${head} {`,
    '    if (reentry) {',
    '      reentry = false;',
    '      return CONTINUE;',
    '    }',
    `    ${enter}`,
    '    if (fn === undefined) return CONTINUE;',
    '    reentry = true;',
    '    stack.push(ip);',
    '    try {',
    `      return newTarget === undefined ? apply(fn, self, [${spread}]) : construct(fn, [${spread}], newTarget);`,
    '    } finally {',
    '      // Cleared here too: a parameter default that throws never reaches the guard.',
    '      reentry = false;',
    '      stack.pop();',
    '    }',
    '  };',
    '};',
  ].join('\n');
}

/** The handler for one site. */
export function siteHandler(stack: CallerStack, ip: number, arity: number, wantsArgs: boolean, runsBody: boolean, enter: Enter): SiteHandler {
  const key = `${Math.min(arity, MAX_SPECIALISED + 1)}:${wantsArgs ? 1 : 0}:${runsBody ? 1 : 0}`;
  let factory = factories.get(key);
  if (factory === undefined) {
    const source = handlerSource(Math.min(arity, MAX_SPECIALISED + 1), wantsArgs, runsBody);
    factory = new Function('CONTINUE', 'stack', 'apply', 'construct', source)(CONTINUE, stack, Reflect.apply, Reflect.construct) as Factory;
    factories.set(key, factory);
  }
  return factory(ip, enter);
}
