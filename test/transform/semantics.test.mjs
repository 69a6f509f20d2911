// DESIGN invariant 3: instrumented code behaves exactly as the original.
//
// Every folder under cases/ is one syntax case: a program `main.*` (plus the
// files it imports) that prints whatever would expose a difference. Each is run
// three ways from its own folder, so module names are relative to it:
//
//   plain   node main.*                  (for TypeScript/JSX: expected.txt instead)
//   off     node --import register main.*                         sites present, off
//   on      node --import register --import all-on --import frames-on main.*
//                                        every site counting; every async function
//                                        and generator reporting to a checking frame
//
// and stdout and the exit code must be identical (and the frames must see a
// well-formed sequence of events). A case's expected.txt, when
// present, is the stdout of all runs; expect.json, when present, is the exact
// {"symbol [module]": calls} of the `on` run. Without it, every source file of
// the case must show up in the site table of the `on` run. No run may warn
// that a file was left uninstrumented: a transform failure loads the original
// code, and the comparison would pass without testing anything.
//
// A new case: its program ends by printing `done` (proof that the baseline ran
// to the end). Write expect.json from the calls the program makes; a dump of an
// `on` run (FENTRY_TEST_COUNTS) is only a draft to check against the source.
// A TypeScript/JSX case's expected.txt comes from another compiler (tsc) and
// plain node, with error positions written in by hand from the source.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const casesDir = path.join(here, 'cases');
const projectRoot = path.resolve(here, '..', '..');
const registerEntry = path.join(projectRoot, 'dist', 'register', 'index.js');
const register = pathToFileURL(registerEntry).href;
const allOn = pathToFileURL(path.join(projectRoot, 'test', 'support', 'all-on.mjs')).href;
const framesOn = pathToFileURL(path.join(here, 'support', 'frames-on.mjs')).href;

const ENTRIES = ['main.mjs', 'main.cjs', 'main.js', 'main.ts', 'main.mts', 'main.cts', 'main.tsx', 'main.jsx'];
const SOURCE = /\.(?:[cm]?js|[cm]?ts|[jt]sx)$/;
/** Plain Node 20 cannot run these; their baseline is the case's expected.txt. */
const LOWERED = /\.(?:[cm]?ts|[jt]sx)$/;
const CHILD_TIMEOUT_MS = 30_000;

/**
 * Cases that cannot pass because of a known defect the transformer cannot fix
 * on its own; the reason names where it lies. Keyed by case folder.
 */
// Where a handler runs the body itself (a trampoline), the call has one more
// frame while the site is on: what only shows in frames is not compared then.
const FRAMES_ONLY = {
  'error-stacks': 'stack traces show the handler frame while a trampoline runs the body',
  'arguments-callee': 'fn.caller names the handler while a trampoline runs the body',
};

// Differences fentry cannot remove, each a todo with its reason.
const KNOWN = {
  'error-stack-format':
    'Node rewrites source-mapped frames itself (register enables source maps): paths instead of file: URLs, other frame names, eval origins unmapped',
  'error-callsite-api':
    'CallSite objects report generated columns; the patch site shifts the columns of the rest of its line',
};

function sourceFiles(dir, rel = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const name = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(dir, name));
    else if (SOURCE.test(entry.name)) out.push(name);
  }
  return out;
}

function run(args, cwd, extraEnv = {}) {
  const env = { ...process.env, FENTRY_CACHE: '0', ...extraEnv };
  for (const key of ['NODE_OPTIONS', 'NODE_TEST_CONTEXT', 'FENTRY_INCLUDE', 'FENTRY_EXCLUDE', 'FENTRY_ROOT']) delete env[key];
  if (!('FENTRY_TEST_COUNTS' in extraEnv)) delete env['FENTRY_TEST_COUNTS'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (d) => stdout.push(d));
    child.stderr.on('data', (d) => stderr.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() });
    });
  });
}

function assertInstrumented(result, label) {
  assert.doesNotMatch(result.stderr, /FENTRY_TRANSFORM_FAILED|cannot instrument/, `${label}: a file was left uninstrumented\n${result.stderr}`);
  assert.doesNotMatch(result.stderr, /FENTRY_HANDLER_ERROR/, `${label}: a handler threw\n${result.stderr}`);
}

/** The `on` run's call counts, without the sites of modules outside the case (the all-on preload itself). */
function readCounts(file) {
  const all = JSON.parse(fs.readFileSync(file, 'utf8'));
  return Object.fromEntries(Object.entries(all).filter(([key]) => !key.includes(' [../')));
}

