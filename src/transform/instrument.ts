/**
 * Inserts a patch site at the entry of every function of a JavaScript module
 * and collects the module's site table: the `-fpatchable-function-entry` and
 * `__mcount_loc` of fentry.
 *
 * The transformer only inserts text (never moves or deletes the user's code),
 * so every original token keeps its place relative to its neighbours and the
 * source map is exact at token boundaries.
 */
import MagicString from 'magic-string';
import { CHILD_KEYS, isFunction, type FunctionNode, type Identifier, type Node } from './estree.js';
import type { SiteKind, SiteMode, SiteTuple } from '../runtime/index.js';
import { nameFacts, patternIdentifiers } from './bindings.js';
import {
  asiSemicolon,
  captureField,
  conciseClose,
  conciseOpen,
  frameTail,
  guardText,
  missingOperand,
  operandClose,
  operandOpen,
  resumeClose,
  resumeOpen,
  type FrameEnd,
} from './guard.js';
import { buildPrologue, prologueOffset } from './prologue.js';

export { INSTRUMENTED_MARK } from './prologue.js';

/** The module systems a file can be loaded as. */
export type ModuleFormat = 'esm' | 'cjs';

export interface InstrumentOptions {
  /** Module format: decides how the prologue reaches the runtime. */
  format: ModuleFormat;
  /** Module name for the site table (`src/app.js`, `pkg/lib/x.js`). */
  module: string;
  /** The file's URL or path as loaded. */
  file: string;
  /** A short content hash; makes every site's slot name unique to this module. */
  salt: string;
  /** The program, parsed by the caller. */
  program: Node;
  /** Parameter types by site position (`line:column` in the user's source), for TypeScript. */
  types?: Map<string, (string | null)[]>;
  /** Maps an offset in `code` to a 1-based line and column of the user's source. */
  position?: (offset: number) => { line: number; column: number };
  /** Frame sync generators too (see TransformOptions.frameGenerators); async functions and async generators always are. */
  frameGenerators?: boolean;
}

export interface InstrumentResult {
  code: string;
  magic: MagicString;
  sites: SiteTuple[];
  /** Positions in `sites` of async functions and generators whose body is not framed (the module meta's `unframed`). */
  unframed: number[];
  /** The identifier prefix used for fentry's bindings in this module. */
  prefix: string;
}


const ANONYMOUS = '<anonymous>';

/** How a function's site is reported and what its guard can hand over. */
interface SiteShape {
  kind: SiteKind;
  /** Where the site is reported: the function, or the start of its class member. */
  at: number;
  /** `this` is not available before `super()` in a derived constructor. */
  derivedCtor?: boolean;
  /** The expression for the function object being called, or `void 0`. */
  instance: string;
}

interface Scope {
  /** Symbol of the enclosing function, with a trailing `/`, or '' at the top. */
  prefix: string;
  /** The enclosing function is framed (its own `await`, `yield` and `return` report to its frame), and how it reports its end; else null. */
  frame: FrameEnd | null;
}

/** Offsets to 1-based line/column, by binary search over line starts. */
export function lineIndex(code: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  };
}

/** Chooses a binding prefix that no identifier of the source starts with. */
function choosePrefix(code: string): string {
  let prefix = '__fe$';
  for (let n = 1; code.includes(prefix); n++) prefix = `__fe${n}$`;
  return prefix;
}

