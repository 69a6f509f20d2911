/**
 * Call frames for async functions and generators: what a site gives the
 * function's body (through the runtime's frame register) when some ops asked
 * to see the call leave. The transformed body reports each suspension,
 * resumption, return value, exception and its end; the frame turns them into
 * the ops' return hooks: a `ret(SUSPEND)` per `await`/`yield`, a `resume` when
 * the body runs again, and the final `ret(RETURN | THROW)` when it is done.
 *
 * A resumption the body cannot report (an `await` that rejected into a
 * `catch` inside the function, a generator closed with `return()` while
 * suspended) is noticed at the body's next report.
 */
import { LEAVE, type Ftrace, type Ops, type ReturnHooks } from '../../core/index.js';
import type { CallFrame, SiteRuntime } from '../../runtime/index.js';

/** Hands a frame to the body the guard is about to run (the runtime's frame register). */
export function giveFrame(runtime: SiteRuntime, frame: CallFrame): void {
  runtime.frame = frame;
}

/** Whether the site's body reports through a frame. */
export function isFramed(runtime: SiteRuntime, ip: number): boolean {
  return runtime.site(ip).framed;
}

export class HookFrame implements CallFrame {
  readonly #ip: number;
  readonly #ftrace: Ftrace;
  readonly #ops: Ops[];
  readonly #tokens: number[];
  #suspended = false;
  #how: 0 | 1 = LEAVE.RETURN;
  #value: unknown = undefined;

  constructor(ftrace: Ftrace, ip: number, ops: Ops[], tokens: number[]) {
    this.#ftrace = ftrace;
    this.#ip = ip;
    this.#ops = ops;
    this.#tokens = tokens;
  }

  suspend(value: unknown): unknown {
    this.#wake();
    this.#suspended = true;
    for (let i = this.#ops.length - 1; i >= 0; i--) {
      const token = this.#tokens[i] as number;
      if (token !== 0) this.#tokens[i] = this.#call(i, (hooks, ops) => hooks.ret(this.#ip, ops, token, LEAVE.SUSPEND, value));
    }
    return value;
  }

  resume(value: unknown): unknown {
    this.#wake();
    return value;
  }

  ret(value: unknown): unknown {
    this.#wake();
    this.#how = LEAVE.RETURN;
    this.#value = value;
    return value;
  }

  fail(error: unknown): void {
    this.#wake();
    this.#how = LEAVE.THROW;
    this.#value = error;
  }

  done(): void {
    this.#wake();
    for (let i = this.#ops.length - 1; i >= 0; i--) {
      const token = this.#tokens[i] as number;
      this.#tokens[i] = 0;
      if (token !== 0) this.#call(i, (hooks, ops) => hooks.ret(this.#ip, ops, token, this.#how, this.#value));
    }
  }

  #wake(): void {
    if (!this.#suspended) return;
    this.#suspended = false;
    for (let i = 0; i < this.#ops.length; i++) {
      const token = this.#tokens[i] as number;
      if (token !== 0) this.#tokens[i] = this.#call(i, (hooks, ops) => hooks.resume(this.#ip, ops, token));
    }
  }

  /** Runs one ops' hook, contained: a throwing hook stops watching this call, the call goes on. */
  #call(i: number, hook: (hooks: ReturnHooks, ops: Ops) => number): number {
    const ops = this.#ops[i] as Ops;
    try {
      return hook(ops.hooks as ReturnHooks, ops);
    } catch (error) {
      ops.errors++;
      this.#ftrace.onCallbackError(ops, this.#ip, error);
      return 0;
    }
  }
}
