// func-filter-glob.tc: filter contents equal available_filter_functions filtered by each glob;
// a numeric token selects by 1-based index; a token that matches nothing is an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset, available } from './support.mjs';

const filter = () => tracefs.read('set_ftrace_filter').trim().split('\n').sort();
const expect = (re) => available().filter((l) => re.test(l.split(' [')[0])).sort();

const CASES = [
  ['*schedule', /schedule$/],
  ['*schedule*', /schedule/],
  ['schedule*', /^schedule/],
  ['*_lock', /_lock$/],
  ['mutex*try*', /^mutex.*try/],
  ['sch*ule', /^sch.*ule$/],
  ['[Ss]y[Ss]_*', /^[Ss]y[Ss]_/],
  ['sch?dule', /^sch.dule$/],
];

for (const [glob, re] of CASES) {
  test(`func-filter-glob: '${glob}'`, () => {
    reset();
    tracefs.write('set_ftrace_filter', glob);
    const want = expect(re);
    assert.ok(want.length > 0, `the fixture has functions for ${glob}`);
    assert.deepEqual(filter(), want);
  });
}

test('func-filter-glob: numeric tokens select by 1-based index', () => {
  reset();
  const lines = available();
  tracefs.write('set_ftrace_filter', '1 3');
  assert.deepEqual(filter(), [lines[0], lines[2]].sort());
});

test('func-filter-glob: a token that matches nothing fails with EINVAL and changes nothing', () => {
  reset();
  tracefs.write('set_ftrace_filter', 'schedule');
  assert.throws(() => tracefs.append('set_ftrace_filter', 'sys_open no_such_function'), (e) => e.code === 'EINVAL' && /no_such_function/.test(e.message));
  assert.deepEqual(filter(), ['schedule [kernel.mjs]']);
  reset();
});
