/**
 * The control plane: tracefs's files with the kernel's read and write
 * semantics. `write` truncates (`echo x > file`), `append` adds (`>>`); reading
 * `trace` does not consume, reading `trace_pipe` does; writing an empty string
 * to `trace` clears the buffer. Instances live in `instances/<name>/` with
 * their own tracer, filters, options and buffer.
 */
import { FentryError } from '../errors.js';
import { Fgraph, availableFilterFunctions, enabledFunctions, touchedFunctions, type Ftrace } from '../core/index.js';
import { formatEvent, lostLine, traceHeader, type SiteNamer, type TextOptions } from '../formats/trace-text.js';
import type { TraceBuffer } from '../tracers/buffer.js';
import { CLOCKS } from '../ring/index.js';
import { functionTracer } from '../tracers/function.js';
import { functionGraphTracer } from '../tracers/function-graph.js';
import { formatGraph, graphHeader, type GraphTextOptions } from '../formats/graph-text.js';
import { graphFiles } from './graph-files.js';
import { nopTracer } from '../tracers/nop.js';
import { DEFAULT_OPTIONS, THIS_CPU, TraceArray, type OptionName, type Tracer } from '../tracers/trace-array.js';
import { Triggers } from '../tracers/triggers.js';
import { README } from './readme.js';

/** Builds a thread's buffer for an instance, `kb` KiB large. */
export type BufferFactory = (kb: number) => TraceBuffer;

export interface TracefsInit {
  ftrace: Ftrace;
  makeBuffer: BufferFactory;
  namer: SiteNamer;
  /** TASK in the output: the process title. */
  task: string;
  pid: number;
  /** Default `buffer_size_kb`. */
  bufferKb?: number;
  /** Extra tracers (function_graph …) beside nop and function. */
  tracers?: Tracer[];
}

const INSTANCE_FILES = [
  'current_tracer',
  'tracing_on',
  'trace',
  'trace_pipe',
  'trace_marker',
  'buffer_size_kb',
  'trace_clock',
  'trace_options',
  'set_ftrace_filter',
  'set_ftrace_notrace',
  'set_ftrace_pid',
] as const;

const TOP_FILES = ['README', 'available_tracers', 'available_filter_functions', 'enabled_functions', 'touched_functions'] as const;

/**
 * More files, served by a feature that lives outside this file (the profiler,
 * the stack tracer, …): consulted for any path the built-in files do not know.
 */
export interface TracefsFiles {
  /** File names at the top level (listed by `list()`); a trailing `/` marks a folder. */
  readonly top: readonly string[];
  /** File names inside every instance. */
  readonly instance?: readonly string[];
  /** The file's text, or undefined when the file is not this extension's. */
  read(file: string, tr: TraceArray): string | undefined;
  /** Handles a write and returns true, or returns false when the file is not this extension's. */
  write(file: string, value: string, truncate: boolean, tr: TraceArray): boolean;
  /** The files of one of this extension's folders (named in `top` with a trailing `/`), or undefined. */
  list?(dir: string): string[] | undefined;
}

/** A parsed tracefs path: the instance and the file inside it. */
interface Target {
  tr: TraceArray;
  file: string;
}

export class Tracefs {
  readonly ftrace: Ftrace;
  readonly top: TraceArray;
  readonly triggers: Triggers;
  readonly #instances = new Map<string, TraceArray>();
  readonly #tracers = new Map<string, Tracer>();
  readonly #init: TracefsInit;
  readonly #extensions: TracefsFiles[] = [];
  /** The thread's function-graph manager, shared by every instance's graph tracer and the profiler. */
  readonly fgraph: Fgraph;

