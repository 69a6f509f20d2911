/**
 * The programs of this thread: its session's core and backend, and the
 * trampolines built on them. Created on first use, like the session.
 */
import { Trampolines, type Ftrace, type Prog } from '../core/index.js';
import type { JsBackend } from '../backends/js/index.js';
import type { SiteRuntime } from '../runtime/index.js';
import { currentSession, handlerErrors } from '../control/session.js';

export interface ProgramsState {
  readonly ftrace: Ftrace;
  readonly backend: JsBackend;
  readonly runtime: SiteRuntime;
  readonly trampolines: Trampolines;
}

let state: ProgramsState | undefined;

/** This thread's programs state. */
export function programsState(): ProgramsState {
  if (state !== undefined) return state;
  const session = currentSession();
  const trampolines = new Trampolines(session.ftrace);
  const reported = new WeakSet<Prog>();
  trampolines.onProgError = (prog, ip, error) => {
    handlerErrors.publish({ ops: prog.name, ip, error });
    if (reported.has(prog)) return;
    reported.add(prog);
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.emitWarning(`fentry: program ${prog.name} threw at ${session.backend.runtime.site(ip).symbol}; the call goes on (counted in its errors): ${text}`, {
      code: 'FENTRY_HANDLER_ERROR',
    });
  };
  state = { ftrace: session.ftrace, backend: session.backend, runtime: session.backend.runtime, trampolines };
  return state;
}