/** Instruments `code`, whose AST is `options.program`. */
export function instrument(code: string, options: InstrumentOptions): InstrumentResult {
  const prefix = choosePrefix(code);
  // One non-enumerable global per site (`__fe$k1a2b3c4_7`), made before any
  // of the module's code can run: V8 folds a global's property cell to a
  // constant wherever the function is nested (a module-scope holder is a
  // context slot that deep closures load through the context chain, and an
  // ES module's imported binding is never folded).
  const keyPrefix = `${prefix}k${options.salt}_`;
  const magic = new MagicString(code);
  const sites: SiteTuple[] = [];
  const unframed: number[] = [];
  const position = options.position ?? lineIndex(code);
  let captureCount = 0;
  /** Starts of expression statements: a rewritten `await`/`yield` there must not begin with `(`. */
  const statementStarts = new Set<number>();
  /**
   * Ends of statements that automatic semicolon insertion ended: the first
   * (outermost) rewrite that closes there adds the semicolon, since the
   * next line could continue its closing `)`.
   */
  const asiEnds = new Set<number>();
  const asiDone = new Set<number>();
  const forHeads = new Set<Node>();
  /**
   * `await`/`yield` expressions whose value V8 names in an error message or
   * whose position it reports (`(await x).f()`, `const { a } = await x`,
   * `for (const v of await x)`, `[...yield]`): these stay the user's own
   * outermost node (a rewrite would print as `(__fe$v , …)` and move the
   * position), so their resumption is not reported; the frame's next report
   * implies it.
   */
  const namedOperands = new Set<Node>();
  const nameOperand = (node: Node | null | undefined): void => {
    if (node == null) return;
    switch (node.type) {
      case 'AwaitExpression':
      case 'YieldExpression':
        namedOperands.add(node);
        return;
      // V8 prints these with their operands (`(a , (intermediate value))`).
      case 'SequenceExpression':
        for (const e of node['expressions'] as Node[]) nameOperand(e);
        return;
      case 'BinaryExpression':
      case 'LogicalExpression':
        nameOperand(node['left'] as Node);
        nameOperand(node['right'] as Node);
        return;
      case 'UnaryExpression':
        nameOperand(node['argument'] as Node);
        return;
    }
  };
  const isPattern = (node: Node): boolean => node.type === 'ObjectPattern' || node.type === 'ArrayPattern';
  const asi = (end: number): string => {
    if (!asiEnds.has(end) || asiDone.has(end)) return '';
    asiDone.add(end);
    return asiSemicolon(prefix);
  };

  const facts = nameFacts(options.program);

  /**
   * The expression that hands the guard the function object being called, so
   * a trampoline can run the body and see it return: the function's own name
   * where that name can only mean the function, else `void 0` (arrows,
   * anonymous functions and object-literal methods have no such name).
   */
  const ownName = (fn: FunctionNode): string => {
    const id = fn.id;
    if (id === null || !recallable(fn)) return 'void 0';
    if (facts.declaredWithin(id.name, fn.start, fn.end, id.start)) return 'void 0';
    if (fn.type === 'FunctionDeclaration' && facts.assigned(id.name)) return 'void 0';
    return id.name;
  };

  /**
   * Whether running the body again with the parameters' values is the same
   * call: only for plain synchronous functions with plain parameters (no
   * default would run twice, no rest or pattern to rebuild), no `arguments`
   * (which would see the count and any extra arguments), and no `eval` or
   * `with` that could hide a name.
   */
  const recallable = (fn: FunctionNode): boolean =>
    !facts.dynamicScope &&
    // An async function returning another's promise settles later (adoption
    // takes ticks); a generator's body runs at its first next(), not in the call.
    !fn.async &&
    !fn.generator &&
    fn.params.every((p) => p.type === 'Identifier') &&
    !facts.argumentsWithin(fn.start, fn.end);

  /**
   * Whether the body of an async function or generator can move into a
   * `try` block unchanged. Top-level declarations become declarations of
   * the block: `var` is still the function's, `let`/`const`/`class` are
   * seen by the same code, and so is a function declaration (lexical in
   * the block, hoisted to its top; in sloppy code Annex B gives it a var
   * binding too). What changes: a top-level function declaration whose name
   * is declared again in the body (another top-level function, a `var`, or a
   * function in a nested block, which Annex B would no longer hoist over it)
   * turns into an early error or another binding; and a direct `eval` can
   * declare such a name at run time. `with` would see the frame's bindings.
   */
  const frameable = (fn: FunctionNode): boolean => {
    if (fn.generator && !fn.async && options.frameGenerators !== true) return false;
    if (facts.dynamicWithin(fn.start, fn.end)) return false;
    if (fn.body.type !== 'BlockStatement') return true;
    const top: string[] = [];
    for (let stmt of fn.body['body'] as Node[]) {
      while (stmt.type === 'LabeledStatement') stmt = stmt['body'] as Node;
      if (stmt.type === 'FunctionDeclaration') top.push((stmt['id'] as Identifier).name);
    }
    if (top.length === 0) return true;
    if (new Set(top).size !== top.length) return false;
    const again = new Set<string>();
    for (const stmt of fn.body['body'] as Node[]) declaredAgain(stmt, true, again);
    return !top.some((name) => again.has(name));
  };

  const addSite = (fn: FunctionNode, symbol: string, shape: SiteShape): { named: string; frame: FrameEnd | null } => {
    const id = sites.length;
    const { line, column } = position(shape.at);
    const mode: SiteMode = fn.async ? (fn.generator ? 'async-generator' : 'async') : fn.generator ? 'generator' : 'sync';
    const params = fn.params.map((p) => code.slice(p.start, p.end));
    const named = symbol.endsWith(ANONYMOUS) ? `${symbol.slice(0, -ANONYMOUS.length)}<anonymous@${line}:${column}>` : symbol;
    const types = options.types?.get(`${line}:${column}`);
    sites.push(types === undefined ? [named, line, column, shape.kind, mode, params] : [named, line, column, shape.kind, mode, params, types]);

    const slot = `${keyPrefix}${id}`;
    const self = shape.kind === 'arrow' || shape.derivedCtor === true ? 'void 0' : 'this';
    // new.target for what can be called with `new`: plain functions and constructors.
    const constructible = (shape.kind === 'function' && !fn.async && !fn.generator) || shape.kind === 'constructor';
    const args = [self, shape.instance, constructible ? 'new.target' : 'void 0', ...passedArgs(fn)];
    const framed = (fn.async || fn.generator) && frameable(fn);
    if ((fn.async || fn.generator) && !framed) unframed.push(id);
    // A generator can be closed by return() at any yield: only a finally sees that.
    const end: FrameEnd | null = !framed ? null : fn.generator || runsOnAfterReturn(fn) ? 'finally' : 'catch';
    const frame = framed ? 'frame' : fn.async || fn.generator ? 'take' : 'none';
    const guard = guardText({ prefix, slot, args, generator: fn.generator, frame });
    const body = fn.body;
    // Closing text is inserted before the body is walked, with prependRight:
    // what the body inserts at the same offset later goes in front of it.
    if (body.type === 'BlockStatement') {
      magic.appendLeft(afterDirectives(body), guard);
      if (end !== null) magic.prependRight(body.end - 1, frameTail(prefix, end));
    } else {
      // A concise arrow body becomes a block; the expression keeps its place.
      // The block spans the parentheses around the body too, which the body
      // node's range leaves out (`() => ({ a: 1 })`); the arrow ends after them.
      const close = end !== null ? operandClose(prefix, end === 'catch' ? 'ret done' : 'ret') + frameTail(prefix, end) + conciseClose(prefix) : conciseClose(prefix);
      magic.appendLeft(conciseBodyStart(code, fn), conciseOpen(prefix, guard) + (end !== null ? operandOpen(prefix) : ''));
      magic.prependRight(fn.end, close);
      // The block's `}` ends the arrow: no semicolon needed inside it.
      asiDone.add(fn.end);
    }
    return { named, frame: end };
  };

  const visitFunction = (fn: FunctionNode, symbol: string, shape: SiteShape): void => {
    const site = addSite(fn, symbol, shape);
    const inner: Scope = { prefix: `${site.named}/`, frame: site.frame };
    for (const p of fn.params) visit(p, inner, undefined);
    visit(fn.body, inner, undefined);
  };

  const visitClass = (node: Node, scope: Scope, hint: string | undefined): void => {
    const id = node['id'] as Identifier | null;
    let className = id?.name ?? hint;
    if (className === undefined) {
      const { line, column } = position(node.start);
      className = `<class@${line}:${column}>`;
    }
    const qualified = scope.prefix + className;
    const derived = node['superClass'] != null;
    if (node['superClass']) visit(node['superClass'] as Node, scope, undefined);
    const classBody = node['body'] as Node;
    const captures: string[] = [];
    /**
     * A method's function object, for the guard: kept in a static private
     * field of the class and read through the class's own (immutable) inner
     * binding; a private method is reached through `this`.
     */
    // A base class's instance fields are set up before its constructor's
    // body: constructing again would run their initialisers twice.
    const fields = !derived && (classBody['body'] as Node[]).some((m) => (m.type === 'PropertyDefinition' || m.type === 'AccessorProperty') && !m['static']);
    const instanceOf = (member: Node, value: FunctionNode, kindText: string): string => {
      if (id === null || !recallable(value) || facts.declaredWithin(id.name, value.start, value.end, -1)) return 'void 0';
      if (kindText === 'constructor') return fields ? 'void 0' : id.name;
      if (member['computed']) return 'void 0';
      const key = member['key'] as Node;
      if (key.type === 'PrivateIdentifier') {
        // A private method can be extracted and called on anything: check the brand before reading it.
        const name = `#${key['name'] as string}`;
        return kindText === 'method' ? `(${name} in this ? this.${name} : void 0)` : 'void 0';
      }
      const name = JSON.stringify(keyName(member, code));
      const holder = member['static'] ? 'this' : 'this.prototype';
      const expression =
        kindText === 'method' ? `${holder}[${name}]` : `({}).constructor.getOwnPropertyDescriptor(${holder}, ${name}).${kindText}`;
      const n = captureCount++;
      captures.push(captureField(prefix, n, expression));
      return `${id.name}.#${prefix}i${n}`;
    };
    for (const member of classBody['body'] as Node[]) {
      if (member.type === 'MethodDefinition') {
        const value = member['value'] as FunctionNode;
        const name = keyName(member, code);
        if (member['computed']) visit(member['key'] as Node, scope, undefined);
        const kindText = member['kind'] as string;
        const instance = instanceOf(member, value, kindText);
        if (kindText === 'constructor') {
          visitFunction(value, `${qualified}.constructor`, { kind: 'constructor', at: member.start, derivedCtor: derived, instance });
        } else if (kindText === 'get' || kindText === 'set') {
          visitFunction(value, `${qualified}.${kindText} ${name}`, { kind: kindText === 'get' ? 'getter' : 'setter', at: member.start, instance });
        } else {
          visitFunction(value, `${qualified}.${name}`, { kind: 'method', at: member.start, instance });
        }
      } else if (member.type === 'PropertyDefinition' || member.type === 'AccessorProperty') {
        if (member['computed']) visit(member['key'] as Node, scope, undefined);
        const value = member['value'] as Node | null;
        if (value) visit(value, scope, `${className}.${keyName(member, code)}`);
      } else {
        visit(member, scope, undefined);
      }
    }
    // First in the body: static initialisers run in order, so these run before anything can call a method.
    if (captures.length > 0) magic.appendLeft(classBody.start + 1, captures.join(''));
  };

  const visitObject = (node: Node, scope: Scope, hint: string | undefined): void => {
    for (const prop of node['properties'] as Node[]) {
      if (prop.type !== 'Property') {
        visit(prop, scope, undefined);
        continue;
      }
      if (prop['computed']) visit(prop['key'] as Node, scope, undefined);
      const name = keyName(prop, code);
      const qualified = hint ? `${hint}.${name}` : name;
      const value = prop['value'] as Node;
      const kindText = prop['kind'] as string;
      if (kindText === 'get' || kindText === 'set') {
        const q = hint ? `${hint}.${kindText} ${name}` : `${kindText} ${name}`;
        visitFunction(value as FunctionNode, scope.prefix + q, { kind: kindText === 'get' ? 'getter' : 'setter', at: prop.start, instance: 'void 0' });
      } else if (prop['method']) {
        visitFunction(value as FunctionNode, scope.prefix + qualified, { kind: 'method', at: prop.start, instance: 'void 0' });
      } else {
        visit(value, scope, qualified);
      }
    }
  };

  /**
   * Walks `node` in `scope`. `hint` is the local name the context gives an
   * anonymous function or class: a variable, a property (`api.get`), a class
   * field (`Vec.onTick`) or an assignment target (`Vec.add` for `Vec.prototype.add = …`).
   */
  const visit = (node: Node | null | undefined, scope: Scope, hint: string | undefined): void => {
    if (node == null) return;
    if (isFunction(node)) {
      const symbol = scope.prefix + (node.id?.name ?? hint ?? ANONYMOUS);
      const arrow = node.type === 'ArrowFunctionExpression';
      visitFunction(node, symbol, { kind: arrow ? 'arrow' : 'function', at: node.start, instance: arrow ? 'void 0' : ownName(node) });
      return;
    }
    switch (node.type) {
      case 'ClassDeclaration':
      case 'ClassExpression':
        visitClass(node, scope, hint);
        return;
      case 'ExpressionStatement':
        statementStarts.add(node.start);
        if (code[node.end - 1] !== ';') asiEnds.add(node.end);
        break;
      case 'ThrowStatement':
        if (code[node.end - 1] !== ';') asiEnds.add(node.end);
        break;
      case 'VariableDeclaration':
        if (!forHeads.has(node) && code[node.end - 1] !== ';') asiEnds.add(node.end);
        break;
      case 'ForStatement':
        if (node['init'] != null) forHeads.add(node['init'] as Node);
        break;
      case 'ForInStatement':
        forHeads.add(node['left'] as Node);
        break;
      case 'ForOfStatement':
        forHeads.add(node['left'] as Node);
        nameOperand(node['right'] as Node);
        break;
      case 'CallExpression':
      case 'NewExpression':
        nameOperand(node['callee'] as Node);
        break;
      case 'MemberExpression':
        nameOperand(node['object'] as Node);
        break;
      case 'TaggedTemplateExpression':
        nameOperand(node['tag'] as Node);
        break;
      case 'SpreadElement':
        nameOperand(node['argument'] as Node);
        break;
      case 'ReturnStatement':
        if (code[node.end - 1] !== ';') asiEnds.add(node.end);
        if (scope.frame !== null) {
          const argument = node['argument'] as Node | null;
          const report = scope.frame === 'catch' ? 'ret done' : 'ret';
          if (argument === null) {
            const keywordEnd = node.start + 'return'.length;
            magic.appendLeft(keywordEnd, missingOperand(prefix, report) + asi(keywordEnd));
            return;
          }
          magic.appendLeft(argument.start, operandOpen(prefix));
          magic.prependRight(argument.end, operandClose(prefix, report) + asi(argument.end));
          visit(argument, scope, undefined);
          return;
        }
        break;
      case 'AwaitExpression':
      case 'YieldExpression':
        if (node['delegate'] === true) {
          // `yield* x` names its operand when it is not iterable (`x is not
          // iterable`, at the operand's position): the operand stays the
          // user's own, and the frame hears of the suspension before it is
          // evaluated.
          const argument = node['argument'] as Node;
          nameOperand(argument);
          if (scope.frame !== null && !namedOperands.has(node)) {
            magic.appendLeft(node.start, resumeOpen(prefix, statementStarts.has(node.start), true));
            magic.prependRight(node.end, resumeClose(prefix, true) + asi(node.end));
          }
          visit(argument, scope, undefined);
          return;
        }
        if (scope.frame !== null) {
          // The user's keyword stays the one that suspends; its operand and
          // result pass through the frame on either side of it.
          const argument = node['argument'] as Node | null;
          const resumes = !namedOperands.has(node);
          if (resumes) {
            magic.appendLeft(node.start, resumeOpen(prefix, statementStarts.has(node.start), false));
            magic.prependRight(node.end, resumeClose(prefix, false) + asi(node.end));
          }
          if (argument === null) {
            magic.appendLeft(node.end, missingOperand(prefix, 'suspend') + asi(node.end));
            return;
          }
          magic.appendLeft(argument.start, operandOpen(prefix));
          magic.prependRight(argument.end, operandClose(prefix, 'suspend') + asi(argument.end));
          visit(argument, scope, undefined);
          return;
        }
        break;
      case 'ObjectExpression':
        visitObject(node, scope, hint);
        return;
      case 'VariableDeclarator': {
        const id = node['id'] as Node;
        if (isPattern(id)) nameOperand(node['init'] as Node | null);
        visit(id, scope, undefined);
        visit(node['init'] as Node | null, scope, id.type === 'Identifier' ? (id as Identifier).name : undefined);
        return;
      }
      case 'AssignmentExpression': {
        const left = node['left'] as Node;
        if (isPattern(left)) nameOperand(node['right'] as Node);
        visit(left, scope, undefined);
        visit(node['right'] as Node, scope, targetName(left));
        return;
      }
      case 'AssignmentPattern': {
        const left = node['left'] as Node;
        if (isPattern(left)) nameOperand(node['right'] as Node);
        visit(left, scope, undefined);
        visit(node['right'] as Node, scope, left.type === 'Identifier' ? (left as Identifier).name : undefined);
        return;
      }
      case 'ExportDefaultDeclaration':
        visit(node['declaration'] as Node, scope, 'default');
        return;
      case 'WithStatement':
        // Inside `with`, a site's bindings would be looked up through the
        // object first (a proxy's `has` trap would see them): no sites there.
        visit(node['object'] as Node, scope, undefined);
        return;
      case 'ParenthesizedExpression':
      case 'ChainExpression':
        visit(node['expression'] as Node, scope, hint);
        return;
    }
    const keys = CHILD_KEYS[node.type];
    if (keys === undefined) return;
    for (const key of keys) {
      const child = node[key] as Node | Node[] | null | undefined;
      if (Array.isArray(child)) {
        for (const c of child) visit(c, scope, undefined);
      } else if (child != null) {
        visit(child, scope, undefined);
      }
    }
  };

  visit(options.program, { prefix: '', frame: null }, undefined);

  const take = sites.some((site) => site[4] !== 'sync');
  const prologue = buildPrologue(options, prefix, keyPrefix, sites, { take, unframed });
  const { at, endDirective } = prologueOffset(options.program, code, options.format);
  magic.appendLeft(at, endDirective ? `;${prologue}` : prologue);
  return { code: magic.toString(), magic, sites, unframed, prefix };
}

