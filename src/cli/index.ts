/**
 * The `fentry` command line, as a library function: `run(argv)` resolves to
 * the exit code; only `bin/fentry.js` exits the process.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { FentryError, TransformError } from '../errors.js';
import { transformFile, SOURCE_EXTENSIONS, VERSION } from '../transform/index.js';
import { availableFilterFunctions, siteRecords, type SiteRecordJson } from '../formats/site-table.js';

const USAGE = `usage: fentry <command> [options]

commands:
  ls [--json] [--root DIR] <files or folders...>
      print the patch sites of source files without running them, as
      available_filter_functions does: "symbol [module]" per line
  run [--include GLOB]... [--exclude GLOB]... [--root DIR] [--sites] [--no-cache] -- <command...>
      run any command with fentry loaded into every Node process it starts;
      --sites prints each process's available_filter_functions to stderr at exit
  help, version
`;

/** Writes for the CLI; tests pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const stdio: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function run(argv: string[], io: Io = stdio): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'ls':
        return ls(rest, io);
      case 'run':
        return await runCommand(rest, io);
      case 'version':
      case '--version':
        io.out(`fentry ${VERSION}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new FentryError('ERR_FENTRY_USAGE', `unknown command '${command}'`, { value: command });
    }
  } catch (error) {
    if (error instanceof FentryError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`fentry: ${(error as Error).message}\n`);
      if ((error as FentryError).code === 'ERR_FENTRY_USAGE' || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) io.err(USAGE);
      return 2;
    }
    throw error;
  }
}

function sourceFiles(target: string): string[] {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (stat === undefined) throw new FentryError('ENOENT', `no such file or folder: ${target}`, { value: target });
  if (!stat.isDirectory()) return [target];
  const out: string[] = [];
  for (const entry of fs.readdirSync(target, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if ((SOURCE_EXTENSIONS as readonly string[]).includes(path.extname(entry.name)) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function ls(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { json: { type: 'boolean' }, root: { type: 'string' } },
  });
  if (positionals.length === 0) throw new FentryError('ERR_FENTRY_USAGE', 'ls needs at least one file or folder');
  const root = path.resolve(values.root ?? process.cwd());
  const records: SiteRecordJson[] = [];
  let failed = 0;
  for (const target of positionals) {
    for (const file of sourceFiles(path.resolve(target))) {
      try {
        const result = transformFile(file, { root });
        records.push(...siteRecords(result.module, result.sites));
      } catch (error) {
        if (!(error instanceof TransformError)) throw error;
        io.err(`fentry: cannot instrument ${error.message}\n`);
        failed++;
      }
    }
  }
  io.out(values.json ? JSON.stringify(records, null, 2) + '\n' : availableFilterFunctions(records));
  return failed > 0 ? 1 : 0;
}

/** The URL of the register module, for `--import`. */
export function registerUrl(): string {
  return pathToFileURL(path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'register', 'index.js')).href;
}

async function runCommand(argv: string[], io: Io): Promise<number> {
  const split = argv.indexOf('--');
  const own = split === -1 ? argv : argv.slice(0, split);
  const command = split === -1 ? [] : argv.slice(split + 1);
  const { values, positionals } = parseArgs({
    args: own,
    allowPositionals: true,
    strict: true,
    options: {
      include: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      root: { type: 'string' },
      sites: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
    },
  });
  if (positionals.length > 0) command.unshift(...positionals);
  const [file, ...args] = command;
  if (file === undefined) throw new FentryError('ERR_FENTRY_USAGE', 'run needs a command after --');
  const env: NodeJS.ProcessEnv = { ...process.env };
  env['NODE_OPTIONS'] = `${env['NODE_OPTIONS'] ?? ''} --import=${registerUrl()}`.trim();
  env['FENTRY_ROOT'] = path.resolve(values.root ?? process.cwd());
  if (values.include) env['FENTRY_INCLUDE'] = values.include.join(',');
  if (values.exclude) env['FENTRY_EXCLUDE'] = values.exclude.join(',');
  if (values.sites) env['FENTRY_PRINT_SITES'] = '1';
  if (values['no-cache']) env['FENTRY_CACHE'] = '0';
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: 'inherit', env });
    child.on('error', (error) => {
      io.err(`fentry: cannot run ${file}: ${error.message}\n`);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      if (signal !== null) {
        const number = (({ SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }) as Record<string, number>)[signal] ?? 1;
        resolve(128 + number);
      } else resolve(code ?? 1);
    });
  });
}