  constructor(init: TracefsInit) {
    this.#init = init;
    this.ftrace = init.ftrace;
    this.fgraph = new Fgraph(init.ftrace);
    for (const tracer of [functionTracer, functionGraphTracer, ...(init.tracers ?? []), nopTracer]) this.#tracers.set(tracer.name, tracer);
    this.top = new TraceArray('', init.ftrace, this.fgraph, init.makeBuffer(init.bufferKb ?? 1408), nopTracer);
    this.triggers = new Triggers(init.ftrace);
    this.addFiles(graphFiles((hash) => this.#hashLines(hash.ips, hash.pending.map((p) => p.text))));
  }

  /** Serves more files (see {@link TracefsFiles}). */
  addFiles(files: TracefsFiles): void {
    this.#extensions.push(files);
  }

  /** Registers a tracer beside the built-in ones (it appears in `available_tracers`). */
  addTracer(tracer: Tracer): void {
    this.#tracers.set(tracer.name, tracer);
  }

  /** The instance `name` ('' is the top level). */
  instance(name: string): TraceArray {
    if (name === '') return this.top;
    const tr = this.#instances.get(name);
    if (tr === undefined) throw new FentryError('ENOENT', `no such instance: instances/${name}`, { value: name });
    return tr;
  }

  /** `mkdir instances/<name>`. */
  mkdir(path: string): void {
    const name = instanceName(path);
    if (this.#instances.has(name)) throw new FentryError('EEXIST', `instances/${name} exists`, { value: name });
    this.#instances.set(name, new TraceArray(name, this.ftrace, this.fgraph, this.#init.makeBuffer(this.#init.bufferKb ?? 1408), nopTracer));
  }

  /** `rmdir instances/<name>`: its tracer stops and its probes go. */
  rmdir(path: string): void {
    const name = instanceName(path);
    const tr = this.instance(name);
    tr.setTracer(nopTracer);
    this.triggers.removeAll(tr);
    this.#instances.delete(name);
  }

  /** The files of a folder ('' is the top). */
  list(dir = ''): string[] {
    const extra = this.#extensions.flatMap((e) => e.top);
    const extraInstance = this.#extensions.flatMap((e) => e.instance ?? []);
    if (dir === '' || dir === '/') return [...TOP_FILES, ...INSTANCE_FILES, ...extra, ...extraInstance, 'options', 'per_cpu', 'instances'].sort();
    if (dir === 'instances') return [...this.#instances.keys()].sort();
    if (dir === 'options') return Object.keys(DEFAULT_OPTIONS).sort();
    if (dir.startsWith('instances/')) {
      this.instance(dir.slice('instances/'.length).replace(/\/$/, ''));
      return [...INSTANCE_FILES, ...extraInstance, 'options', 'per_cpu'].sort();
    }
    for (const extension of this.#extensions) {
      const files = extension.list?.(dir.replace(/\/$/, ''));
      if (files !== undefined) return files;
    }
    throw new FentryError('ENOENT', `no such tracefs folder: ${dir}`, { value: dir });
  }

  read(path: string): string {
    const { tr, file } = this.#resolve(path);
    switch (file) {
      case 'README':
        return README;
      case 'available_tracers':
        return [...this.#tracers.keys()].join(' ') + '\n';
      case 'available_filter_functions':
        return availableFilterFunctions(this.ftrace);
      case 'enabled_functions':
        return enabledFunctions(this.ftrace);
      case 'touched_functions':
        return touchedFunctions(this.ftrace);
      case 'current_tracer':
        return tr.tracer.name + '\n';
      case 'tracing_on':
        return tr.tracingOn ? '1\n' : '0\n';
      case 'trace':
        return this.#trace(tr);
      case 'trace_pipe':
        return this.#tracePipe(tr);
      case 'trace_marker':
        throw new FentryError('EINVAL', 'trace_marker is write-only', { value: path });
      case 'buffer_size_kb':
        return `${tr.buffer.sizeKb}\n`;
      case 'trace_clock':
        return CLOCKS.map((c) => (c.name === tr.traceClock.name ? `[${c.name}]` : c.name)).join(' ') + '\n';
      case 'trace_options':
        return Object.entries(tr.options).map(([name, on]) => (on ? name : `no${name}`)).join('\n') + '\n';
      case 'set_ftrace_filter':
        return this.#readFilter(tr);
      case 'set_ftrace_notrace':
        return tr.ops.notrace.ips.size === 0 && tr.ops.notrace.pending.length === 0
          ? '#### no functions disabled ####\n'
          : this.#hashLines(tr.ops.notrace.ips, tr.ops.notrace.pending.map((p) => p.text));
      case 'set_ftrace_pid':
        return tr.pids.size === 0 ? 'no pid\n' : [...tr.pids].sort((a, b) => a - b).join('\n') + '\n';
    }
    if (file.startsWith('options/')) {
      const option = file.slice('options/'.length);
      if (!(option in tr.options)) throw new FentryError('ENOENT', `no such option file: ${path}`, { value: path });
      return tr.options[option as OptionName] ? '1\n' : '0\n';
    }
    const cpu = perCpu(file);
    if (cpu !== undefined) return `${tr.buffer.sizeKb}\n`;
    for (const extension of this.#extensions) {
      const text = extension.read(file, tr);
      if (text !== undefined) return text;
    }
    throw new FentryError('ENOENT', `no such tracefs file: ${path}`, { value: path });
  }

  /** `echo text > path`. */
  write(path: string, text: string): void {
    this.#write(path, text, true);
  }

  /** `echo text >> path`. */
  append(path: string, text: string): void {
    this.#write(path, text, false);
  }

  #write(path: string, text: string, truncate: boolean): void {
    const { tr, file } = this.#resolve(path);
    const value = text.trim();
    switch (file) {
      case 'current_tracer': {
        const tracer = this.#tracers.get(value);
        if (tracer === undefined) throw new FentryError('EINVAL', `no tracer named '${value}'`, { value });
        tr.setTracer(tracer);
        return;
      }
      case 'tracing_on':
        tr.tracingOn = parseBool(value, path);
        return;
      case 'trace':
        if (truncate) tr.buffer.clear();
        return;
      case 'trace_marker':
        this.marker(tr, text.endsWith('\n') ? text.slice(0, -1) : text);
        return;
      case 'buffer_size_kb':
        tr.buffer.resize(parseKb(value, path));
        return;
      case 'trace_clock':
        tr.setClock(value);
        return;
      case 'trace_options':
        for (const token of value.split(/\s+/).filter((t) => t !== '')) {
          const off = token.startsWith('no') && !(token in tr.options);
          tr.setOption(off ? token.slice(2) : token, !off);
        }
        return;
      case 'set_ftrace_filter':
        this.ftrace.setFilter(tr.ops, text, truncate);
        return;
      case 'set_ftrace_notrace':
        this.ftrace.setNotrace(tr.ops, text, truncate);
        return;
      case 'set_ftrace_pid': {
        const pids = value.split(/\s+/).filter((t) => t !== '').map((t) => {
          if (!/^\d+$/.test(t)) throw new FentryError('EINVAL', `bad thread id '${t}' for set_ftrace_pid`, { value: t });
          return Number(t);
        });
        tr.setPids(truncate ? pids : [...tr.pids, ...pids]);
        return;
      }
      case 'README':
      case 'available_tracers':
      case 'available_filter_functions':
      case 'enabled_functions':
      case 'touched_functions':
      case 'trace_pipe':
        throw new FentryError('EINVAL', `${file} is read-only`, { value: path });
    }
    if (file.startsWith('options/')) {
      tr.setOption(file.slice('options/'.length), parseBool(value, path));
      return;
    }
    const cpu = perCpu(file);
    if (cpu !== undefined) {
      if (cpu !== THIS_CPU) throw new FentryError('ENOENT', `cpu${cpu} is another thread; its buffer is not reachable from this one`, { value: path });
      tr.buffer.resize(parseKb(value, path));
      return;
    }
    for (const extension of this.#extensions) if (extension.write(file, text, truncate, tr)) return;
    throw new FentryError('ENOENT', `no such tracefs file: ${path}`, { value: path });
  }

  /** Writes a `trace_marker` event (split over several events when long). */
  marker(tr: TraceArray, text: string): void {
    if (tr.tracingOn) tr.buffer.writeMarker(tr.clock(), text);
  }

  #textOptions(tr: TraceArray): TextOptions {
    return {
      tracer: tr.tracer.name,
      task: this.#init.task,
      pid: this.#init.pid,
      cpus: 1,
      clockInUs: tr.traceClock.inUs,
      printParent: tr.options['print-parent'],
      symOffset: tr.options['sym-offset'],
    };
  }

  #graphOptions(tr: TraceArray): GraphTextOptions {
    const o = tr.options;
    return {
      cpu: o['funcgraph-cpu'],
      overhead: o['funcgraph-overhead'],
      proc: o['funcgraph-proc'],
      duration: o['funcgraph-duration'],
      abstime: o['funcgraph-abstime'],
      tail: o['funcgraph-tail'],
      retval: o['funcgraph-retval'],
      retvalHex: o['funcgraph-retval-hex'],
      task: this.#init.task,
      pid: this.#init.pid,
      ...(this.#init.namer.params === undefined ? {} : { params: this.#init.namer.params }),
    };
  }

  #trace(tr: TraceArray): string {
    if (tr.tracer === functionGraphTracer) {
      const options = this.#graphOptions(tr);
      return graphHeader(options) + formatGraph(tr.buffer.read(), this.#init.namer, options);
    }
    const options = this.#textOptions(tr);
    let out = traceHeader(options, tr.buffer.counts());
    for (const event of tr.buffer.read()) out += formatEvent(event, this.#init.namer, options);
    return out;
  }

  #tracePipe(tr: TraceArray): string {
    const options = this.#textOptions(tr);
    const { events, lost } = tr.buffer.consume();
    let out = lost > 0 ? lostLine(THIS_CPU, lost) : '';
    if (tr.tracer === functionGraphTracer) return out + formatGraph(events, this.#init.namer, this.#graphOptions(tr));
    for (const event of events) out += formatEvent(event, this.#init.namer, options);
    return out;
  }

  #readFilter(tr: TraceArray): string {
    const hash = tr.ops.filter;
    const probes = this.triggers.list(tr, (ip) => this.ftrace.backend.name(ip).symbol);
    const head = hash.isAll ? '#### all functions enabled ####\n' : this.#hashLines(hash.ips, hash.pending.map((p) => p.text));
    return head + probes.map((p) => p + '\n').join('');
  }

  #hashLines(ips: Set<number>, pending: string[]): string {
    const lines = [...ips].sort((a, b) => a - b).map((ip) => {
      const name = this.ftrace.backend.name(ip);
      return `${name.symbol} [${name.module}]`;
    });
    return [...lines, ...pending].map((l) => l + '\n').join('');
  }

  #resolve(path: string): Target {
    const clean = path.replace(/^\/+/, '');
    if (clean.startsWith('instances/')) {
      const rest = clean.slice('instances/'.length);
      const slash = rest.indexOf('/');
      if (slash === -1) throw new FentryError('EISDIR', `${path} is a folder`, { value: path });
      const tr = this.instance(rest.slice(0, slash));
      const file = rest.slice(slash + 1);
      if ((TOP_FILES as readonly string[]).includes(file)) throw new FentryError('ENOENT', `no such tracefs file: ${path}`, { value: path });
      return { tr, file };
    }
    return { tr: this.top, file: clean };
  }
}

function instanceName(path: string): string {
  const match = /^\/?instances\/([^/]+)\/?$/.exec(path);
  if (match === null || match[1] === undefined) throw new FentryError('EINVAL', `instances are made as instances/<name>, not ${path}`, { value: path });
  return match[1];
}

function perCpu(file: string): number | undefined {
  const match = /^per_cpu\/cpu(\d+)\/buffer_size_kb$/.exec(file);
  return match === null ? undefined : Number(match[1]);
}

function parseBool(value: string, path: string): boolean {
  if (value === '1') return true;
  if (value === '0') return false;
  throw new FentryError('EINVAL', `${path} takes 0 or 1, not '${value}'`, { value });
}

function parseKb(value: string, path: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new FentryError('EINVAL', `${path} takes a size in KiB, not '${value}'`, { value });
  return Number(value);
}
