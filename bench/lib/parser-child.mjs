// Parse time of one file with one parser in its own process; prints one JSON
// line. Started by bench/parsers.mjs. Every parser is asked for what fentry
// needs: a full AST as JavaScript objects with start/end offsets.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { BENCH_DIR, median } from './harness.mjs';
import path from 'node:path';

const cfg = JSON.parse(process.argv[2]);
const require = createRequire(path.join(BENCH_DIR, 'package.json'));
const source = fs.readFileSync(cfg.file, 'utf8');
// Read directly: not every package exports its package.json.
const version = (name) => JSON.parse(fs.readFileSync(path.join(BENCH_DIR, 'node_modules', name, 'package.json'), 'utf8')).version;

async function parserFor(name) {
  switch (name) {
    case 'acorn': {
      const acorn = await import('acorn');
      return { version: version('acorn'), parse: () => acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'script' }) };
    }
    case 'meriyah': {
      const meriyah = await import('meriyah');
      return { version: version('meriyah'), parse: () => meriyah.parseScript(source, { ranges: true }) };
    }
    case 'babel': {
      const babel = await import('@babel/parser');
      return { version: version('@babel/parser'), parse: () => babel.parse(source, { sourceType: 'script' }).program };
    }
    case 'swc': {
      const swc = require('@swc/core');
      return { version: version('@swc/core'), parse: () => swc.parseSync(source, { syntax: 'ecmascript', target: 'es2022' }) };
    }
    case 'oxc-json': {
      const oxc = await import('oxc-parser');
      return { version: version('oxc-parser'), parse: () => oxc.parseSync('typescript.js', source, { sourceType: 'script' }).program };
    }
    case 'oxc-raw': {
      const oxc = await import('oxc-parser');
      if (!oxc.rawTransferSupported()) return { version: version('oxc-parser'), unsupported: `raw transfer needs Node >= 22 (this is ${process.version})` };
      return { version: version('oxc-parser'), parse: () => oxc.parseSync('typescript.js', source, { sourceType: 'script', experimentalRawTransfer: true }).program };
    }
    default:
      throw new Error(`unknown parser ${name}`);
  }
}

const p = await parserFor(cfg.parser);
if (p.unsupported) {
  console.log(JSON.stringify({ unsupported: p.unsupported, version: p.version }));
} else {
  let keep = p.parse();
  if (keep == null || typeof keep !== 'object') throw new Error(`${cfg.parser} returned no AST`);
  keep = null;
  for (let i = 0; i < cfg.warm; i++) p.parse();
  const times = [];
  for (let i = 0; i < cfg.iterations; i++) {
    const a = performance.now();
    keep = p.parse();
    times.push(performance.now() - a);
    keep = null;
  }
  console.log(JSON.stringify({ version: p.version, ms: median(times), min: Math.min(...times), bytes: Buffer.byteLength(source), gotAst: keep === null }));
}
