/**
 * `node --import fentry/register app.js`: installs the runtime and the load
 * hooks, so every module the program loads, ES or CommonJS, JavaScript or
 * TypeScript, in the main thread and in workers, gets its patch sites.
 *
 * Node 24 has synchronous in-thread hooks (`module.registerHooks`) that see
 * `import` and `require` alike. Node 20 has only off-thread hooks for ES
 * modules (`module.register`); there CommonJS goes through a wrapper of
 * `Module.prototype._compile`, the way every require hook has done it.
 */
import fs from 'node:fs';
import Module, { register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isMainThread, workerData } from 'node:worker_threads';
import { availableFilterFunctions } from '../formats/site-table.js';
import { installRuntime } from '../runtime/index.js';
import { installToStringFilter } from './tostring.js';
import { optionsFromEnv, selector } from './options.js';
import { instrumentOrWarn } from './instrument-or-warn.js';
import { formatOf, needsLowering } from '../transform/module-name.js';

/** Marks a worker started by fentry itself: it never loads the hooks and is never traced. */
export const INTERNAL_THREAD = '__fentryInternalThread';

const internal = (workerData as Record<string, unknown> | null)?.[INTERNAL_THREAD] === true;

if (!internal) {
  const runtime = installRuntime();
  process.setSourceMapsEnabled(true);
  installToStringFilter();
  if (process.env['FENTRY_PRINT_SITES'] === '1' && isMainThread) {
    process.on('exit', () => {
      const sites = [];
      for (let i = 0; i < runtime.siteCount; i++) sites.push(runtime.site(i));
      process.stderr.write(`# available_filter_functions (pid ${process.pid}, ${sites.length} sites)\n${availableFilterFunctions(sites)}`);
    });
  }
  const select = selector(optionsFromEnv());
  const registerHooks = (Module as unknown as { registerHooks?: (hooks: object) => void }).registerHooks;
  if (typeof registerHooks === 'function') {
    registerHooks({
      load(url: string, context: { format?: string | null }, nextLoad: (url: string, context?: object) => { format: string; source?: unknown }) {
        if (!url.startsWith('file:')) return nextLoad(url, context);
        const file = fileURLToPath(url);
        const treatment = select(file);
        if (treatment === 'skip') return nextLoad(url, context);
        const lowering = needsLowering(file);
        const result = lowering ? undefined : nextLoad(url, context);
        const declared = result?.format ?? context.format;
        // Undefined: nothing declares the format (a required `.js` in a package without `type`); the transformer parses to decide, as Node does.
        let format: 'esm' | 'cjs' | undefined =
          declared === 'module' || declared === 'module-typescript' ? 'esm' : declared === 'commonjs' || declared === 'commonjs-typescript' ? 'cjs' : undefined;
        // Node leaves the format undefined for a required `.js` whose package says no `type`: decide as Node does.
        if (result !== undefined && result.format != null && result.format !== 'module' && result.format !== 'commonjs') return result;
        const raw = result === undefined ? fs.readFileSync(file, 'utf8') : result.source;
        if (raw == null) return result ?? nextLoad(url, context);
        const source = typeof raw === 'string' ? raw : Buffer.from(raw as Uint8Array).toString('utf8');
        if (lowering && declared !== 'module-typescript' && declared !== 'commonjs-typescript') format = formatOf(file, source);
        const out = instrumentOrWarn(source, file, format, url, treatment);
        return { format: out.format === 'esm' ? 'module' : 'commonjs', source: out.code, shortCircuit: true };
      },
    });
  } else {
    register('./hooks.js', import.meta.url);
    const proto = Module.prototype as unknown as { _compile(content: string, filename: string, format?: string): unknown };
    const compile = proto._compile;
    // Node passes a third argument: 'module' when require() loads an ES module (require(esm)).
    proto._compile = function fentryCompile(this: unknown, content: string, filename: string, format?: string) {
      const code = instrumentOrWarn(content, filename, format === 'module' ? 'esm' : 'cjs', undefined, select(filename)).code;
      return format === undefined ? compile.call(this, code, filename) : compile.call(this, code, filename, format);
    };
    const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;
    for (const ext of ['.ts', '.cts', '.tsx', '.jsx']) extensions[ext] ??= extensions['.js'];
  }
  // Tracing set up by `fentry trace`; loaded only then, so an instrumented program starts light.
  if (process.env['FENTRY_TRACE']) (await import('../control/trace-env.js')).startTraceFromEnv();
}
