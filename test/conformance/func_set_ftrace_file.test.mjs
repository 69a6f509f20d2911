// func_set_ftrace_file.tc: set_ftrace_filter reads "#### all functions enabled ####" when empty;
// '*lock*:traceoff' probes list as name:traceoff:unlimited for exactly the glob's set; '!' removals remove exactly their set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs, reset, available } from './support.mjs';

const probes = () => tracefs.read('set_ftrace_filter').split('\n').filter((l) => l.endsWith(':traceoff:unlimited')).map((l) => l.split(':')[0]).sort();
const symbols = (re) => available().map((l) => l.split(' [')[0]).filter((s) => re.test(s)).sort();

test('func_set_ftrace_file: empty filter, probes and removals', () => {
  reset();
  assert.equal(tracefs.read('set_ftrace_filter'), '#### all functions enabled ####\n');
  tracefs.write('set_ftrace_filter', '*lock*:traceoff');
  assert.deepEqual(probes(), symbols(/lock/));
  assert.ok(probes().length >= 6);
  tracefs.append('set_ftrace_filter', '!*try*lock:traceoff');
  assert.deepEqual(probes(), symbols(/lock/).filter((s) => !/try.*lock$/.test(s)));
  tracefs.append('set_ftrace_filter', '!m*lock:traceoff');
  assert.deepEqual(probes(), symbols(/lock/).filter((s) => !/try.*lock$/.test(s) && !/^m.*lock$/.test(s)));
  tracefs.append('set_ftrace_filter', '!*:traceoff');
  assert.deepEqual(probes(), []);
  assert.equal(tracefs.read('set_ftrace_filter'), '#### all functions enabled ####\n');
});

test('func_set_ftrace_file: functions and probes list together', () => {
  reset();
  tracefs.write('set_ftrace_filter', 'schedule');
  tracefs.append('set_ftrace_filter', 'sys_open:traceoff:3');
  assert.deepEqual(tracefs.read('set_ftrace_filter').trim().split('\n'), ['schedule [kernel.mjs]', 'sys_open:traceoff:count=3']);
  reset();
});
