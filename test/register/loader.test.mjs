// The load hooks: ES modules, CommonJS and TypeScript, in the main thread and
// in workers, with include/exclude globs and the fallback for files the
// transformer cannot handle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const app = path.join(here, 'fixtures', 'app');
const register = pathToFileURL(path.join(here, '..', '..', 'dist', 'register', 'index.js')).href;

function runApp(env = {}, file = 'main.mjs', cwd = app) {
  const result = spawnSync(process.execPath, ['--import', register, file], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FENTRY_CACHE: '0', FENTRY_ROOT: cwd, ...env },
  });
  return result;
}

function lines(stdout) {
  return stdout.trim().split('\n').map((l) => JSON.parse(l));
}

test('every module the program loads gets its sites, in the main thread and in workers', () => {
  const r = runApp();
  assert.equal(r.status, 0, r.stderr);
  const [main, worker] = lines(r.stdout);
  assert.deepEqual(main.result, [55, 8, 'hello ts']);
  for (const site of ['fib [lib.mjs]', 'twice [helper.cjs]', 'exports.add [nested/inner.cjs]', 'greet [greet.ts]', 'names [main.mjs]']) {
    assert.ok(main.sites.includes(site), `${site} in ${main.sites}`);
  }
  assert.equal(worker.thread, 'worker');
  assert.deepEqual(worker.result, [8]);
  assert.ok(worker.sites.includes('fib [lib.mjs]'), 'the worker instruments its own modules');
});

test('include and exclude globs choose the files', () => {
  const only = lines(runApp({ FENTRY_INCLUDE: 'lib.mjs,nested/**' }).stdout)[0];
  assert.deepEqual(only.sites, ['fib [lib.mjs]', 'exports.add [nested/inner.cjs]']);
  const without = lines(runApp({ FENTRY_EXCLUDE: '**/*.cjs' }).stdout)[0];
  assert.ok(!without.sites.some((s) => s.includes('.cjs]')), String(without.sites));
  assert.ok(without.sites.includes('greet [greet.ts]'));
});

test('a file the transformer cannot handle runs untraced, with one warning naming file, line and column', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fentry-deep-'));
  const depth = 1500; // deeper than acorn's recursion allows, well within V8's
  fs.writeFileSync(path.join(dir, 'deep.cjs'), `module.exports = ${'['.repeat(depth)}1${']'.repeat(depth)};\nfunction f() { return 42; }\nconsole.log('ran', f());\n`);
  const r = runApp({}, 'deep.cjs', dir);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'ran 42\n');
  const warnings = r.stderr.split('\n').filter((l) => l.includes('FENTRY_TRANSFORM_FAILED'));
  assert.equal(warnings.length, 1, r.stderr);
  assert.match(warnings[0], /cannot instrument .*deep\.cjs:1:\d+: .*; it runs without patch sites/);
});

test('the disk cache serves the second start', () => {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fentry-cache-'));
  const first = runApp({ FENTRY_CACHE: '1', FENTRY_CACHE_DIR: cacheDir });
  assert.equal(first.status, 0, first.stderr);
  const entries = fs.readdirSync(cacheDir);
  assert.ok(entries.length >= 5, `cached ${entries.length} modules`);
  const stamp = entries.map((e) => fs.statSync(path.join(cacheDir, e)).mtimeMs);
  const second = runApp({ FENTRY_CACHE: '1', FENTRY_CACHE_DIR: cacheDir });
  assert.equal(second.stdout, first.stdout);
  assert.deepEqual(fs.readdirSync(cacheDir), entries, 'no new entries on the second start');
  assert.deepEqual(entries.map((e) => fs.statSync(path.join(cacheDir, e)).mtimeMs), stamp, 'entries are not rewritten');
});

test('fentry never instruments its own code', () => {
  const r = runApp();
  const [main] = lines(r.stdout);
  assert.ok(!main.sites.some((s) => /\[(dist|src)\/|acorn|esbuild|magic-string/.test(s)), String(main.sites));
});

test('an input source map (a bundler\'s) is chained: stack traces point at the original source', async () => {
  const { default: MagicString } = await import('magic-string');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fentry-map-'));
  const original = 'function fail(code) {\n  throw new Error(`failed with ${code}`);\n}\nfail(7);\n';
  // A "bundle": the same code wrapped and shifted, with a map back to original.js.
  const bundle = new MagicString(original, { filename: 'original.js' });
  bundle.prepend('/* bundled */\n(function () {\n').append('})();\n');
  const map = bundle.generateMap({ hires: true, source: 'original.js', includeContent: true });
  fs.writeFileSync(path.join(dir, 'bundle.cjs'), `${bundle.toString()}//# sourceMappingURL=bundle.cjs.map\n`);
  fs.writeFileSync(path.join(dir, 'bundle.cjs.map'), map.toString());
  const r = runApp({}, 'bundle.cjs', dir);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /original\.js:2:9/, r.stderr);
});
