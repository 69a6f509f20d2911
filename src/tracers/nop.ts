/** The `nop` tracer: nothing is traced; markers and probes still work. */
import type { Tracer } from './trace-array.js';

export const nopTracer: Tracer = {
  name: 'nop',
  init() {},
  reset() {},
};
