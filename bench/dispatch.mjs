// Per-call cost of the ways a site can call its ops, side by side (ratios in one run):
// CALL_OPS with one ops alone and with 100 irrelevant ops registered (the kernel's
// arm64 figures: 1.86 ns against 1.87 ns, where the list walk costs 1063 ns), the
// list dispatcher with 2, 10 and 100 ops on the function, and the function tracer.
//
//   node bench/dispatch.mjs [--rounds=3] [--warm-ms=400] [--measure-ms=600] [--node=a,b]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT_DIR, findNodes, median, parseArgs, runFastChild, shuffle } from './lib/harness.mjs';

const args = parseArgs(process.argv.slice(2), { rounds: 3, warmMs: 400, measureMs: 600, node: '' });
const CONFIGS = ['off', 'one', 'one+100', 'list-2', 'list-10', 'list-100', 'function'];
const register = pathToFileURL(path.join(ROOT_DIR, 'dist', 'register', 'index.js')).href;
const nodes = findNodes(args.node);
const results = new Map();
for (let round = 0; round < args.rounds; round++) {
  for (const node of nodes) {
    for (const config of shuffle(CONFIGS, round + 1)) {
      const r = runFastChild(node, ['--import', register, 'lib/dispatch-child.mjs', JSON.stringify({ config, warmMs: args.warmMs, measureMs: args.measureMs })], { env: { FENTRY_CACHE: '0' } });
      const key = `${node.label} ${config}`;
      if (!results.has(key)) results.set(key, []);
      results.get(key).push(r);
    }
  }
}
console.log(`dispatch: ns per call of a one-line function (median of ${args.rounds} processes; ratio to CALL_OPS alone)\n`);
console.log(`| config | ${nodes.map((n) => `${n.label} ns/call | ratio | callbacks/call`).join(' | ')} |`);
console.log(`|---|${nodes.map(() => '---:|---:|---:').join('|')}|`);
for (const config of CONFIGS) {
  const cells = nodes.map((n) => {
    const rs = results.get(`${n.label} ${config}`);
    const base = median(results.get(`${n.label} one`).map((r) => r.value));
    const v = median(rs.map((r) => r.value));
    return `${v.toFixed(2)} | ${(v / base).toFixed(2)} | ${rs[0].callbacksPerCall}`;
  });
  console.log(`| ${config} | ${cells.join(' | ')} |`);
}
