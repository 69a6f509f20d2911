/**
 * `fentry profile`: runs a command with the function profiler on (and no
 * tracer) in every thread of every Node process it starts, and prints each
 * thread's `trace_stat/function<N>` when the command exits. `-l` and `-n` are
 * set_ftrace_filter / set_ftrace_notrace globs (what is profiled), `-O` a
 * trace option (`nograph-time`: own time only; `nosleep-time`: leave out the
 * time async calls spent suspended).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FentryError } from '../errors.js';
import type { TraceConfig } from '../control/trace-env.js';
import { LOAD_OPTIONS, loadEnv, spawnCommand, splitCommand, type Output } from './child.js';

export async function profileCommand(argv: string[], io: Output): Promise<number> {
  const { own, command } = splitCommand(argv);
  const { values, positionals } = parseArgs({
    args: own,
    allowPositionals: true,
    strict: true,
    options: {
      ...LOAD_OPTIONS,
      filter: { type: 'string', short: 'l', multiple: true },
      notrace: { type: 'string', short: 'n', multiple: true },
      option: { type: 'string', short: 'O', multiple: true },
    },
  });
  command.unshift(...positionals);
  if (command.length === 0) throw new FentryError('ERR_FENTRY_USAGE', 'profile needs a command after --');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fentry-profile-'));
  const out = path.join(dir, 'trace_stat');
  const config: TraceConfig = {
    tracer: 'nop',
    filter: values.filter ?? [],
    notrace: values.notrace ?? [],
    options: values.option ?? [],
    pipe: false,
    profile: true,
    out,
  };
  const env = loadEnv(values);
  env['FENTRY_TRACE'] = JSON.stringify(config);
  let code: number;
  let status: { unmatched: string[] } = { unmatched: [] };
  try {
    code = await spawnCommand(command, env, io);
    // The main thread's table, then each worker's (they write `<out>.cpu<N>`).
    const tables = fs
      .readdirSync(dir)
      .map((f) => (f === 'trace_stat' ? 0 : /^trace_stat\.cpu(\d+)$/.exec(f)?.[1]))
      .filter((cpu): cpu is string | 0 => cpu !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    for (const cpu of tables) {
      io.out(`# trace_stat/function${cpu}\n`);
      io.out(fs.readFileSync(cpu === 0 ? out : `${out}.cpu${cpu}`, 'utf8'));
    }
    try {
      status = JSON.parse(fs.readFileSync(`${out}.status.json`, 'utf8')) as { unmatched: string[] };
    } catch {
      // The program never reached its exit handler (killed): nothing to report on globs.
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const glob of status.unmatched) io.err(`fentry: ${glob} matched no function of the program\n`);
  return code !== 0 ? code : status.unmatched.length > 0 ? 1 : 0;
}
