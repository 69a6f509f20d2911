/**
 * fentry's one error class. Every error has a stable `code`: `ERR_FENTRY_*` for
 * fentry's own conditions and, where the kernel has a name for the condition,
 * the kernel's errno name (`EINVAL`, `EBUSY`, `ENOENT`, `E2BIG`, …), so a reader
 * of the kernel's documentation recognises it.
 */
export class FentryError extends Error {
  readonly code: string;
  /** The offending value, as given. */
  readonly value?: unknown;

  constructor(code: string, message: string, options: { value?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FentryError';
    this.code = code;
    if ('value' in options) this.value = options.value;
  }
}

/** A source fentry could not instrument, with the place it failed. */
export class TransformError extends FentryError {
  readonly file: string;
  readonly line: number;
  readonly column: number;

  constructor(file: string, line: number, column: number, reason: string, cause?: unknown) {
    super('ERR_FENTRY_TRANSFORM', `${file}:${line}:${column}: ${reason}`, { value: file, cause });
    this.name = 'TransformError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}
