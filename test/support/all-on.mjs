// Preload for tests: after `--import fentry/register`, switches every site of
// every module loaded from now on to a trivial counting handler that lets the
// body run. With FENTRY_TEST_COUNTS=<file>, writes {"symbol [module]": calls}
// there at exit. The handlers come from `new Function`, so they are not
// instrumented code and cannot re-enter a site.
import fs from 'node:fs';

const R = globalThis[Symbol.for('fentry.runtime.v1')];
if (R === undefined) throw new Error('all-on.mjs needs --import fentry/register first');
const counts = [];
// FENTRY_TEST_RECALL=1: where the site hands over its function object, the
// handler runs the body itself, as trampolines do (the site's own guard lets
// the nested entry through) — so every case also checks that contract.
const recall = process.env.FENTRY_TEST_RECALL === '1';
const factory = new Function(
  'R',
  'counts',
  'recall',
  `return (i) => {
    counts[i] = 0;
    if (!recall) return function () { counts[i]++; return R.C; };
    let reentry = false;
    return function (self, fn, newTarget, ...args) {
      if (reentry) { reentry = false; return R.C; }
      counts[i]++;
      if (fn === undefined) return R.C;
      reentry = true;
      try { return newTarget === undefined ? Reflect.apply(fn, self, args) : Reflect.construct(fn, args, newTarget); }
      finally { reentry = false; }
    };
  };`,
)(R, counts, recall);
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
