// Parse time of typescript's lib/typescript.js (~9 MB) with the JavaScript
// parsers fentry could use, on each Node version, in MB/s and relative to
// acorn (the parser fentry uses).
//
//   node bench/parsers.mjs [--rounds=2] [--iterations=3] [--warm=0] [--node=/path/node20,/path/node24]
//
// Every (parser, Node) pair runs in its own process, rounds in shuffled
// order: one parse to check the result, `warm` more, then `iterations` timed;
// a process's value is its median, a pair's the median over rounds. Every
// parser returns a full AST as JavaScript objects with offsets; only oxc's
// raw transfer skips the JSON round trip (Node >= 22).
import path from 'node:path';
import { createRequire } from 'node:module';
import { BENCH_DIR, ROOT_DIR, findNodes, fmt, median, parseArgs, printMachine, runChild, shuffle, table } from './lib/harness.mjs';

const args = parseArgs(process.argv.slice(2), { rounds: 2, iterations: 3, warm: 0, node: '', seed: 1 });
const nodes = findNodes(args.node);
const file = createRequire(path.join(ROOT_DIR, 'package.json')).resolve('typescript');
const PARSERS = [
  ['acorn', 'acorn (ESTree)'],
  ['meriyah', 'meriyah (ESTree, ranges)'],
  ['babel', '@babel/parser (Babel AST)'],
  ['swc', '@swc/core parseSync (SWC AST, JSON)'],
  ['oxc-json', 'oxc-parser (ESTree, JSON transfer)'],
  ['oxc-raw', 'oxc-parser (ESTree, raw transfer)'],
];
const started = Date.now();
printMachine(nodes);

const results = new Map();
const configs = nodes.flatMap((node) => PARSERS.map(([parser]) => ({ node, parser })));
for (let round = 0; round < args.rounds; round++) {
  for (const c of shuffle(configs, args.seed * 1000 + round)) {
    const cfg = { file, parser: c.parser, warm: args.warm, iterations: args.iterations };
    const r = runChild(c.node.bin, ['--max-old-space-size=4096', path.join(BENCH_DIR, 'lib', 'parser-child.mjs'), JSON.stringify(cfg)], { timeout: 600_000 });
    const k = `${c.node.label}/${c.parser}`;
    if (!results.has(k)) results.set(k, []);
    results.get(k).push(r);
  }
  console.error(`round ${round + 1}/${args.rounds} done after ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const ms = (n, p) => median((results.get(`${n.label}/${p}`) ?? []).filter((r) => !r.unsupported).map((r) => r.ms));
const bytes = [...results.values()].flat().find((r) => r.bytes)?.bytes ?? NaN;
const header = ['parser', 'version'];
for (const n of nodes) header.push(`${n.label} ms`, `${n.label} MB/s`, `${n.label} speed vs acorn`);
const rows = PARSERS.map(([p, name]) => {
  const any = results.get(`${nodes[0].label}/${p}`)?.[0];
  return [
    name,
    any?.version ?? '',
    ...nodes.flatMap((n) => {
      const first = results.get(`${n.label}/${p}`)?.[0];
      if (first?.unsupported) return ['not supported', '', ''];
      const t = ms(n, p);
      return [fmt(t, 0), fmt(bytes / 1e6 / (t / 1000), 1), `${fmt(ms(n, 'acorn') / t, 2)}×`];
    }),
  ];
});
console.log(`\n### Parsing typescript/lib/typescript.js (${fmt(bytes / 1e6, 2)} MB; ${args.rounds} processes per cell, median of ${args.iterations} parses each)\n`);
console.log(table(header, rows));
console.log(`\n"speed vs acorn" > 1 is faster than acorn. Total ${((Date.now() - started) / 1000).toFixed(0)} s.`);
