/**
 * The text fentry inserts into a function, and how to take it out again.
 *
 * A block body gets, right after its directives:
 *
 *     ;if (__fe$k1a2b3c4_7 !== null) { const __fe$r = __fe$k1a2b3c4_7(this, fn, new.target, a, b); if (__fe$r !== __fe$C) return __fe$r; }
 *
 * A concise arrow body `x => expr` becomes `x => {/*__fe$*\/GUARD return expr/*__fe$*\/}`.
 * A named class gets, first in its body, one `static #__fe$i7 = …;` per
 * method whose function object the guard hands over.
 *
 * An async function, generator or async generator is framed (see the
 * runtime's `CallFrame`): its guard declares the frame `__fe$t` and the
 * temporary `__fe$v`, takes the frame a handler left in the register, and
 * opens a `try` around the body; the body's own `await`, `yield`, `yield*`
 * and `return` report through the frame when there is one. A generator (or
 * an async function whose body can run on after a `return`: one inside a
 * `try … finally` or a `for … of`, or with `using` declarations) reports its
 * end from a `finally`, which a generator closed by `return()` while
 * suspended runs too:
 *
 *     ;let __fe$t = null, __fe$v; if (SLOT !== null) { const __fe$r = SLOT(…); __fe$t = __fe$T(); if (__fe$r !== __fe$C) return yield* __fe$r; } try {
 *       … (__fe$v = yield (__fe$v = (E), __fe$t === null ? __fe$v : __fe$t.suspend(__fe$v)), __fe$t === null ? __fe$v : __fe$t.resume(__fe$v)) …
 *       … return (__fe$v = (E), __fe$t === null ? __fe$v : __fe$t.ret(__fe$v)) …
 *     } catch (__fe$e) { if (__fe$t !== null) __fe$t.fail(__fe$e); throw __fe$e; } finally { if (__fe$t !== null) __fe$t.done(); }
 *
 * Any other async function reports its end where the body ends (a `return`,
 * the end of the block, the `catch`), without a `finally`: each level of
 * `try` keeps one more register live across every suspension, which V8
 * saves and restores at each `await` (bench/frame-shapes.mjs: the async
 * workload's off cost halves on Node 24):
 *
 *     … } try {
 *       … return (__fe$v = (E), __fe$t === null ? __fe$v : (__fe$v = __fe$t.ret(__fe$v), __fe$t.done(), __fe$v)) …
 *     ;if (__fe$t !== null) __fe$t.done(); } catch (__fe$e) { if (__fe$t !== null) { __fe$t.fail(__fe$e); __fe$t.done(); } throw __fe$e; }
 *
 * The user's own `await`/`yield` keyword and operand stay where they were,
 * with text around them only (no operand is evaluated twice, no position of
 * user code moves relative to its neighbours); `__fe$v` carries the value
 * from one side of the keyword to the other, and nothing of the user's runs
 * between its store and its load. A rewritten `await`/`yield` that starts an
 * expression statement gets `__fe$v, ` in front (a statement starting with
 * `(` would continue the previous line), and a rewrite that ends a statement
 * the parser ended by automatic semicolon insertion gets `/*__fe$*\/;` after
 * it (a `)` could be continued by the next line).
 *
 * V8 names some expressions in its error messages, by their shape in the
 * source (`(intermediate value).f is not a function`, `Cannot destructure
 * property 'a' of '(intermediate value)'`, `x is not iterable`), and reports
 * their position. Where an `await`/`yield` is such an expression (the callee,
 * the object of a member access, a spread, the subject of `for … of`, the
 * source of a destructuring, and operators around those), it stays the
 * outermost node: only its operand is wrapped and its resumption is not
 * reported. `yield* E` keeps even its operand, which V8 names when it is not
 * iterable, and reports its suspension before it:
 *
 *     (__fe$v = (__fe$t === null || __fe$t.suspend(void 0), yield* E), __fe$t === null ? __fe$v : __fe$t.resume(__fe$v))
 *
 * One message still differs: for a `yield*` whose operand is a call or a
 * property access and not iterable, V8 prints a placeholder for every
 * expression that follows in the function, and the frame's `catch` and
 * `finally` add some.
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
  /**
   * `'frame'`: declare and take the frame and open the body's `try`;
   * `'take'`: only take (and drop) the frame, for an async function or
   * generator whose body could not be framed, so a frame never reaches
   * another call; `'none'` for synchronous functions.
   */
  frame: 'frame' | 'take' | 'none';
}