/**
 * The arguments a site passes after `this`: each simple parameter by name; a
 * destructuring parameter as an object (or array) of the names it binds.
 */
function passedArgs(fn: FunctionNode): string[] {
  const shadowed = bodyFunctionNames(fn);
  return fn.params.map((param) => {
    let p = param;
    if (p.type === 'AssignmentPattern') p = p['left'] as Node;
    if (p.type === 'RestElement') p = p['argument'] as Node;
    if (p.type === 'Identifier') {
      const name = (p as Identifier).name;
      // A function declared in the body with the parameter's name is already hoisted over it.
      return shadowed.has(name) ? 'void 0' : name;
    }
    const ids: Identifier[] = [];
    patternIdentifiers(p, ids);
    const kept = ids.map((id) => id.name).filter((n) => !shadowed.has(n));
    return p.type === 'ArrayPattern' ? `[${kept.join(', ')}]` : `{${kept.join(', ')}}`;
  });
}

function bodyFunctionNames(fn: FunctionNode): Set<string> {
  const names = new Set<string>();
  if (fn.body.type !== 'BlockStatement') return names;
  for (const stmt of fn.body['body'] as Node[]) {
    if (stmt.type === 'FunctionDeclaration') {
      const id = stmt['id'] as Identifier | null;
      if (id) names.add(id.name);
    }
  }
  return names;
}

