/**
 * `enabled_functions`, `touched_functions` and `available_filter_functions`
 * in the kernel's formats (`t_show` in ftrace.c):
 * `symbol [module] (count) R I D O M` then what the site calls.
 */
import type { Ftrace } from './ftrace.js';
import { REC_FL } from './flags.js';

function flagColumns(count: number, flags: number): string {
  return (
    ` (${count})` +
    (flags & (REC_FL.REGS | REC_FL.DIRECT) ? ' R' : '  ') +
    (flags & REC_FL.IPMODIFY ? ' I' : '  ') +
    (flags & REC_FL.DIRECT ? ' D' : '  ') +
    (flags & REC_FL.CALL_OPS ? ' O' : '  ') +
    (flags & REC_FL.MODIFIED ? ' M ' : '   ')
  );
}

function funcName(fn: unknown): string {
  const name = typeof fn === 'function' ? fn.name : '';
  return name === '' ? 'anonymous' : name;
}

/** One record's line (without the newline), or undefined when `which` excludes it. */
export function recordLine(ftrace: Ftrace, ip: number): string {
  const { count, flags, target } = ftrace.record(ip);
  const name = ftrace.backend.name(ip);
  let line = `${name.symbol} [${name.module}]${flagColumns(count, flags)}`;
  if (target !== null) {
    if (target.kind === 'ops') line += `\tops: ${target.ops.name} (${funcName(target.ops.func)})`;
    else if (target.kind === 'direct') line += `\ttramp: ${target.ops.name} (${funcName(target.ops.func)})`;
    else line += '\t->ftrace_ops_list_func';
    // A manager ops (fgraph) lists the clients it calls for this site.
    const managers = target.kind === 'list' ? ftrace.ops.filter((o) => o.subopsText !== undefined && o.traces(ip)) : [target.ops];
    for (const manager of managers) {
      const subops = manager.subopsText?.(ip);
      if (subops !== undefined && subops !== '') line += `\tsubops: ${subops}`;
    }
  }
  if (flags & REC_FL.DIRECT) {
    const direct = ftrace.ops.find((o) => o.direct !== undefined && o.traces(ip));
    line += `\n\tdirect-->${direct === undefined ? 'unknown' : funcName(direct.direct)}`;
  }
  return line;
}

/** `enabled_functions`: the sites that call something now. */
export function enabledFunctions(ftrace: Ftrace): string {
  let out = '';
  for (let ip = 0; ip < ftrace.backend.siteCount; ip++) {
    if (ftrace.record(ip).flags & REC_FL.ENABLED) out += recordLine(ftrace, ip) + '\n';
  }
  return out;
}

/** `touched_functions`: every site something was ever attached to. */
export function touchedFunctions(ftrace: Ftrace): string {
  let out = '';
  for (let ip = 0; ip < ftrace.backend.siteCount; ip++) {
    if (ftrace.record(ip).flags & REC_FL.TOUCHED) out += recordLine(ftrace, ip) + '\n';
  }
  return out;
}

/** `available_filter_functions`: `symbol [module]` per line; line N is index N. */
export function availableFilterFunctions(ftrace: Ftrace): string {
  let out = '';
  for (let ip = 0; ip < ftrace.backend.siteCount; ip++) {
    const name = ftrace.backend.name(ip);
    out += `${name.symbol} [${name.module}]\n`;
  }
  return out;
}
