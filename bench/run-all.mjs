// Runs every benchmark in sequence and prints their tables (the text that
// docs/benchmarks.md records). About 13 minutes on a 2-core machine.
//
//   npx tsc -p . && node bench/run-all.mjs [--node=/path/node20,/path/node24] [--skip=parsers,...]
//
// Children inherit stdout, so each benchmark's tables appear as it finishes;
// progress goes to stderr. The machine should be otherwise idle: every
// benchmark compares configurations measured in the same run, but a loaded
// machine widens the spread until small effects disappear in it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, ROOT_DIR, findNodes, parseArgs, printMachine } from './lib/harness.mjs';

const args = parseArgs(process.argv.slice(2), { node: '', skip: '' });
const skip = new Set(args.skip.split(',').filter(Boolean));
if (!fs.existsSync(path.join(ROOT_DIR, 'dist', 'transform', 'index.js'))) {
  console.error('dist/ is missing: run `npx tsc -p .` first');
  process.exitCode = 1;
} else {
  const nodes = findNodes(args.node);
  printMachine(nodes);
  const nodeArg = `--node=${nodes.map((n) => n.bin).join(',')}`;
  const BENCHES = [
    ['sites-off', 'sites-off.mjs'],
    ['compiler', 'compiler.mjs'],
    ['transform-throughput', 'transform-throughput.mjs'],
    ['parsers', 'parsers.mjs'],
  ];
  const started = Date.now();
  for (const [name, file] of BENCHES) {
    if (skip.has(name)) continue;
    const a = Date.now();
    console.log(`\n## ${name}: node bench/${file}\n`);
    const r = spawnSync(process.execPath, [path.join(BENCH_DIR, file), nodeArg], { stdio: 'inherit', cwd: ROOT_DIR });
    if (r.status !== 0) {
      console.error(`${name} failed with ${r.status ?? r.signal}`);
      process.exitCode = 1;
    }
    console.error(`${name}: ${((Date.now() - a) / 1000).toFixed(0)} s`);
  }
  console.log(`\nAll benchmarks: ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}
