// Error messages and positions around framed awaits and yields: V8 names an
// operand in some messages ("(intermediate value).foo is not a function",
// "Cannot destructure property 'a' of '(intermediate value)'") and reports
// its position; the rewrite must leave both as they were, in every context
// that names the operand, and the positions of errors thrown inside operands.
import { frames } from './frames.mjs';

const undef = undefined;
const probes = {
  async callee() { (await 1)(); },
  async method() { (await {}).foo(); },
  async deepMethod() { (await { a: {} }).a.b(); },
  async optionalMethod() { (await {})?.foo(); },
  async constructed() { new (await 1)(); },
  async tagged() { (await 1)`x`; },
  async spread() { return [...await 1]; },
  async spreadArgument() { return Math.max(...(await 1)); },
  async forOf() { for (const x of await 1); },
  async forAwait() { for await (const x of await 1); },
  async destructure() { const { a } = await undef; },
  async destructureNull() { const { a } = await null; },
  async destructureArray() { const [a] = await 1; },
  async destructureAssign() { let a; ({ a } = await undef); },
  async destructureDefault() { const [{ a } = await undef] = []; },
  async sequence() { (0, await 1)(); },
  async logical() { ((await 0) || (await 1))(); },
  async conditional() { ((await 1) ? await 2 : 3)(); },
  async argument() { Math.max(await 1, (await 2)()); },
  async property() { return (await undef).x; },
  async inOperand() { return 'a' in (await 1); },
  async thrownInOperand() { await (() => { throw new Error('in the operand'); })(); },
  async rejected() { await Promise.reject(new Error('rejected')); },
  async afterAwait() { const v = await 1; v(); },
  async concise() { return (async () => (await 1)())(); },
};
const generators = {
  *callee() { (yield 1)(); },
  *method() { (yield 1).foo(); },
  *spread() { return [...yield 1]; },
  *forOf() { for (const x of yield 1); },
  *destructure() { const { a } = yield 1; },
  *bare() { (yield)(); },
  *delegate() { yield* 1; },
  *delegateName() { const n = 1; yield* n; },
  // Not here: `yield* f()` with a non-iterable result. V8 prints, after
  // "yield* (intermediate value)", a placeholder for each expression that
  // follows in the function, so the frame's catch/finally adds to it.
};

for (const [name, fn] of Object.entries(probes)) {
  try {
    await fn();
    console.log(name, 'no error');
  } catch (e) {
    console.log(name, '|', e.constructor.name, e.message, '|', frames(e));
  }
}
for (const [name, fn] of Object.entries(generators)) {
  try {
    const g = fn();
    g.next();
    g.next(undefined);
    console.log(name, 'no error');
  } catch (e) {
    console.log(name, '|', e.constructor.name, e.message, '|', frames(e));
  }
}
console.log('done');
