/**
 * What the transformer must know about names to let a site hand over the
 * function object being called (`fn` in the guard call), which the kernel's
 * trampolines have for free as the return address: a function's own name
 * refers to the function itself only if nothing inside it declares that name
 * again and, for a declaration, nothing anywhere assigns to it.
 */
import { CHILD_KEYS, type Identifier, type Node } from './estree.js';

export interface NameFacts {
  /** Is `name` bound (a parameter, variable, function, class or catch parameter) anywhere in `(start, end)` other than at `except`? */
  declaredWithin(name: string, start: number, end: number, except: number): boolean;
  /** Is `name` ever assigned (`=`, `+=`, `++`, a for-in/of target, a destructuring assignment)? */
  assigned(name: string): boolean;
  /** Is `arguments` named anywhere in `(start, end)` (nested functions included: conservative)? */
  argumentsWithin(start: number, end: number): boolean;
  /** Does the file call `eval` directly or use `with`, which can declare or hide any name? */
  readonly dynamicScope: boolean;
  /** Is there a direct `eval` call or a `with` statement anywhere in `(start, end)` (nested functions included: conservative)? */
  dynamicWithin(start: number, end: number): boolean;
}

export function nameFacts(program: Node): NameFacts {
  const bindings = new Map<string, number[]>();
  const assigned = new Set<string>();
  const argumentsAt: number[] = [];
  const dynamicAt: number[] = [];

  const bind = (id: Node | null | undefined): void => {
    if (id == null) return;
    const names: Identifier[] = [];
    patternIdentifiers(id, names);
    for (const n of names) {
      let list = bindings.get(n.name);
      if (list === undefined) bindings.set(n.name, (list = []));
      list.push(n.start);
    }
  };
  const assign = (target: Node): void => {
    const names: Identifier[] = [];
    patternIdentifiers(target, names);
    for (const n of names) assigned.add(n.name);
  };

  const stack: Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        bind(node['id'] as Node | null);
        for (const p of node['params'] as Node[]) bind(p);
        break;
      case 'ClassDeclaration':
      case 'ClassExpression':
        bind(node['id'] as Node | null);
        break;
      case 'VariableDeclarator':
        bind(node['id'] as Node);
        break;
      case 'CatchClause':
        bind(node['param'] as Node | null);
        break;
      case 'AssignmentExpression':
        assign(node['left'] as Node);
        break;
      case 'UpdateExpression':
        assign(node['argument'] as Node);
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        if ((node['left'] as Node).type !== 'VariableDeclaration') assign(node['left'] as Node);
        break;
      case 'WithStatement':
        dynamicAt.push(node.start);
        break;
      case 'Identifier':
        if ((node as Identifier).name === 'arguments') argumentsAt.push(node.start);
        break;
      case 'CallExpression': {
        const callee = node['callee'] as Node;
        if (callee.type === 'Identifier' && (callee as Identifier).name === 'eval') dynamicAt.push(node.start);
        break;
      }
    }
    const keys = CHILD_KEYS[node.type];
    if (keys === undefined) continue;
    for (const key of keys) {
      const child = node[key] as Node | (Node | null)[] | null | undefined;
      if (Array.isArray(child)) {
        for (const c of child) if (c != null) stack.push(c);
      } else if (child != null) stack.push(child);
    }
  }
  for (const list of bindings.values()) list.sort((a, b) => a - b);
  argumentsAt.sort((a, b) => a - b);
  dynamicAt.sort((a, b) => a - b);

  return {
    declaredWithin(name, start, end, except) {
      const list = bindings.get(name);
      if (list === undefined) return false;
      for (let i = firstAfter(list, start); i < list.length && (list[i] as number) < end; i++) if (list[i] !== except) return true;
      return false;
    },
    argumentsWithin(start, end) {
      const i = firstAfter(argumentsAt, start);
      return i < argumentsAt.length && (argumentsAt[i] as number) < end;
    },
    dynamicWithin(start, end) {
      const i = firstAfter(dynamicAt, start);
      return i < dynamicAt.length && (dynamicAt[i] as number) < end;
    },
    assigned: (name) => assigned.has(name),
    dynamicScope: dynamicAt.length > 0,
  };
}

/** Index of the first element of sorted `list` greater than `at`. */
function firstAfter(list: readonly number[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as number) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The identifiers a binding or assignment pattern names (member targets name none). */
export function patternIdentifiers(p: Node | null | undefined, out: Identifier[]): void {
  if (p == null) return;
  switch (p.type) {
    case 'Identifier':
      out.push(p as Identifier);
      return;
    case 'AssignmentPattern':
      patternIdentifiers(p['left'] as Node, out);
      return;
    case 'RestElement':
      patternIdentifiers(p['argument'] as Node, out);
      return;
    case 'ArrayPattern':
      for (const e of p['elements'] as (Node | null)[]) patternIdentifiers(e, out);
      return;
    case 'ObjectPattern':
      for (const prop of p['properties'] as Node[]) patternIdentifiers(prop.type === 'Property' ? (prop['value'] as Node) : prop, out);
      return;
  }
}
