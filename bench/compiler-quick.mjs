// A quick side-by-side of the TypeScript compiler compiling bench/fixtures/ts-sample,
// untransformed against instrumented with every site off (3 processes each, interleaved).
//   node bench/compiler-quick.mjs
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT_DIR, findNodes, median, runFastChild } from './lib/harness.mjs';
const register = pathToFileURL(path.join(ROOT_DIR, 'dist', 'register', 'index.js')).href;
const nodes = findNodes('');
const res = {};
for (let round = 0; round < 3; round++) for (const node of nodes) for (const reg of [false, true]) {
  const child = JSON.stringify({ workload: 'compiler', warm: 3, iterations: 6 });
  const r = runFastChild(node, [...(reg ? ['--import', register] : []), 'lib/tracer-child.mjs', child], { env: { FENTRY_CACHE: '1' }, timeout: 300000 });
  (res[`${node.label} ${reg ? 'off' : 'base'}`] ??= []).push(r.value);
}
for (const n of nodes) { const b = median(res[`${n.label} base`]); const o = median(res[`${n.label} off`]); console.log(n.label, 'base', b.toFixed(1), 'off', o.toFixed(1), 'ratio', (o / b).toFixed(3), JSON.stringify(res[`${n.label} base`].map(x=>x.toFixed(0))), JSON.stringify(res[`${n.label} off`].map(x=>x.toFixed(0)))); }
