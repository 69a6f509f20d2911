// ringbuffer_size.tc: buffer_size_kb can be halved, doubled and restored, per thread too, in instances too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracefs } from './support.mjs';

function check(prefix) {
  const original = Number(tracefs.read(`${prefix}buffer_size_kb`));
  assert.ok(original > 0);
  tracefs.write(`${prefix}buffer_size_kb`, String(original / 2));
  assert.equal(Number(tracefs.read(`${prefix}buffer_size_kb`)), original / 2);
  tracefs.write(`${prefix}buffer_size_kb`, String(original * 2));
  assert.equal(Number(tracefs.read(`${prefix}buffer_size_kb`)), original * 2);
  tracefs.write(`${prefix}buffer_size_kb`, String(original));
  assert.equal(Number(tracefs.read(`${prefix}buffer_size_kb`)), original);
  const cpu = `${prefix}per_cpu/cpu0/buffer_size_kb`;
  tracefs.write(cpu, String(original / 2));
  assert.equal(Number(tracefs.read(cpu)), original / 2);
  assert.equal(Number(tracefs.read(`${prefix}buffer_size_kb`)), original / 2, 'one thread: the total follows');
  tracefs.write(cpu, String(original));
  assert.throws(() => tracefs.write(`${prefix}buffer_size_kb`, 'lots'), { code: 'EINVAL' });
}

test('ringbuffer_size: halve, double, restore, top level and per thread', () => check(''));

test('ringbuffer_size: the same in an instance', () => {
  tracefs.mkdir('instances/sizes');
  check('instances/sizes/');
  tracefs.rmdir('instances/sizes');
});
