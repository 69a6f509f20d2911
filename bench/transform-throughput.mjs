// Transformer throughput on typescript's lib/typescript.js (~9 MB, ~22,000
// functions), end to end and stage by stage, so the bottleneck is visible.
//
//   node bench/transform-throughput.mjs [--rounds=2] [--iterations=2] [--node=/path/node20,/path/node24]
//
// Each round runs one process per Node version (in alternating order); a
// process warms up with one transform, then times `iterations` transforms
// end to end and `iterations` staged passes; values are medians over
// iterations, then over rounds. MB = 10^6 bytes of input source.
// Needs `npx tsc -p .` first (imports dist/transform internals).
import path from 'node:path';
import { createRequire } from 'node:module';
import { BENCH_DIR, ROOT_DIR, findNodes, fmt, median, parseArgs, printMachine, runChild, table } from './lib/harness.mjs';

const args = parseArgs(process.argv.slice(2), { rounds: 2, iterations: 2, node: '' });
const nodes = findNodes(args.node);
const file = createRequire(path.join(ROOT_DIR, 'package.json')).resolve('typescript');
const started = Date.now();
printMachine(nodes);

const results = new Map(nodes.map((n) => [n.label, []]));
for (let round = 0; round < args.rounds; round++) {
  const order = round % 2 === 0 ? nodes : [...nodes].reverse();
  for (const node of order) {
    const cfg = { file, iterations: args.iterations };
    results.get(node.label).push(runChild(node.bin, ['--max-old-space-size=4096', path.join(BENCH_DIR, 'lib', 'throughput-child.mjs'), JSON.stringify(cfg)], { timeout: 600_000 }));
  }
}

const first = results.get(nodes[0].label)[0];
const mb = first.bytes / 1e6;
const v = (n, k) => median(results.get(n.label).map((r) => r[k]));
const STAGES = [
  ['parse', 'parse (acorn, ESTree)'],
  ['hash', 'line index + content hash (salt)'],
  ['instrument', 'instrument (walk, site table, MagicString edits, toString)'],
  ['generateMap', 'source map (MagicString generateMap, hires: boundary)'],
  ['inlineComment', 'source map to inline base64 comment'],
];
const header = ['stage'];
for (const n of nodes) header.push(`${n.label} ms`, `${n.label} MB/s`, `${n.label} share of stages`);
const sum = (n) => STAGES.reduce((s, [k]) => s + v(n, k), 0);
const rows = STAGES.map(([k, name]) => [name, ...nodes.flatMap((n) => [fmt(v(n, k), 0), fmt(mb / (v(n, k) / 1000), 1), `${fmt((100 * v(n, k)) / sum(n), 0)}%`])]);
rows.push(['sum of stages', ...nodes.flatMap((n) => [fmt(sum(n), 0), fmt(mb / (sum(n) / 1000), 1), '100%'])]);
rows.push(['transformSource end to end', ...nodes.flatMap((n) => [fmt(v(n, 'total'), 0), fmt(mb / (v(n, 'total') / 1000), 1), ''])]);
console.log(`\n### Transformer throughput on typescript/lib/typescript.js (${fmt(mb, 2)} MB in, ${fmt(first.outBytes / 1e6, 2)} MB out with the inline map; ${first.sites} sites; ${args.rounds} processes × ${args.iterations} iterations, medians)\n`);
console.log(table(header, rows));
console.log(`\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s.`);