/** The guard statement (with its leading `;`, which keeps a semicolon-less directive a directive). */
export function guardText(parts: GuardParts): string {
  const p = parts.prefix;
  const r = `${p}r`;
  const takeover = parts.generator ? `return yield* ${r};` : `return ${r};`;
  const call = `const ${r} = ${parts.slot}(${parts.args.join(', ')});`;
  if (parts.frame === 'none') return `;if (${parts.slot} !== null) { ${call} if (${r} !== ${p}C) ${takeover} }`;
  if (parts.frame === 'take') return `;if (${parts.slot} !== null) { ${call} ${p}T(); if (${r} !== ${p}C) ${takeover} }`;
  return `;let ${p}t = null, ${p}v; if (${parts.slot} !== null) { ${call} ${p}t = ${p}T(); if (${r} !== ${p}C) ${takeover} } try {`;
}

/**
 * How a framed body reports its end: `'finally'` from a `finally` block;
 * `'catch'` where the body ends (each `return`, the end of the block, the
 * `catch`), for a body that cannot run on after a `return`.
 */
export type FrameEnd = 'finally' | 'catch';

/** What closes a framed body's `try` (inserted before the body's closing brace). */
export function frameTail(prefix: string, end: FrameEnd): string {
  const t = `${prefix}t`;
  const e = `${prefix}e`;
  if (end === 'catch') return `;if (${t} !== null) ${t}.done(); } catch (${e}) { if (${t} !== null) { ${t}.fail(${e}); ${t}.done(); } throw ${e}; }`;
  return `} catch (${e}) { if (${t} !== null) ${t}.fail(${e}); throw ${e}; } finally { if (${t} !== null) ${t}.done(); }`;
}

/** What opens a concise arrow body turned into a block (marked, unlike a block body's own brace). */
export function conciseOpen(prefix: string, guard: string): string {
  return `{/*${prefix}*/${guard} return `;
}

/** What closes a concise arrow body turned into a block. */
export function conciseClose(prefix: string): string {
  return `/*${prefix}*/}`;
}

/** Before an operand whose value goes to the frame: `(__fe$v = (`. */
export function operandOpen(prefix: string): string {
  return `(${prefix}v = (`;
}

/**
 * What an operand reports: `'suspend'` for an `await`/`yield` operand,
 * `'ret'` for a `return` value, `'ret done'` for a `return` value of a body
 * that reports its end where it ends ({@link FrameEnd} `'catch'`).
 */
export type OperandReport = 'suspend' | 'ret' | 'ret done';

/** After an operand: hands `__fe$v` to the frame. */
export function operandClose(prefix: string, report: OperandReport): string {
  const t = `${prefix}t`;
  const v = `${prefix}v`;
  if (report === 'ret done') return `), ${t} === null ? ${v} : (${v} = ${t}.ret(${v}), ${t}.done(), ${v}))`;
  return `), ${t} === null ? ${v} : ${t}.${report}(${v}))`;
}

/** After the keyword of an operand-less `yield` or `return`: what the frame gets is `undefined`. */
export function missingOperand(prefix: string, report: OperandReport): string {
  const t = `${prefix}t`;
  if (report === 'ret done') return ` ${t} === null ? void 0 : (${t}.ret(void 0), ${t}.done(), void 0)`;
  if (report === 'ret') return ` ${t} === null ? void 0 : ${t}.ret(void 0)`;
  return ` (${t} === null ? void 0 : ${t}.suspend(void 0))`;
}

/**
 * Before an `await`/`yield` keyword: `(__fe$v = `, after `__fe$v, ` when it
 * starts a statement. A `yield*` (`delegate`) reports its suspension here,
 * with `undefined`, before its operand is evaluated: V8 names that operand
 * (and reports its position) when it is not iterable, so it is not wrapped.
 */
export function resumeOpen(prefix: string, statementStart: boolean, delegate: boolean): string {
  const t = `${prefix}t`;
  const suspend = delegate ? `(${t} === null || ${t}.suspend(void 0), ` : '';
  return `${statementStart ? `${prefix}v, ` : ''}(${prefix}v = ${suspend}`;
}

