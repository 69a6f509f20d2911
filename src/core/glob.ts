/**
 * Filter matching as the kernel's `filter_parse_regex` and `glob_match` do it:
 * `foo` exact, `foo*` front, `*foo` end, `*foo*` middle, and any other use of
 * `*`, `?` or `[...]` a full glob. Symbols here can hold `[`, `<`, `@` and
 * spaces (`Vec.[Symbol.iterator]`, `Vec.get len`), so a pattern that equals a
 * symbol always matches it, whatever glob characters it contains.
 */

export type MatchType = 'full' | 'front' | 'end' | 'middle' | 'glob';

/** A compiled pattern. */
export interface Matcher {
  readonly pattern: string;
  readonly type: MatchType;
  test(text: string): boolean;
}

/** Compiles a filter pattern the way `filter_parse_regex` classifies it. */
export function compile(pattern: string): Matcher {
  const stars = [...pattern].filter((c) => c === '*').length;
  const hasOther = /[?[]/.test(pattern);
  let type: MatchType;
  let test: (text: string) => boolean;
  if (stars === 0 && !hasOther) {
    type = 'full';
    test = (t) => t === pattern;
  } else if (!hasOther && stars === 1 && pattern.endsWith('*')) {
    const front = pattern.slice(0, -1);
    type = 'front';
    test = (t) => t.startsWith(front);
  } else if (!hasOther && stars === 1 && pattern.startsWith('*')) {
    const end = pattern.slice(1);
    type = 'end';
    test = (t) => t.endsWith(end);
  } else if (!hasOther && stars === 2 && pattern.startsWith('*') && pattern.endsWith('*') && pattern.length >= 2) {
    const middle = pattern.slice(1, -1);
    type = 'middle';
    test = (t) => t.includes(middle);
  } else {
    type = 'glob';
    const re = globToRegExp(pattern);
    test = (t) => t === pattern || re.test(t);
  }
  return { pattern, type, test };
}

/** glob(7) as `glob_match` implements it: `*` any run (including `/`), `?` one character, `[...]` a class with `!` or `^` negation. */
export function globToRegExp(glob: string): RegExp {
  let out = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = close;
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(out + '$');
}
