/**
 * The parser: acorn. Measured on `typescript.js` (bench/parsers.mjs,
 * docs/benchmarks.md): meriyah parses 1.2–1.3× faster and oxc-parser's raw
 * transfer 2.7× faster but only on Node 22+ (its JSON transfer, the Node 20
 * path, is slower than acorn), Babel 0.7× and SWC 0.4×. acorn is kept: pure
 * JavaScript with no native binary, the same speed on both supported Nodes,
 * the ESTree reference implementation, and a decade of tracking every
 * ECMAScript edition. The walker reads plain ESTree, so a faster ESTree parser
 * can replace it.
 */
import { parse as acornParse } from 'acorn';
import { TransformError } from '../errors.js';
import type { Node } from './estree.js';
import type { ModuleFormat } from './instrument.js';

/**
 * Parses JavaScript whose format nothing declares, as Node does for a `.js`
 * file in a package without `type`: a script (CommonJS) unless only a module
 * parses (`import`/`export`, top-level `await`).
 */
export function parseDetect(code: string, file: string): { program: Node; format: ModuleFormat } {
  try {
    return { program: parse(code, file, 'cjs'), format: 'cjs' };
  } catch (scriptError) {
    try {
      return { program: parse(code, file, 'esm'), format: 'esm' };
    } catch {
      throw scriptError;
    }
  }
}

/** Parses JavaScript of the given format into ESTree. */
export function parse(code: string, file: string, format: ModuleFormat): Node {
  try {
    return acornParse(code, {
      ecmaVersion: 'latest',
      sourceType: format === 'esm' ? 'module' : 'script',
      allowHashBang: true,
      allowReturnOutsideFunction: format === 'cjs',
      allowAwaitOutsideFunction: format === 'esm',
    }) as unknown as Node;
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const reason = (error as Error).message.replace(/ \(\d+:\d+\)$/, '');
    throw new TransformError(file, loc?.line ?? 1, (loc?.column ?? 0) + 1, reason, error);
  }
}
