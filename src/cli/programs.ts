/**
 * Program modules on the command line: `fentry trace --prog FILE` and
 * `fentry patch FILE -- command`. A second preload after fentry/register
 * loads the modules into every Node process of the command; each thread
 * writes what its programs aggregated, and the CLI prints it at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { FentryError } from '../errors.js';
import { LOAD_OPTIONS, loadEnv, spawnCommand, splitCommand, type Output } from './child.js';

/** Loads program modules into every Node process of a command: a second preload after fentry/register. */
export function programsEnv(env: NodeJS.ProcessEnv, files: string[], out: string): void {
  const absolute = files.map((f) => path.resolve(f));
  for (const file of absolute) if (!fs.existsSync(file)) throw new FentryError('ENOENT', `no such program module: ${file}`, { value: file });
  const preload = pathToFileURL(path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'programs', 'env.js')).href;
  env['NODE_OPTIONS'] = `${env['NODE_OPTIONS'] ?? ''} --import=${preload}`.trim();
  env['FENTRY_PROGS'] = JSON.stringify({ files: absolute, out });
  // The program modules themselves are not traced.
  const root = env['FENTRY_ROOT'] ?? process.cwd();
  const own = absolute.map((f) => path.relative(root, f).split(path.sep).join('/'));
  env['FENTRY_EXCLUDE'] = [env['FENTRY_EXCLUDE'], ...own].filter((g) => g !== undefined && g !== '').join(',');
}

/**
 * Prints what the threads' programs aggregated, and on stderr the modules
 * that failed to load and the targets no thread ever matched. Returns
 * whether anything failed.
 */
export function programResults(dir: string, io: Output): boolean {
  const results = fs
    .readdirSync(dir)
    .filter((f) => /\.progs\.\d+$/.test(f))
    .sort((a, b) => Number(a.slice(a.lastIndexOf('.') + 1)) - Number(b.slice(b.lastIndexOf('.') + 1)))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { report: string; pending: string[]; errors: string[] });
  for (const r of results) if (r.report !== '') io.out(r.report);
  const errors = [...new Set(results.flatMap((r) => r.errors))];
  for (const error of errors) io.err(`fentry: cannot load program module ${error}
`);
  const unmatched = results.length === 0 ? [] : (results[0]?.pending ?? []).filter((t) => results.every((r) => r.pending.includes(t)));
  for (const target of unmatched) io.err(`fentry: ${target} matched no function of the program
`);
  return errors.length > 0 || unmatched.length > 0;
}

export async function patchCommand(argv: string[], io: Output): Promise<number> {
  const { own, command } = splitCommand(argv);
  const { values, positionals } = parseArgs({ args: own, allowPositionals: true, strict: true, options: { ...LOAD_OPTIONS } });
  if (positionals.length === 0) throw new FentryError('ERR_FENTRY_USAGE', 'patch needs at least one program module');
  if (command.length === 0) throw new FentryError('ERR_FENTRY_USAGE', 'patch needs a command after --');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fentry-patch-'));
  const env = loadEnv(values);
  programsEnv(env, positionals, path.join(dir, 'patch'));
  const code = await spawnCommand(command, env, io);
  const failed = programResults(dir, io);
  fs.rmSync(dir, { recursive: true, force: true });
  return code !== 0 ? code : failed ? 1 : 0;
}
