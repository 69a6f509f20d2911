/**
 * The module prologue: one slot holder per site, and the registration of the
 * module's site table with the runtime before any of its code runs.
 */
import type { SiteTuple } from '../runtime/index.js';
import type { Node } from './estree.js';

/** Marks output so that a module is never instrumented twice. */
export const INSTRUMENTED_MARK = '/*fentry:instrumented*/';

export interface PrologueOptions {
  format: 'esm' | 'cjs';
  module: string;
  file: string;
}

/** What the module's sites need besides the slots and the continue sentinel. */
export interface PrologueNeeds {
  /** Some site is an async function or generator: bind the frame register's take function (`__fe$T`). */
  take: boolean;
  /** Positions of async functions and generators whose body is not framed. */
  unframed: number[];
}

/**
 * The runtime, found without naming anything a CommonJS module can shadow
 * (`var Symbol`, `var globalThis` at the top of a module are hoisted over the
 * prologue): the global object comes from `Function` reached through an
 * object literal's prototype chain, and `globalThis` only if that is refused.
 */
const cjsRuntime = (take: boolean): string =>
  '(function(){var g;try{g=({}).constructor.constructor("return this")()}catch(e){g=globalThis}' +
  `var r=g[g.Symbol.for("fentry.runtime.v1")]||{C:g.Symbol(),m:function(){}};return{C:r.C,m:function(a,b,c){r.m(a,b,c)},${take ? `T:function(){${TAKE}},` : ''}g:g}})()`;
const ESM_RUNTIME = '(globalThis[Symbol.for("fentry.runtime.v1")]||{C:Symbol(),m(){}})';
/**
 * The body of the take function of the runtime's frame register: reads and
 * clears `frame` on whatever `r` is (a runtime without the register, or the
 * stand-in used when no runtime is installed, gives null), so the ABI
 * version stays 1: an older runtime of the same version simply never frames.
 */
const TAKE = 'var f=r.frame;if(f==null)return null;r.frame=null;return f';

export function buildPrologue(options: PrologueOptions, prefix: string, keyPrefix: string, sites: SiteTuple[], needs: PrologueNeeds): string {
  const unframed = needs.unframed.length > 0 ? { unframed: needs.unframed } : {};
  const meta = JSON.stringify({ module: options.module, file: options.file, sites, ...unframed });
  const n = sites.length;
  // Each slot is a non-enumerable global (`Object.keys(globalThis)` does not change).
  const slots = (g: string, r: string) =>
    n === 0
      ? ''
      : `(function(g,p,r){var h=[];for(var i=0;i<${n};i++){g.Object.defineProperty(g,p+i,{value:null,writable:true,configurable:true,enumerable:false});h.push(g)}` +
        `r.m(${JSON.stringify(meta)},h,p)})(${g},${JSON.stringify(keyPrefix)},${r});`;
  if (options.format === 'cjs') {
    const take = needs.take ? `,${prefix}T=${prefix}R.T` : '';
    return `${INSTRUMENTED_MARK}const ${prefix}R=${cjsRuntime(needs.take)},${prefix}C=${prefix}R.C${take};${slots(`${prefix}R.g`, `${prefix}R`)}`;
  }
  // An ES module's functions can run before its body does (an import cycle
  // calls an exported function declaration early), so the slots are made by a
  // leaf module that is always evaluated first: a data: URL, no loader needed.
  // Each slot is a non-enumerable global (`Object.keys(globalThis)` does not
  // change), whose property cell V8 folds to a constant until it is switched.
  const leaf =
    `const R=${ESM_RUNTIME};export const C=R.C;` +
    (needs.take ? `export function T(){var r=R;${TAKE}}` : '') +
    slots('globalThis', 'R');
  const names = needs.take ? `C as ${prefix}C,T as ${prefix}T` : `C as ${prefix}C`;
  return `${INSTRUMENTED_MARK}import{${names}}from${JSON.stringify('data:text/javascript,' + encodeURIComponent(leaf))};`;
}

/**
 * Where the prologue goes: after a hashbang line and the program's directives,
 * on the same line. `endDirective`: the last directive has no semicolon (ASI
 * ends it at the line break), so the prologue must supply one.
 */
export function prologueOffset(program: Node, code: string, format: 'esm' | 'cjs'): { at: number; endDirective: boolean } {
  let at = code.startsWith('#!') ? code.indexOf('\n') + 1 || code.length : 0;
  let endDirective = false;
  if (format === 'cjs') {
    for (const stmt of program['body'] as Node[]) {
      if (stmt.type !== 'ExpressionStatement' || typeof stmt['directive'] !== 'string') break;
      at = stmt.end;
      endDirective = code[at - 1] !== ';';
    }
  }
  return { at, endDirective };
}
