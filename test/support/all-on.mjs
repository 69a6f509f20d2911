// Preload for tests: after `--import fentry/register`, switches every site of
// every module loaded from now on to a trivial counting handler that lets the
// body run. With FENTRY_TEST_COUNTS=<file>, writes {"symbol [module]": calls}
// there at exit. The handlers come from `new Function`, so they are not
// instrumented code and cannot re-enter a site.
import fs from 'node:fs';

const R = globalThis[Symbol.for('fentry.runtime.v1')];
if (R === undefined) throw new Error('all-on.mjs needs --import fentry/register first');
const counts = [];
const factory = new Function('R', 'counts', 'return (i) => { counts[i] = 0; return function () { counts[i]++; return R.C; }; };')(R, counts);
R.onModule((mod) => {
  for (let i = mod.first; i < mod.first + mod.count; i++) R.set(i, factory(i));
});
const out = process.env.FENTRY_TEST_COUNTS;
if (out) {
  process.on('exit', () => {
    const result = {};
    for (let i = 0; i < R.siteCount; i++) {
      const site = R.site(i);
      const key = `${site.symbol} [${site.module}]`;
      result[key] = (result[key] ?? 0) + (counts[i] ?? 0);
    }
    fs.writeFileSync(out, JSON.stringify(result, null, 1));
  });
}
