// Shared setup of the programs tests: fentry's hooks in this process, the
// public API, and the fixtures loaded through the hooks.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const dist = path.join(here, '..', '..', 'dist');
process.env.FENTRY_CACHE = '0';
// These tests look at generators leaving and resuming: frame them (off by default, see TransformOptions.frameGenerators).
process.env.FENTRY_FRAME_GENERATORS = '1';
process.env.FENTRY_ROOT = path.join(here, 'fixtures');
await import(pathToFileURL(path.join(dist, 'register', 'index.js')).href);
export const api = await import(pathToFileURL(path.join(dist, 'index.js')).href);
export const funcs = await import('./fixtures/funcs.mjs');
export const other = await import('./fixtures/other.mjs');

/** The handler part of a trampoline's source: what runs per call. */
export function handlerBody(source) {
  return source.slice(source.indexOf('return function bpf_trampoline'));
}
