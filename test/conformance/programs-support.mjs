// Shared setup of the program (BPF trampoline) conformance tests: fentry's
// hooks in this process (through support.mjs), the public API, and the
// BPF-like fixture the tests attach to.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tracefs, reset } from './support.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const api = await import(pathToFileURL(path.join(here, '..', '..', 'dist', 'index.js')).href);

export { tracefs, reset };
export const { attach, patch, registerDirect, trampolineOf, enableStats, sites, CONTINUE, MAX_TRAMP_LINKS } = api;
export const bpf = await import('./fixtures/bpf.mjs');

/** The `enabled_functions` entry of one function (without the newline), or undefined. */
export function enabledLine(symbol, module = 'bpf.mjs') {
  const text = tracefs.read('enabled_functions');
  const start = text.split('\n').findIndex((l) => l.startsWith(`${symbol} [${module}]`));
  if (start === -1) return undefined;
  const lines = text.split('\n');
  // A record's entry continues on tab-indented lines (`\tdirect-->…`).
  let end = start + 1;
  while (end < lines.length && lines[end].startsWith('\t')) end++;
  return lines.slice(start, end).join('\n');
}
