/**
 * The tracing session of this thread: the runtime's sites, the JavaScript
 * backend, the ftrace core and the control plane, created on first use.
 */
import diagnostics from 'node:diagnostics_channel';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { Ftrace } from '../core/index.js';
import { JsBackend } from '../backends/js/index.js';
import { installRuntime } from '../runtime/index.js';
import { Tracefs } from './tracefs.js';
import { profileFiles } from './profile-files.js';
import { stackFiles } from './stack-files.js';
import { ringTraceBuffer } from '../tracers/ring-trace-buffer.js';

export interface Session {
  readonly ftrace: Ftrace;
  readonly backend: JsBackend;
  readonly tracefs: Tracefs;
}

let session: Session | undefined;

/** Every contained callback error, for tools that want them all: `{ ops, ip, error }`. */
export const handlerErrors = diagnostics.channel('fentry:handler-error');

/** Reports a killed core once on stderr: the phase, the site, what was expected and what was found. */
function reportBug(report: { phase: string; symbol: string; expected: string; actual: string }): void {
  process.emitWarning(`fentry: tracing killed (${report.phase} at ${report.symbol}): expected ${report.expected}, found ${report.actual}; the program goes on untraced`, {
    code: 'FENTRY_TRACING_KILLED',
  });
}

/** This thread's session. */
export function currentSession(): Session {
  if (session !== undefined) return session;
  const runtime = installRuntime();
  const backend = new JsBackend(runtime);
  const ftrace = new Ftrace(backend);
  backend.attach(ftrace);
  ftrace.onBug(reportBug);
  const reported = new WeakSet<object>();
  ftrace.onCallbackError = (ops, ip, error) => {
    handlerErrors.publish({ ops: ops.name, ip, error });
    if (reported.has(ops)) return;
    reported.add(ops);
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.emitWarning(`fentry: the callback of ${ops.name} threw at ${runtime.site(ip).symbol}; the program goes on (counted in ops.errors): ${text}`, {
      code: 'FENTRY_HANDLER_ERROR',
    });
  };
  const root = process.env['FENTRY_ROOT'] ?? process.cwd();
  const tracefs = new Tracefs({
    ftrace,
    makeBuffer: (kb) => ringTraceBuffer(kb, threadId),
    namer: {
      symbol: (ip) => runtime.site(ip).symbol,
      location: (ip) => {
        const site = runtime.site(ip);
        return `${site.module === '' ? path.relative(root, site.file) : site.module}:${site.line}`;
      },
      params: (ip) => runtime.site(ip).params,
    },
    task: process.title.split(/[\\/]/).pop() ?? 'node',
    pid: process.pid,
  });
  tracefs.addFiles(profileFiles(tracefs));
  tracefs.addFiles(stackFiles(tracefs));
  session = { ftrace, backend, tracefs };
  return session;
}
