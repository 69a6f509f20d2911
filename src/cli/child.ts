/**
 * Running a user's command with fentry loaded into every Node process it
 * starts: the environment that does it, the `[options] -- command...` split
 * and the child itself, whose exit code (or 128 + signal) becomes fentry's.
 * Shared by every command that runs one (`run`, `trace`, `profile`).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the CLI writes (the CLI's `Io`). */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** The options every command that loads fentry takes. */
export const LOAD_OPTIONS = {
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  root: { type: 'string' },
  'no-cache': { type: 'boolean' },
  // Frame sync generators too, so their yields and end are visible (costs generators when off).
  'frame-generators': { type: 'boolean' },
} as const;

/** Splits `[options] -- command...`; the command may also follow the options without `--`. */
export function splitCommand(argv: string[]): { own: string[]; command: string[] } {
  const split = argv.indexOf('--');
  return split === -1 ? { own: argv, command: [] } : { own: argv.slice(0, split), command: argv.slice(split + 1) };
}

/** The environment that loads fentry into every Node process of a command. */
export function loadEnv(values: { include?: string[]; exclude?: string[]; root?: string; 'no-cache'?: boolean; 'frame-generators'?: boolean }): NodeJS.ProcessEnv {
  const register = pathToFileURL(path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'register', 'index.js')).href;
  const env: NodeJS.ProcessEnv = { ...process.env };
  env['NODE_OPTIONS'] = `${env['NODE_OPTIONS'] ?? ''} --import=${register}`.trim();
  env['FENTRY_ROOT'] = path.resolve(values.root ?? process.cwd());
  if (values.include) env['FENTRY_INCLUDE'] = values.include.join(',');
  if (values.exclude) env['FENTRY_EXCLUDE'] = values.exclude.join(',');
  if (values['no-cache']) env['FENTRY_CACHE'] = '0';
  if (values['frame-generators']) env['FENTRY_FRAME_GENERATORS'] = '1';
  return env;
}

/** Runs the command with the terminal's stdio; resolves to its exit code, 128 + the signal number, or 127 if it could not start. */
export function spawnCommand(command: string[], env: NodeJS.ProcessEnv, io: Output): Promise<number> {
  const [file, ...args] = command as [string, ...string[]];
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
