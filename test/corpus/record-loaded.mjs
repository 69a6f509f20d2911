// Preload for the corpus runs: at exit, writes the files of every CommonJS
// module the program loaded (required or imported) to FENTRY_TEST_LOADED as a
// JSON array, so the test can check that each one was instrumented.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const cache = createRequire(import.meta.url).cache;
const out = process.env.FENTRY_TEST_LOADED;
if (out) process.on('exit', () => fs.writeFileSync(out, JSON.stringify(Object.keys(cache))));
