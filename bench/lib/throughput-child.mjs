// Transformer throughput on one file in its own process, stage by stage, as
// transformSource runs them; prints one JSON line. Started by
// bench/transform-throughput.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ROOT_DIR, median } from './harness.mjs';

const cfg = JSON.parse(process.argv[2]);
const load = (rel) => import(pathToFileURL(path.join(ROOT_DIR, 'dist', 'transform', rel)).href);
const { transformSource } = await load('index.js');
const { parse } = await load('parse.js');
const { instrument, lineIndex } = await load('instrument.js');
const { inlineComment, readInputMap } = await load('source-map.js');
const { digest } = await load('cache.js');

const file = cfg.file;
const source = fs.readFileSync(file, 'utf8');
const bytes = Buffer.byteLength(source);
const options = { filename: file, format: 'cjs', root: path.dirname(file) };

/** The stages of transformSource for a JavaScript file without an input map, each timed. */
function stages() {
  const t = {};
  let a = performance.now();
  readInputMap(source, file);
  const program = parse(source, file, 'cjs');
  t.parse = performance.now() - a;
  a = performance.now();
  const position = lineIndex(source);
  const salt = digest(source).slice(0, 8);
  t.hash = performance.now() - a;
  a = performance.now();
  const result = instrument(source, { format: 'cjs', module: 'typescript/lib/typescript.js', file: pathToFileURL(file).href, salt, program, position });
  t.instrument = performance.now() - a;
  a = performance.now();
  result.magic.toString();
  t.toString = performance.now() - a;
  a = performance.now();
  const map = result.magic.generateMap({ hires: 'boundary', source: path.basename(file), includeContent: false });
  t.generateMap = performance.now() - a;
  a = performance.now();
  const out = result.code + inlineComment(map);
  t.inlineComment = performance.now() - a;
  t.sites = result.sites.length;
  t.outBytes = Buffer.byteLength(out);
  return t;
}

// Warm-up: one end-to-end transform and one staged pass.
transformSource(source, options);
stages();
const runs = [];
const totals = [];
for (let i = 0; i < cfg.iterations; i++) {
  runs.push(stages());
  const a = performance.now();
  transformSource(source, options);
  totals.push(performance.now() - a);
}
const med = (k) => median(runs.map((r) => r[k]));
console.log(
  JSON.stringify({
    bytes,
    sites: runs[0].sites,
    outBytes: runs[0].outBytes,
    total: median(totals),
    parse: med('parse'),
    hash: med('hash'),
    instrument: med('instrument'),
    toString: med('toString'),
    generateMap: med('generateMap'),
    inlineComment: med('inlineComment'),
  }),
);
