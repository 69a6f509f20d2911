/**
 * `Function.prototype.toString` shows the source as the user wrote it: the
 * text fentry inserted (patch sites, capture fields) is taken out, so code
 * that prints, hashes or re-evaluates a function's source elsewhere (a
 * worker, `vm`, a browser page) sees exactly the original.
 */
import { stripSites } from '../transform/guard.js';

const FILTERED = Symbol.for('fentry.toString');

export function installToStringFilter(): void {
  const proto = Function.prototype as unknown as Record<symbol, unknown> & { toString: (this: unknown) => string };
  if (proto[FILTERED] === true) return;
  const native = proto.toString;
  // A proxy keeps the native function's name, length and `[native code]` look.
  const filtered = new Proxy(native, {
    apply(target, self, args: []) {
      return stripSites(Reflect.apply(target, self, args));
    },
  });
  Object.defineProperty(proto, 'toString', { value: filtered, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(proto, FILTERED, { value: true, enumerable: false });
}
