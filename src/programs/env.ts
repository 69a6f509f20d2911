/**
 * Program modules set up from the environment, for `fentry trace --prog`
 * and `fentry patch`: the CLI puts this module after `fentry/register` in
 * `NODE_OPTIONS` and names the modules in `FENTRY_PROGS` (JSON:
 * `{ files, out }`). Every thread of the program loads them, following
 * modules that load later, and at exit writes what they aggregated and which
 * targets never matched to `<out>.progs.<thread>`, for the CLI to print.
 */
import fs from 'node:fs';
import { threadId, workerData } from 'node:worker_threads';
import { loadPrograms, type LoadedPrograms } from './load.js';

/** The environment variable the CLI passes the program modules in. */
export const PROGS_ENV = 'FENTRY_PROGS';

export interface ProgsConfig {
  files: string[];
  /** Where each thread writes `{ report, pending, errors }` (`<out>.progs.<threadId>`). */
  out: string;
}

/** The file a thread writes its programs' results to. */
export function progsOutput(out: string, thread: number): string {
  return `${out}.progs.${thread}`;
}

// fentry's own worker threads are never traced (see fentry/register).
const internal = (workerData as Record<string, unknown> | null)?.['__fentryInternalThread'] === true;
const text = process.env[PROGS_ENV];

if (!internal && text !== undefined && text !== '') {
  const config = JSON.parse(text) as ProgsConfig;
  const loaded: LoadedPrograms[] = [];
  const errors: string[] = [];
  for (const file of config.files) {
    try {
      loaded.push(await loadPrograms(file, { follow: true }));
    } catch (error) {
      errors.push(`${file}: ${(error as Error).message}`);
    }
  }
  process.on('exit', () => {
    const result = {
      report: loaded.map((l) => l.report()).join(''),
      pending: loaded.flatMap((l) => l.pending),
      errors,
    };
    try {
      fs.writeFileSync(progsOutput(config.out, threadId), JSON.stringify(result));
    } catch {
      // The CLI's folder is gone (it was killed): nobody to tell.
    }
  });
}