/**
 * Whether an async function's body can run on after a `return` has its
 * value: a `finally` around the `return`, the closing of a `for … of`
 * iterator (which a `for await` awaits), the disposal of `using`
 * declarations. Such a body reports its end from a `finally`.
 */
function runsOnAfterReturn(fn: FunctionNode): boolean {
  if (fn.body.type !== 'BlockStatement') return false;
  const walk = (node: Node | null | undefined, guarded: boolean): boolean => {
    if (node == null) return false;
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ClassBody':
        return false;
      case 'ReturnStatement':
        return guarded;
      case 'VariableDeclaration':
        if (node['kind'] !== 'var' && node['kind'] !== 'let' && node['kind'] !== 'const') return true;
        break;
      case 'TryStatement':
        if (node['finalizer'] != null) guarded = true;
        break;
      case 'ForOfStatement':
        guarded = true;
        break;
    }
    const keys = CHILD_KEYS[node.type];
    if (keys === undefined) return false;
    for (const key of keys) {
      const child = node[key] as Node | (Node | null)[] | null | undefined;
      if (Array.isArray(child)) {
        for (const c of child) if (walk(c, guarded)) return true;
      } else if (walk(child, guarded)) return true;
    }
    return false;
  };
  return walk(fn.body, false);
}

/**
 * Adds to `out` the names that `node` (a statement of a function body, or
 * below one) declares with `var` or, in a nested block, as a function: the
 * declarations a top-level function declaration of the same name would clash
 * with once the body is a block. Nested functions and classes are not entered.
 */
