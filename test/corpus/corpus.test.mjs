// Corpus runs, as acorn runs test262: large, well-known packages run fully
// instrumented, every site switched to a trivial handler that lets the body
// run, must print byte for byte what they print uninstrumented and exit the
// same way. Each driver runs three times: plain, instrumented with a cold
// transform cache, and again from the warm cache. No run passes vacuously:
// the package's own sites must fire often, and every CommonJS module the run
// loaded that has functions must be in the site table (none ran untraced).
// A corpus that fails through a known fentry bug is `todo`, naming the bug.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformFile, moduleName } from '../../dist/transform/index.js';
import { optionsFromEnv, selector } from '../../dist/register/options.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const register = pathToFileURL(path.join(root, 'dist', 'register', 'index.js')).href;
const allOn = pathToFileURL(path.join(root, 'test', 'support', 'all-on.mjs')).href;
const recordLoaded = pathToFileURL(path.join(here, 'record-loaded.mjs')).href;

/**
 * `module`: the site-table prefix of the package under test; `calls` and
 * `sites`: lower bounds, well under what a run shows (calls into the
 * package's sites, distinct sites that fired). `todo`: a known fentry bug,
 * named, until it is fixed.
 */
const corpora = [
  {
    name: 'the TypeScript compiler compiles, transpiles and serves a sample project',
    driver: 'typescript-compile.mjs',
    module: 'typescript/',
    calls: 1_000_000,
    sites: 3000,
  },
  {
    name: '@babel/parser parses typescript.js, lib.dom.d.ts and broken snippets',
    driver: 'babel-parse.mjs',
    module: '@babel/parser/',
    calls: 1_000_000,
    sites: 300,
  },
  {
    name: 'markdown-it renders every Markdown file of the installed packages',
    driver: 'markdown-render.mjs',
    module: 'markdown-it/',
    calls: 100_000,
    sites: 100,
  },
  {
    name: 'ESLint lints and fixes the sources of markdown-it',
    driver: 'eslint-lint.mjs',
    module: 'eslint/',
    calls: 1_000_000,
    sites: 500,
  },
];

/** Runs node with `args` in the project root; resolves with status, signal, stdout and stderr. */
function run(args, env) {
  return new Promise((resolve, reject) => {
    const childEnv = { ...process.env, ...env };
    // Not a test-runner child, and no inherited fentry settings or preloads.
    for (const key of Object.keys(childEnv)) {
      if (key === 'NODE_TEST_CONTEXT' || key === 'NODE_OPTIONS' || (key.startsWith('FENTRY_') && !(key in env))) delete childEnv[key];
    }
    const child = spawn(process.execPath, args, { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      resolve({ status, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

/** The first line where two outputs part, with its neighbours, for an assertion message. */
function firstDifference(expected, actual) {
  const a = expected.split('\n');
  const b = actual.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const show = (lines) => lines.slice(Math.max(0, i - 2), i + 3).map((l) => (l.length > 200 ? `${l.slice(0, 200)}…` : l)).join('\n    ');
  return `outputs part at line ${i + 1} of ${a.length} (plain) / ${b.length} (instrumented)\n  plain:\n    ${show(a)}\n  instrumented:\n    ${show(b)}`;
}

/**
 * The CommonJS files the run loaded that the load hooks should have
 * instrumented but that have no sites in its site table: a module that
 * silently ran untraced. A file with no functions has no sites by right.
 */
function untraced(loadedFile, countsFile) {
  const traced = new Set(Object.keys(JSON.parse(fs.readFileSync(countsFile, 'utf8'))).map((key) => key.slice(key.lastIndexOf(' [') + 2, -1)));
  const select = selector(optionsFromEnv({ FENTRY_ROOT: root }));
  return JSON.parse(fs.readFileSync(loadedFile, 'utf8'))
    .filter((file) => select(file) === 'instrument' && !traced.has(moduleName(file, root)))
    .filter((file) => transformFile(file, { root }).sites.length > 0)
    .map((file) => moduleName(file, root));
}

/** Calls and fired sites per module prefix, from the all-on counts file. */
function tally(countsFile, prefix) {
  const counts = JSON.parse(fs.readFileSync(countsFile, 'utf8'));
  let calls = 0;
  let fired = 0;
  let sites = 0;
  for (const [key, n] of Object.entries(counts)) {
    const module = key.slice(key.lastIndexOf(' [') + 2, -1);
    if (!module.startsWith(prefix)) continue;
    sites++;
    calls += n;
    if (n > 0) fired++;
  }
  return { calls, fired, sites };
}

/** Stderr cut for a message: Node echoes the offending source line, and a transformed line can be megabytes long. */
function excerpt(stderr) {
  const lines = stderr.split('\n').map((l) => (l.length > 300 ? `${l.slice(0, 300)}… (${l.length} chars)` : l));
  const text = lines.join('\n');
  return text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
}

function assertSame(label, plain, traced) {
  assert.equal(traced.signal, plain.signal, `${label}: signal\n${excerpt(traced.stderr)}`);
  assert.equal(traced.status, plain.status, `${label}: exit code (plain ${plain.status}, instrumented ${traced.status})\n${excerpt(traced.stderr)}`);
  if (traced.stdout !== plain.stdout) assert.fail(`${label}: stdout differs\n${firstDifference(plain.stdout, traced.stdout)}\nstderr:\n${excerpt(traced.stderr)}`);
  assert.doesNotMatch(traced.stderr, /FENTRY_TRANSFORM_FAILED|fentry:/, `${label}: every module was instrumented`);
}

for (const corpus of corpora) {
  test(corpus.name, { timeout: 180_000, ...(corpus.todo ? { todo: corpus.todo } : {}) }, async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fentry-corpus-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const driver = path.join(here, corpus.driver);
    const counts = path.join(dir, 'counts.json');
    const loaded = path.join(dir, 'loaded.json');
    const env = { FENTRY_CACHE_DIR: path.join(dir, 'cache'), FENTRY_ROOT: root, FENTRY_TEST_COUNTS: counts, FENTRY_TEST_LOADED: loaded };
    const traced = ['--import', register, '--import', allOn, '--import', recordLoaded, driver];

    const [plain, cold] = await Promise.all([run([driver], {}), run(traced, env)]);
    assert.equal(plain.signal, null, plain.stderr);
    assert.ok(plain.stdout.length > 1000, `the plain run prints its corpus (${plain.stdout.length} chars)\n${plain.stderr}`);
    assertSame('cold cache', plain, cold);

    const check = (label) => {
      const { calls, fired, sites } = tally(counts, corpus.module);
      assert.ok(calls >= corpus.calls, `${label}: ${calls} calls into ${corpus.module} sites, expected at least ${corpus.calls}`);
      assert.ok(fired >= corpus.sites, `${label}: ${fired} of ${sites} ${corpus.module} sites fired, expected at least ${corpus.sites}`);
      return `${calls} calls, ${fired} of ${sites} sites fired`;
    };
    t.diagnostic(`${corpus.module}: ${check('cold cache')}`);
    const missing = untraced(loaded, counts);
    assert.deepEqual(missing, [], `${missing.length} CommonJS modules loaded without their sites`);

    assert.ok(fs.readdirSync(env.FENTRY_CACHE_DIR).length > 0, 'the cold run filled the transform cache');
    fs.rmSync(counts);
    assertSame('warm cache', plain, await run(traced, env));
    check('warm cache');
  });
}
