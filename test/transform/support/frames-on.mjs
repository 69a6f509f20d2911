// Preload for the semantics suite, after `--import fentry/register` and
// test/support/all-on.mjs: every framed site (async functions, generators,
// async generators) whose handler lets the body run also hands the body a
// CallFrame that checks the protocol and returns every value unchanged, so
// the program's output must not change. With FENTRY_TEST_FRAMES=<file>,
// writes at exit {"calls", "frames", "done", "events", "errors"}: the calls
// of framed sites, the frames given, the frames done, the events seen, and
// every protocol violation (an event after done, a resume with no suspend
// before it, a frame still in the register when the next call enters).
// Like all-on.mjs, the code runs from `new Function`: not instrumented.
import fs from 'node:fs';

const R = globalThis[Symbol.for('fentry.runtime.v1')];
if (R === undefined) throw new Error('frames-on.mjs needs --import fentry/register first');
const stats = { calls: 0, frames: 0, done: 0, events: 0, errors: [] };
const wrap = new Function(
  'R',
  'stats',
  `class Frame {
    constructor(site) { this.site = site; this.state = 'running'; }
    check(event, ok) {
      stats.events++;
      if (this.state === 'done' || !ok) stats.errors.push(this.site + ': ' + event + ' while ' + this.state);
    }
    suspend(value) { this.check('suspend', true); this.state = 'suspended'; return value; }
    resume(value) { this.check('resume', this.state === 'suspended'); this.state = 'running'; return value; }
    ret(value) { this.check('ret', true); return value; }
    fail(error) { this.check('fail', true); }
    done() { this.check('done', true); this.state = 'done'; stats.done++; }
  }
  return (handler, site) => function (...args) {
    stats.calls++;
    if (R.frame !== null) stats.errors.push(site + ': entered with a frame in the register');
    const result = Reflect.apply(handler, this, args);
    if (result === R.C) {
      stats.frames++;
      R.frame = new Frame(site);
    }
    return result;
  };`,
)(R, stats);
R.onModule((mod) => {
  for (let i = mod.first; i < mod.first + mod.count; i++) {
    const handler = R.get(i);
    const site = R.site(i);
    if (handler !== null && site.framed) R.set(i, wrap(handler, `${site.symbol} [${site.module}]`));
  }
});
const out = process.env.FENTRY_TEST_FRAMES;
if (out) {
  process.on('exit', () => {
    if (R.frame !== null) stats.errors.push('a frame was left in the register at exit');
    fs.writeFileSync(out, JSON.stringify(stats, null, 1));
  });
}