function declaredAgain(node: Node | null | undefined, top: boolean, out: Set<string>): void {
  if (node == null) return;
  switch (node.type) {
    case 'FunctionDeclaration':
      if (!top) out.add((node['id'] as Identifier).name);
      return;
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassDeclaration':
    case 'ClassExpression':
      return;
    case 'LabeledStatement':
      declaredAgain(node['body'] as Node, top, out);
      return;
    case 'VariableDeclaration':
      if (node['kind'] === 'var') {
        const ids: Identifier[] = [];
        for (const d of node['declarations'] as Node[]) patternIdentifiers(d['id'] as Node, ids);
        for (const id of ids) out.add(id.name);
      }
      return;
  }
  const keys = CHILD_KEYS[node.type];
  if (keys === undefined) return;
  for (const key of keys) {
    const child = node[key] as Node | (Node | null)[] | null | undefined;
    if (Array.isArray(child)) {
      for (const c of child) declaredAgain(c, false, out);
    } else {
      declaredAgain(child, false, out);
    }
  }
}

/** Where the guard goes: after the body's directive prologue (`'use strict'` must stay a directive). */
function afterDirectives(body: Node): number {
  let at = body.start + 1;
  for (const stmt of body['body'] as Node[]) {
    if (stmt.type === 'ExpressionStatement' && typeof stmt['directive'] === 'string') at = stmt.end;
    else break;
  }
  return at;
}

