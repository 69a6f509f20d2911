/**
 * Site handlers, generated per arity: what a patched site calls. The handler
 * runs the site's entry work and, when the site hands over its function
 * object, runs the body itself so the call sits on the caller stack until it
 * returns or throws (the site's own guard lets that nested entry through).
 * Without the function object (arrows, anonymous functions, object-literal
 * methods, generators, async functions) it is entry only.
 *
 * With a return side (`leaves`: an ops with return hooks — fgraph), the
 * entry work returns a token and the handler reports the body's return or
 * throw with it (the kernel's `return_to_handler`); token 0 means nobody asked.
 *
 * The source is specialised to the number of parameters the site passes, so
 * no handler collects rest arguments or spreads an array on the hot path; one
 * factory per (arity, arguments-wanted, runs-body, leaves) is compiled and
 * shared. Read one back with {@link handlerSource}.
 */
import { CONTINUE, type SiteHandler } from '../../runtime/index.js';
import type { CallerStack } from './parent.js';

/**
 * The site's entry work: with the site's `this` and arguments when they were
 * asked for; `exits` says whether this call's return will be reported.
 * Returns the token for {@link Leave} (0 or nothing: no return wanted).
 */
export type Enter = (self: unknown, args: unknown[] | undefined, exits: boolean) => number | void;
/** The return side: the call returned (`how` 0) or threw (`how` 1) `value`. */
export type Leave = (token: number, how: 0 | 1, value: unknown) => void;

type Factory = (ip: number, enter: Enter, leave: Leave | undefined) => SiteHandler;

/** Above this arity a handler collects its arguments with a rest parameter. */
const MAX_SPECIALISED = 8;

const factories = new Map<string, Factory>();

/** The JavaScript source of the handler factory for a shape (tests and readers look at it). */
export function handlerSource(arity: number, wantsArgs: boolean, runsBody: boolean, leaves = false): string {
  const rest = arity > MAX_SPECIALISED;
  const params = rest ? ['...args'] : Array.from({ length: arity }, (_, i) => `a${i}`);
  const list = rest ? 'args' : `[${params.join(', ')}]`;
  const spread = rest ? '...args' : params.join(', ');
  const argsText = wantsArgs ? list : 'undefined';
  const head = `function siteCall(self, fn, newTarget${params.length > 0 ? ', ' + params.join(', ') : ''})`;
  const call = `newTarget === undefined ? apply(fn, self, [${spread}]) : construct(fn, [${spread}], newTarget)`;
  if (!runsBody) return `return function make(ip, enter, leave) {\n  return ${head} {\n    enter(self, ${argsText}, false);\n    return CONTINUE;\n  };\n};`;
  if (!leaves) {
    return [
      'return function make(ip, enter, leave) {',
      '  let reentry = false;',
      `  return ${head} {`,
      '    if (reentry) {',
      '      reentry = false;',
      '      return CONTINUE;',
      '    }',
      `    enter(self, ${argsText}, fn !== undefined);`,
      '    if (fn === undefined) return CONTINUE;',
      '    reentry = true;',
      '    stack.push(ip);',
      '    try {',
      `      return ${call};`,
      '    } finally {',
      '      // Cleared here too: a parameter default that throws never reaches the guard.',
      '      reentry = false;',
      '      stack.pop();',
      '    }',
      '  };',
      '};',
    ].join('\n');
  }
  return [
    'return function make(ip, enter, leave) {',
    '  let reentry = false;',
    `  return ${head} {`,
    '    if (reentry) {',
    '      reentry = false;',
    '      return CONTINUE;',
    '    }',
    `    const token = enter(self, ${argsText}, fn !== undefined);`,
    '    if (fn === undefined) return CONTINUE;',
    '    reentry = true;',
    '    stack.push(ip);',
    '    let value;',
    '    try {',
    `      value = ${call};`,
    '    } catch (error) {',
    '      reentry = false;',
    '      stack.pop();',
    '      if (token) leave(token, 1, error);',
    '      throw error;',
    '    }',
    '    reentry = false;',
    '    stack.pop();',
    '    if (token) leave(token, 0, value);',
    '    return value;',
    '  };',
    '};',
  ].join('\n');
}

/** The handler for one site. */
export function siteHandler(
  stack: CallerStack,
  ip: number,
  arity: number,
  wantsArgs: boolean,
  runsBody: boolean,
  enter: Enter,
  leave?: Leave,
): SiteHandler {
  const leaves = runsBody && leave !== undefined;
  const key = `${Math.min(arity, MAX_SPECIALISED + 1)}:${wantsArgs ? 1 : 0}:${runsBody ? 1 : 0}:${leaves ? 1 : 0}`;
  let factory = factories.get(key);
  if (factory === undefined) {
    const source = handlerSource(Math.min(arity, MAX_SPECIALISED + 1), wantsArgs, runsBody, leaves);
    factory = new Function('CONTINUE', 'stack', 'apply', 'construct', source)(CONTINUE, stack, Reflect.apply, Reflect.construct) as Factory;
    factories.set(key, factory);
  }
  return factory(ip, enter, leave);
}
