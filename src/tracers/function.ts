/**
 * The function tracer (trace_functions.c): every traced call records
 * `function <-parent` in the instance's buffer of the calling thread. The
 * callback is rebuilt whenever an option it reads or the thread filter
 * changes, so the hot path holds no branch on a setting.
 */
import type { OpsFunc } from '../core/index.js';
import type { TraceArray, Tracer, OptionName } from './trace-array.js';
import { captureFrames } from './stack.js';
import type { Timestamp } from './buffer.js';

/** A timestamp in microseconds (`mono` reads bigint nanoseconds). */
const micros = (ts: Timestamp): number => (typeof ts === 'bigint' ? Number(ts) / 1000 : ts);

function build(tr: TraceArray): OpsFunc {
  const buffer = tr.buffer;
  const clock = tr.clock;
  if (!tr.threadTraced) return function functionTraceOff() {};
  const stack = tr.options.func_stack_trace;
  if (tr.options['func-no-repeats']) {
    let lastIp = -1;
    let lastParent = -1;
    let repeats = 0;
    let firstTs: Timestamp = 0;
    let lastTs: Timestamp = 0;
    return function functionNoRepeats(ip, parent) {
      if (!tr.tracingOn) return;
      const ts = clock();
      if (ip === lastIp && parent === lastParent && !stack) {
        if (repeats === 0) firstTs = lastTs;
        repeats++;
        lastTs = ts;
        return;
      }
      if (repeats > 0) buffer.writeRepeats(lastTs, lastIp, lastParent, repeats, micros(lastTs) - micros(firstTs));
      repeats = 0;
      lastIp = ip;
      lastParent = parent;
      lastTs = ts;
      buffer.writeFunction(ts, ip, parent);
      if (stack) buffer.writeStack(ts, captureFrames(1));
    };
  }
  if (stack) {
    return function functionStackTrace(ip, parent) {
      if (!tr.tracingOn) return;
      const ts = clock();
      buffer.writeFunction(ts, ip, parent);
      buffer.writeStack(ts, captureFrames(1));
    };
  }
  return function functionTrace(ip, parent) {
    if (tr.tracingOn) buffer.writeFunction(clock(), ip, parent);
  };
}

export const functionTracer: Tracer = {
  name: 'function',
  init(tr) {
    const specialise = () => tr.setFunction(build(tr), specialise);
    tr.setFunction(build(tr), specialise);
    tr.ftrace.register(tr.ops);
  },
  reset(tr) {
    if (tr.ftrace.ops.includes(tr.ops)) tr.ftrace.unregister(tr.ops);
    tr.clearSpecialiser();
  },
  optionChanged(tr, option: OptionName) {
    if (option === 'func_stack_trace' || option === 'func-no-repeats') tr.setFunction(build(tr), () => tr.setFunction(build(tr)));
  },
};
