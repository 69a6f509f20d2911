// The function_graph text format, from hand-made events: columns, leaves,
// nesting, missing entries, retval, async suspend/resume lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGraph, graphHeader, formatDuration, overheadMark, formatRetval } from '../../dist/formats/graph-text.js';

const names = ['sys_open', 'do_sys_open', '__might_sleep', 'fetchUser'];
const namer = { symbol: (ip) => names[ip], location: (ip) => `x.js:${ip}`, params: () => ['fd', 'flags'] };
const O = { cpu: true, overhead: true, proc: false, duration: true, abstime: false, tail: false, retval: false, retvalHex: false, task: 'node', pid: 42 };
const ent = (ip, depth, flags = 0, extra = {}) => ({ kind: 'graph-ent', cpu: 0, ts: 1, ip, depth, flags, ...extra });
const ret = (ip, depth, durationUs, how = 0, extra = {}) => ({ kind: 'graph-ret', cpu: 0, ts: 2, ip, depth, how, durationUs, ...extra });

test('the header follows the options', () => {
  assert.equal(graphHeader(O), '# tracer: function_graph\n#\n# CPU  DURATION                  FUNCTION CALLS\n# |     |   |                     |   |   |   |\n');
  assert.equal(graphHeader({ ...O, cpu: false, duration: false }), '# tracer: function_graph\n#\n#               FUNCTION CALLS\n#               |   |   |   |\n');
  assert.match(graphHeader({ ...O, abstime: true, proc: true }), /^# {5}TIME {8}CPU {2}TASK\/PID {9}DURATION {18}FUNCTION CALLS$/m);
});

test('durations: at most 7 digits, padded to the column; overhead marks at the kernel thresholds', () => {
  assert.equal(formatDuration(1.382), '1.382 us    ');
  assert.equal(formatDuration(14.237), '14.237 us   ');
  assert.equal(formatDuration(14237.1234), '14237.12 us ');
  assert.equal(formatDuration(1234567.5), '1234567 us  ');
  assert.equal(formatDuration(12345678), '12345678 us ');
  assert.deepEqual([5, 11, 101, 1001, 10001, 100001, 1000001].map(overheadMark), [' ', '+', '!', '#', '*', '@', '$']);
});

test('nesting, leaves and the closing brace, as in the kernel sample', () => {
  const text = formatGraph([ent(0, 0), ent(1, 1), ent(2, 2), ret(2, 2, 1.382), ret(1, 1, 2.478), ret(0, 0, 14.237)], namer, O);
  assert.equal(
    text,
    ' 0)               |  sys_open() {\n' +
      ' 0)               |    do_sys_open() {\n' +
      ' 0)   1.382 us    |      __might_sleep();\n' +
      ' 0)   2.478 us    |    }\n' +
      ' 0) + 14.237 us   |  }\n',
  );
});

test('a return whose entry is gone names its function; funcgraph-tail names every one', () => {
  assert.equal(formatGraph([ret(1, 1, 2.5), ret(0, 0, 3)], namer, O), ' 0)   2.500 us    |    } /* do_sys_open */\n 0)   3.000 us    |  } /* sys_open */\n');
  const tail = formatGraph([ent(0, 0), ent(1, 1), ret(1, 1, 1), ret(0, 0, 2)], namer, { ...O, tail: true });
  assert.match(tail, /\| {2}} \/\* sys_open \*\/\n$/);
});

test('funcgraph-retval: error codes in decimal, the rest in hex; -hex for all', () => {
  assert.equal(formatRetval(-5, false), '-5');
  assert.equal(formatRetval(-5, true), '0xfffffffffffffffb');
  assert.equal(formatRetval(3, false), '0x3');
  assert.equal(formatRetval(-5000, false), '0xffffffffffffec78');
  assert.equal(formatRetval(1.5, false), '1.5');
  assert.equal(formatRetval('ok', false), '"ok"');
  assert.equal(formatRetval({ desc: '[object Map]' }, false), '[object Map]');
  const text = formatGraph([ent(0, 0), ent(1, 1), ret(1, 1, 1, 0, { retval: -22 }), ret(0, 0, 2, 0, { retval: 0 })], namer, { ...O, retval: true });
  assert.equal(text, ' 0)               |  sys_open() {\n 0)   1.000 us    |    do_sys_open(); /* = -22 */\n 0)   2.000 us    |  } /* sys_open = 0x0 */\n');
});

test('async: suspension closes the call, resumption reopens it, the end says how long the whole call took', () => {
  const text = formatGraph(
    [ent(3, 0), ent(1, 1), ret(1, 1, 1), ret(3, 0, 5, 2), ent(3, 0, 1), ret(3, 0, 2, 0, { totalUs: 150.2 })],
    namer,
    O,
  );
  assert.equal(
    text,
    ' 0)               |  fetchUser() {\n' +
      ' 0)   1.000 us    |    do_sys_open();\n' +
      ' 0)   5.000 us    |  } /* fetchUser suspended */\n' +
      ' 0)   2.000 us    |  fetchUser(); /* resumed, done after 150.200 us */\n',
  );
  const threw = formatGraph([ent(3, 0, 1), ret(3, 0, 2, 1, { retval: { desc: 'TypeError: bad' }, totalUs: 9 })], namer, O);
  assert.equal(threw, ' 0)   2.000 us    |  fetchUser(); /* resumed, threw TypeError: bad, done after 9.000 us */\n');
});

test('a detached tracer closes open calls without a duration; entry-only sites print as calls without one', () => {
  assert.equal(formatGraph([ent(0, 0), ent(1, 1), ret(1, 1, 0, 3)], namer, O), ' 0)               |  sys_open() {\n 0)               |    do_sys_open(); /* tracer detached */\n');
  assert.equal(formatGraph([ent(2, 0, 2)], namer, O), ' 0)               |  __might_sleep();\n');
});

test('funcgraph-args names the parameters', () => {
  assert.equal(formatGraph([ent(0, 0, 0, { args: ['3', '"r"'] }), ret(0, 0, 1)], namer, { ...O, params: namer.params }), ' 0)   1.000 us    |  sys_open(fd=3, flags="r");\n');
});
