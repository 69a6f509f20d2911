/**
 * Parameter types as written in TypeScript: fentry's counterpart of BTF, the
 * kernel's type information for function arguments. esbuild removes types
 * before instrumenting, so the types come from a second, type-aware parse of
 * the original source with oxc-parser (a maintained, native TypeScript parser
 * with ESTree output), matched to sites by their position in that source.
 */
import { parseSync, visitorKeys } from 'oxc-parser';
import { lineIndex } from './instrument.js';

interface TsNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const MEMBERS = new Set(['MethodDefinition', 'Property', 'TSAbstractMethodDefinition']);

/** Types by site position (`line:column`, 1-based, of the function or of its class/object member). */
export function parameterTypes(source: string, filename: string): Map<string, (string | null)[]> {
  const out = new Map<string, (string | null)[]>();
  const lang = filename.endsWith('x') ? 'tsx' : 'ts';
  let program: TsNode;
  try {
    program = parseSync(filename, source, { lang }).program as unknown as TsNode;
  } catch {
    return out;
  }
  const position = lineIndex(source);
  const typeOf = (param: TsNode): string | null => {
    let p = param;
    if (p.type === 'TSParameterProperty') p = p['parameter'] as TsNode;
    const annotated = (p.type === 'AssignmentPattern' ? (p['left'] as TsNode) : p)['typeAnnotation'] as TsNode | null | undefined;
    const type = annotated?.['typeAnnotation'] as TsNode | undefined;
    return type === undefined ? null : source.slice(type.start, type.end);
  };
  const record = (at: number, fn: TsNode): void => {
    const types = (fn['params'] as TsNode[]).map(typeOf);
    if (types.every((t) => t === null)) return;
    const { line, column } = position(at);
    out.set(`${line}:${column}`, types);
  };
  const visit = (node: TsNode, parent: TsNode | undefined): void => {
    if (FUNCTIONS.has(node.type)) record(parent !== undefined && MEMBERS.has(parent.type) && parent['value'] === node ? parent.start : node.start, node);
    for (const key of (visitorKeys as Record<string, readonly string[]>)[node.type] ?? []) {
      const child = node[key] as TsNode | (TsNode | null)[] | null | undefined;
      if (Array.isArray(child)) {
        for (const c of child) if (c != null && typeof c.type === 'string') visit(c, node);
      } else if (child != null && typeof child.type === 'string') visit(child, node);
    }
  };
  visit(program, undefined);
  return out;
}
