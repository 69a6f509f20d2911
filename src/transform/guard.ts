/**
 * The text fentry inserts into a function, and how to take it out again.
 *
 * A block body gets, right after its directives:
 *
 *     ;if (__fe$7.k1a2b3c4_7 !== null) { const __fe$r = __fe$7.k1a2b3c4_7(this, fn, new.target, a, b); if (__fe$r !== __fe$C) return __fe$r; }
 *
 * A concise arrow body `x => expr` becomes `x => {/*__fe$*\/GUARD return expr/*__fe$*\/}`.
 * A named class gets, first in its body, one `static #__fe$i7 = …;` per
 * method whose function object the guard hands over.
 *
 * Every insertion is recognisable text, so {@link stripSites} turns the source
 * of an instrumented function back into exactly what the user wrote: that is
 * what `Function.prototype.toString` shows (register installs the filter), and
 * code that re-evaluates a function's text elsewhere (a worker, a browser page)
 * gets the original, which names none of fentry's bindings.
 */

export interface GuardParts {
  /** `__fe$` (or `__fe1$` … when the source uses `__fe$`). */
  prefix: string;
  /** `__fe$7.k1a2b3c4_7` */
  slot: string;
  /** The call's arguments: this, the function object, new.target, then the parameters. */
  args: string[];
  generator: boolean;
}

/** The guard statement (with its leading `;`, which keeps a semicolon-less directive a directive). */
export function guardText(parts: GuardParts): string {
  const r = `${parts.prefix}r`;
  const takeover = parts.generator ? `return yield* ${r};` : `return ${r};`;
  return `;if (${parts.slot} !== null) { const ${r} = ${parts.slot}(${parts.args.join(', ')}); if (${r} !== ${parts.prefix}C) ${takeover} }`;
}

/** What opens a concise arrow body turned into a block (marked, unlike a block body's own brace). */
export function conciseOpen(prefix: string, guard: string): string {
  return `{/*${prefix}*/${guard} return `;
}

/** What closes a concise arrow body turned into a block. */
export function conciseClose(prefix: string): string {
  return `/*${prefix}*/}`;
}

/** The class element that keeps a method's function object for the guard. */
export function captureField(prefix: string, id: number, expression: string): string {
  return `static #${prefix}i${id} = ${expression};`;
}

const P = String.raw`__fe\d*\$`;
// The arguments hold at most one level of parentheses (a private method's brand check).
// The slot is the global `__fe$k1a2b3c4_7`.
const SLOT = String.raw`${P}k[0-9a-f]+_\d+`;
const GUARD = String.raw`;if \(${SLOT} !== null\) \{ const ${P}r = ${SLOT}\((?:[^()]|\([^()]*\))*\); if \(${P}r !== ${P}C\) return (?:yield\* )?${P}r; \}`;
const INSERTED = new RegExp(String.raw`\{/\*${P}\*/${GUARD} return |${GUARD}|/\*${P}\*/\}|static #${P}i\d+ = [^;]*;`, 'g');

/** The source as the user wrote it: every patch site and capture field removed. */
export function stripSites(text: string): string {
  return text.includes('__fe') ? text.replace(INSERTED, '') : text;
}
