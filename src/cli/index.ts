/**
 * The `fentry` command line, as a library function: `run(argv)` resolves to
 * the exit code; only `bin/fentry.js` exits the process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FentryError, TransformError } from '../errors.js';
import { transformFile, SOURCE_EXTENSIONS, VERSION } from '../transform/index.js';
import { availableFilterFunctions, siteRecords, type SiteRecordJson } from '../formats/site-table.js';
import { profileCommand } from './profile.js';
import { LOAD_OPTIONS, loadEnv, spawnCommand, splitCommand } from './child.js';
import { patchCommand, programResults, programsEnv } from './programs.js';

const USAGE = `usage: fentry <command> [options]

commands:
  ls [--json] [--root DIR] <files or folders...>
      print the patch sites of source files without running them, as
      available_filter_functions does: "symbol [module]" per line
  run [--include GLOB]... [--exclude GLOB]... [--root DIR] [--sites] [--no-cache]
      [--frame-generators] -- <command...>
      run any command with fentry loaded into every Node process it starts;
      --sites prints each process's available_filter_functions to stderr at exit;
      --frame-generators (run, trace, profile, patch) makes sync generators'
      yields and end visible to function_graph, the profiler and fexit, at a
      cost to every generator call while nothing is attached
  trace [-p TRACER] [-l GLOB]... [-n GLOB]... [-g GLOB]... [--max-depth N]
        [-O OPTION]... [-b KB] [--pipe] [--prog FILE]... -- <command...>
      run the command traced and print the trace when it exits (--pipe: as it
      runs); TRACER is function (default), function_graph or nop; -l sets the
      filter, -n the notrace set, -g set_graph_function (function_graph: only
      these functions and what they call), --max-depth max_graph_depth, -O a
      trace option (funcgraph-retval, nofuncgraph-cpu, …), -b the buffer size
      in KiB per thread; the command's exit code is passed through
  profile [-l GLOB]... [-n GLOB]... [-O OPTION]... -- <command...>
      run the command with the function profiler on and print each thread's
      trace_stat/function<N> when it exits: hits, total, average and s^2 of
      the time per function; -l/-n choose the functions, -O nograph-time
      counts a function's own time only, -O nosleep-time leaves out the time
      async calls spent suspended; the command's exit code is passed through
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
      case 'trace':
        return await traceCommand(rest, io);
      case 'patch':
        return await patchCommand(rest, io);
      case 'profile':
        return await profileCommand(rest, io);
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

async function runCommand(argv: string[], io: Io): Promise<number> {
  const { own, command } = splitCommand(argv);
  const { values, positionals } = parseArgs({
    args: own,
    allowPositionals: true,
    strict: true,
    options: { ...LOAD_OPTIONS, sites: { type: 'boolean' } },
  });
  command.unshift(...positionals);
  if (command.length === 0) throw new FentryError('ERR_FENTRY_USAGE', 'run needs a command after --');
  const env = loadEnv(values);
  if (values.sites) env['FENTRY_PRINT_SITES'] = '1';
  return spawnCommand(command, env, io);
}

async function traceCommand(argv: string[], io: Io): Promise<number> {
  const { own, command } = splitCommand(argv);
  const { values, positionals } = parseArgs({
    args: own,
    allowPositionals: true,
    strict: true,
    options: {
      ...LOAD_OPTIONS,
      tracer: { type: 'string', short: 'p' },
      filter: { type: 'string', short: 'l', multiple: true },
      notrace: { type: 'string', short: 'n', multiple: true },
      option: { type: 'string', short: 'O', multiple: true },
      'buffer-size': { type: 'string', short: 'b' },
      pipe: { type: 'boolean' },
      'graph-function': { type: 'string', short: 'g', multiple: true },
      'max-depth': { type: 'string' },
      prog: { type: 'string', multiple: true },
    },
  });
  command.unshift(...positionals);
  if (command.length === 0) throw new FentryError('ERR_FENTRY_USAGE', 'trace needs a command after --');
  const graphFunctions = values['graph-function'] ?? [];
  const maxDepth = values['max-depth'];
  // -g and --max-depth are function_graph's: they choose it when -p does not say otherwise.
  const progs = values.prog ?? [];
  const tracer = values.tracer ?? (graphFunctions.length > 0 || maxDepth !== undefined ? 'function_graph' : progs.length > 0 ? 'nop' : 'function');
  if (tracer !== 'function_graph' && (graphFunctions.length > 0 || maxDepth !== undefined)) {
    throw new FentryError('ERR_FENTRY_USAGE', `-g and --max-depth need the function_graph tracer, not '${tracer}'`, { value: tracer });
  }
  if (maxDepth !== undefined && !/^\d+$/.test(maxDepth)) throw new FentryError('ERR_FENTRY_USAGE', `--max-depth takes a number, not '${maxDepth}'`, { value: maxDepth });
  if (!TRACERS.includes(tracer)) throw new FentryError('ERR_FENTRY_USAGE', `-p: no tracer named '${tracer}' (available: ${TRACERS.join(', ')})`, { value: tracer });
  const kb = values['buffer-size'];
  if (kb !== undefined && !/^[1-9]\d*$/.test(kb)) throw new FentryError('ERR_FENTRY_USAGE', `-b takes a size in KiB, not '${kb}'`, { value: kb });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fentry-trace-'));
  const out = path.join(dir, 'trace');
  const config = {
    tracer,
    filter: values.filter ?? [],
    notrace: values.notrace ?? [],
    options: values.option ?? [],
    ...(kb === undefined ? {} : { bufferKb: Number(kb) }),
    pipe: values.pipe ?? false,
    graphFunctions,
    ...(maxDepth === undefined ? {} : { maxDepth: Number(maxDepth) }),
    out,
  };
  const env = loadEnv(values);
  env['FENTRY_TRACE'] = JSON.stringify(config);
  if (progs.length > 0) programsEnv(env, progs, out);
  let offset = 0;
  const flush = (): void => {
    let text = '';
    try {
      const fd = fs.openSync(out, 'r');
      const size = fs.fstatSync(fd).size;
      if (size > offset) {
        const chunk = Buffer.alloc(size - offset);
        fs.readSync(fd, chunk, 0, chunk.length, offset);
        offset = size;
        text = chunk.toString('utf8');
      }
      fs.closeSync(fd);
    } catch {
      // Not written yet.
    }
    if (text !== '') io.out(text);
  };
  const timer = config.pipe ? setInterval(flush, 100) : undefined;
  const code = await spawnCommand(command, env, io);
  if (timer !== undefined) clearInterval(timer);
  flush();
  for (const file of fs.readdirSync(dir).filter((f) => /^trace\.cpu\d+$/.test(f)).sort((a, b) => Number(a.slice(9)) - Number(b.slice(9)))) {
    io.out(fs.readFileSync(path.join(dir, file), 'utf8'));
  }
  let status: { unmatched: string[] } = { unmatched: [] };
  try {
    status = JSON.parse(fs.readFileSync(`${out}.status.json`, 'utf8')) as { unmatched: string[] };
  } catch {
    // The program never reached its exit handler (killed): nothing to report on globs.
  }
  const progsFailed = progs.length > 0 && programResults(dir, io);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const glob of status.unmatched) io.err(`fentry: ${glob} matched no function of the program\n`);
  return code !== 0 ? code : status.unmatched.length > 0 || progsFailed ? 1 : 0;
}

const TRACERS = ['function', 'function_graph', 'nop'];