/**
 * Where a concise arrow body really starts: its first token after `=>`, which
 * is the outermost `(` of a parenthesized body (the body node's own range
 * leaves those parentheses out). `return` must go right there: one line
 * break between `return` and the expression and ASI would return undefined.
 * Before `=>` come only the parameters, `async`, `(`, `)`, `,`, white space and
 * comments; after it only white space, comments and `(`.
 */
function conciseBodyStart(code: string, fn: FunctionNode): number {
  const last = fn.params[fn.params.length - 1];
  let i = last === undefined ? fn.start : last.end;
  let arrowSeen = false;
  while (i < fn.body.start) {
    if (code.startsWith('/*', i)) {
      const close = code.indexOf('*/', i + 2);
      i = close === -1 ? code.length : close + 2;
    } else if (code.startsWith('//', i)) {
      const eol = code.slice(i).search(/[\n\r\u2028\u2029]/);
      i = eol === -1 ? code.length : i + eol;
    } else if (!arrowSeen) {
      if (code.startsWith('=>', i)) {
        arrowSeen = true;
        i += 2;
      } else {
        i++;
      }
    } else if (/\s/.test(code[i] as string)) {
      i++;
    } else {
      return i;
    }
  }
  return fn.body.start;
}

/** The name a property key contributes to a symbol. */
function keyName(member: Node, code: string): string {
  const key = member['key'] as Node;
  if (member['computed']) {
    // One line: symbols are printed one per line (`available_filter_functions`).
    const text = code.slice(key.start, key.end).replace(/\s+/g, ' ');
    return `[${text.length > 40 ? text.slice(0, 37) + '...' : text}]`;
  }
  if (key.type === 'Identifier') return (key as Identifier).name;
  if (key.type === 'PrivateIdentifier') return `#${key['name'] as string}`;
  if (key.type === 'Literal') return String(key['value']);
  return code.slice(key.start, key.end);
}

/** `a.b.c` for an assignment target made of static member accesses; `.prototype` is dropped (`Vec.prototype.add` → `Vec.add`). */
function targetName(node: Node): string | undefined {
  if (node.type === 'Identifier') return (node as Identifier).name;
  if (node.type !== 'MemberExpression' || node['computed']) return undefined;
  const objectName = targetName(node['object'] as Node) ?? ((node['object'] as Node).type === 'ThisExpression' ? 'this' : undefined);
  const property = node['property'] as Node;
  const prop = property.type === 'Identifier' ? (property as Identifier).name : property.type === 'PrivateIdentifier' ? `#${property['name'] as string}` : undefined;
  if (objectName === undefined || prop === undefined) return undefined;
  if (prop === 'prototype') return objectName;
  return `${objectName}.${prop}`;
}