/** After an `await`/`yield` expression: hands its result to the frame's `resume`. */
export function resumeClose(prefix: string, delegate: boolean): string {
  const t = `${prefix}t`;
  const v = `${prefix}v`;
  return `${delegate ? ')' : ''}, ${t} === null ? ${v} : ${t}.resume(${v}))`;
}

/** The semicolon that automatic semicolon insertion had put after a statement whose end is now inserted text. */
export function asiSemicolon(prefix: string): string {
  return `/*${prefix}*/;`;
}

/** The class element that keeps a method's function object for the guard. */
export function captureField(prefix: string, id: number, expression: string): string {
  return `static #${prefix}i${id} = ${expression};`;
}

const PREFIX = /(__fe\d*\$)k[0-9a-f]+_\d+ !== null/g;
const patterns = new Map<string, RegExp>();

/** Every insertion made with `prefix`, as one global pattern. */
function inserted(prefix: string): RegExp {
  let re = patterns.get(prefix);
  if (re !== undefined) return re;
  const P = prefix.replace(/\$/g, '\\$');
  // The arguments hold at most one level of parentheses (a private method's brand check).
  // The slot is the global `__fe$k1a2b3c4_7`.
  const SLOT = String.raw`${P}k[0-9a-f]+_\d+`;
  const CALL = String.raw`const ${P}r = ${SLOT}\((?:[^()]|\([^()]*\))*\);`;
  const TAKEOVER = String.raw`if \(${P}r !== ${P}C\) return (?:yield\* )?${P}r;`;
  const GUARD =
    String.raw`;if \(${SLOT} !== null\) \{ ${CALL} (?:${P}T\(\); )?${TAKEOVER} \}` +
    String.raw`|;let ${P}t = null, ${P}v; if \(${SLOT} !== null\) \{ ${CALL} ${P}t = ${P}T\(\); ${TAKEOVER} \} try \{`;
  const T = `${P}t`;
  const V = `${P}v`;
  const pieces = [
    String.raw`\{/\*${P}\*/(?:${GUARD}) return `,
    GUARD,
    String.raw`/\*${P}\*/[};]`,
    String.raw`static #${P}i\d+ = [^;]*;`,
    String.raw`\} catch \(${P}e\) \{ if \(${T} !== null\) ${T}\.fail\(${P}e\); throw ${P}e; \} finally \{ if \(${T} !== null\) ${T}\.done\(\); \}`,
    String.raw`;if \(${T} !== null\) ${T}\.done\(\); \} catch \(${P}e\) \{ if \(${T} !== null\) \{ ${T}\.fail\(${P}e\); ${T}\.done\(\); \} throw ${P}e; \}`,
    String.raw`\(${V} = \((?!${T} === null \|\| )`,
    String.raw`(?:${V}, )?\(${V} = (?:\(${T} === null \|\| ${T}\.suspend\(void 0\), )?`,
    String.raw`\), ${T} === null \? ${V} : ${T}\.(?:suspend|ret)\(${V}\)\)`,
    String.raw`\), ${T} === null \? ${V} : \(${V} = ${T}\.ret\(${V}\), ${T}\.done\(\), ${V}\)\)`,
    String.raw`\)?, ${T} === null \? ${V} : ${T}\.resume\(${V}\)\)`,
    String.raw` ${T} === null \? void 0 : ${T}\.ret\(void 0\)`,
    String.raw` ${T} === null \? void 0 : \(${T}\.ret\(void 0\), ${T}\.done\(\), void 0\)`,
    String.raw` \(${T} === null \? void 0 : ${T}\.suspend\(void 0\)\)`,
  ];
  re = new RegExp(pieces.join('|'), 'g');
  patterns.set(prefix, re);
  return re;
}

/**
 * The source as the user wrote it: every patch site, capture field and frame
 * report removed. Only the prefixes of guards found in `text` are removed
 * (every instrumented function's text holds its own guard), so text written
 * with another prefix, which a source can hold, is left alone.
 */
export function stripSites(text: string): string {
  if (!text.includes('__fe')) return text;
  const prefixes = new Set<string>();
  for (const m of text.matchAll(PREFIX)) prefixes.add(m[1] as string);
  let out = text;
  for (const prefix of prefixes) out = out.replace(inserted(prefix), '');
  return out;
}