async function checkCase(name) {
  const dir = path.join(casesDir, name);
  const entry = ENTRIES.find((e) => fs.existsSync(path.join(dir, e)));
  assert.ok(entry, `case ${name} has no main.* entry`);
  const expectedFile = path.join(dir, 'expected.txt');
  const expectedText = fs.existsSync(expectedFile) ? fs.readFileSync(expectedFile, 'utf8') : undefined;
  const expectFile = path.join(dir, 'expect.json');
  const expectedCounts = fs.existsSync(expectFile) ? JSON.parse(fs.readFileSync(expectFile, 'utf8')) : undefined;
  const needsBaseline = LOWERED.test(entry);
  assert.ok(!needsBaseline || expectedText !== undefined, `case ${name}: ${entry} needs an expected.txt`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fentry-semantics-'));
  try {
    const countsFile = path.join(tmp, 'counts.json');
    const recallCountsFile = path.join(tmp, 'recall-counts.json');
    const framesFile = path.join(tmp, 'frames.json');
    const recallFramesFile = path.join(tmp, 'recall-frames.json');
    const onArgs = ['--import', register, '--import', allOn, '--import', framesOn, entry];
    const [plain, off, on, recalled] = await Promise.all([
      needsBaseline ? undefined : run([entry], dir),
      run(['--import', register, entry], dir),
      run(onArgs, dir, { FENTRY_TEST_COUNTS: countsFile, FENTRY_TEST_FRAMES: framesFile }),
      run(onArgs, dir, { FENTRY_TEST_COUNTS: recallCountsFile, FENTRY_TEST_RECALL: '1', FENTRY_TEST_FRAMES: recallFramesFile }),
    ]);

    const baseline = plain ?? { code: 0, signal: null, stdout: expectedText, stderr: '' };
    const baselineLabel = plain ? 'plain node' : 'expected.txt';
    assert.ok(baseline.stdout.endsWith('done\n'), `${baselineLabel} did not run to the end:\n${baseline.stdout}\n${baseline.stderr}`);
    if (plain && expectedText !== undefined) assert.equal(plain.stdout, expectedText, 'plain node vs expected.txt');
    const runs = [['sites off', off], ['sites on', on]];
    if (FRAMES_ONLY[name] === undefined) runs.push(['sites on, bodies run by the handler', recalled]);
    for (const [label, result] of runs) {
      assertInstrumented(result, label);
      assert.equal(result.stdout, baseline.stdout, `stdout, ${label} vs ${baselineLabel}\n${result.stderr}`);
      assert.equal(result.code, baseline.code, `exit code, ${label} vs ${baselineLabel}\n${result.stderr}`);
      assert.equal(result.signal, baseline.signal, `signal, ${label} vs ${baselineLabel}`);
    }

    for (const [label, file] of [['sites on', framesFile], ['sites on, bodies run by the handler', recallFramesFile]]) {
      const frames = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.deepEqual(frames.errors, [], `${label}: call frames saw events out of order`);
      assert.equal(frames.frames, frames.calls, `${label}: every call of a framed site got a frame`);
      assert.ok(frames.done <= frames.frames, `${label}: ${frames.done} frames done, ${frames.frames} given`);
    }

    const counts = readCounts(countsFile);
    if (FRAMES_ONLY[name] === undefined) {
      assert.deepEqual(readCounts(recallCountsFile), counts, 'a handler that runs the body sees every call once, as an entry handler does');
    }
    if (expectedCounts !== undefined) {
      assert.deepEqual(counts, expectedCounts, 'call counts of the on run vs expect.json');
    } else {
      const modules = new Set(Object.keys(counts).map((key) => /\[(.*)\]$/.exec(key)?.[1]));
      for (const file of sourceFiles(dir)) assert.ok(modules.has(file), `${file} has no sites in the 'on' run: not instrumented?`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const cases = fs
  .readdirSync(casesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('transform semantics: instrumented code behaves as the original', { concurrency: Math.max(2, os.availableParallelism?.() ?? 2) }, () => {
  it('has a build to test', () => {
    assert.ok(fs.existsSync(registerEntry), 'dist/ is missing: build with `npx tsc -p .` first');
  });
  for (const name of cases) {
    const todo = KNOWN[name];
    it(name, todo === undefined ? {} : { todo }, () => checkCase(name));
  }
});
