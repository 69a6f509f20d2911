// A function's source text evaluated somewhere else: `new Function`, another vm
// context, a worker started with `eval: true` (and browser automation such as
// page.evaluate). The patch site in the body names bindings of this module,
// which do not exist there.
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';

const double = (n) => n * 2;
function add(a, b) {
  return a + b;
}
const attempt = (label, fn) => {
  try {
    console.log(label, fn());
  } catch (e) {
    console.log(label, e.constructor.name, e.message);
  }
};
attempt('new Function', () => new Function(`return (${double})`)()(21));
attempt('declaration text', () => new Function(`${add}; return add(1, 2)`)());
attempt('vm context', () => vm.runInNewContext(`(${add})(2, 3)`));
const worker = new Worker(`require('node:worker_threads').parentPort.postMessage((${double})(5))`, { eval: true });
const fromWorker = await new Promise((resolve) => {
  worker.once('message', resolve);
  worker.once('error', (e) => resolve(`${e.constructor.name} ${e.message}`));
});
console.log('worker', fromWorker);
console.log('done');
