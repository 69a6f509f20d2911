// The text of stack frames, not only their positions: the file as printed
// (a file: URL for ES modules, a path for CommonJS), function names of
// anonymous, getter and class-initializer frames, and the position of an eval's origin.
import { fromCjs } from './thrower.cjs';
const dir = new URL('.', import.meta.url);
const text = (e) =>
  String(e.stack)
    .split('\n')
    .filter((line) => line.startsWith('    at ') && !line.includes('node:internal'))
    .slice(0, 3)
    .map((line) => line.trim().replaceAll(dir.href, '<dir-url>/').replaceAll(decodeURIComponent(dir.pathname), '<dir-path>/'))
    .join(' ; ');
function named() {
  return new Error('named');
}
class Widget {
  get getter() {
    return new Error('getter');
  }
  field = new Error('field');
}
function evaluated() { return eval('new Error("in eval")') }
console.log(text(named()));
console.log(text((() => new Error('anonymous'))()));
console.log(text(new Widget().getter));
console.log(text(new Widget().field));
console.log(text(evaluated()));
console.log(text(fromCjs()));
console.log('done');
