/**
 * Source maps: reading a file's own map, chaining maps (TypeScript or a bundler
 * before us), and the inline comment Node reads when source maps are enabled.
 */
import fs from 'node:fs';
import path from 'node:path';
import remapping from '@jridgewell/remapping';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

type RawMap = { version: number; sources: (string | null)[]; mappings: string; [k: string]: unknown };

const COMMENT = /\/\/[#@] sourceMappingURL=([^\s'"]+)\s*$/;

/** The source map a JavaScript file points at with its trailing comment, if it can be read. */
export function readInputMap(code: string, file: string): { map: RawMap; commentStart: number } | undefined {
  const tail = code.slice(-4096);
  const match = COMMENT.exec(tail);
  if (match === null || match[1] === undefined) return undefined;
  const url = match[1];
  const commentStart = code.length - tail.length + match.index;
  try {
    let text: string;
    if (url.startsWith('data:')) {
      const comma = url.indexOf(',');
      const meta = url.slice(5, comma);
      const data = url.slice(comma + 1);
      text = meta.endsWith(';base64') ? Buffer.from(data, 'base64').toString('utf8') : decodeURIComponent(data);
    } else {
      if (/^[a-z]+:/i.test(url) && !url.startsWith('file:')) return undefined;
      const mapPath = url.startsWith('file:') ? new URL(url).pathname : path.resolve(path.dirname(file), url);
      text = fs.readFileSync(mapPath, 'utf8');
    }
    return { map: JSON.parse(text) as RawMap, commentStart };
  } catch {
    return undefined;
  }
}

/** `outer` applied after `inner`: positions in the final code map to `inner`'s sources. */
export function chain(outer: RawMap | string, inner: RawMap | string): RawMap {
  const innerMap = typeof inner === 'string' ? (JSON.parse(inner) as RawMap) : inner;
  return remapping([outer as never, innerMap as never], () => null) as unknown as RawMap;
}

/** The comment that carries a map inline. */
export function inlineComment(map: RawMap | { toString(): string }): string {
  const json = typeof (map as { mappings?: unknown }).mappings === 'string' ? JSON.stringify(map) : map.toString();
  return `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(json).toString('base64')}\n`;
}

/** Maps generated offsets (through a line index) to original 1-based positions. */
export function originalPositions(map: string | RawMap): (line: number, column: number) => { line: number; column: number } {
  const trace = new TraceMap(map as never);
  return (line, column) => {
    const pos = originalPositionFor(trace, { line, column: column - 1 });
    if (pos.line == null || pos.column == null) return { line, column };
    return { line: pos.line, column: pos.column + 1 };
  };
}
