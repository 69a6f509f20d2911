// Concise arrow bodies become blocks when instrumented: every shape of body
// and everything that can follow one must parse and evaluate as before.
import { sloppyReport } from './labels.cjs';

const show = (label, v) => console.log(label.padEnd(28), typeof v, JSON.stringify(v) ?? String(v));
const objectLiteral = () => ({ a: 1 });
const doubleParens = () => (({ b: 2 }));
const sequence = (a, b) => (a, b);
const parenthesizedIdentifier = (x) => (x);
const memberOfParenthesized = () => ({ c: 3 }).c;
const callOfParenthesized = () => (() => 'inner')();
const trailingBlockComment = (x) => x /* trailing */;
const commentBeforeBody = (x) => /* before */ x * 2;
const lineCommentThenNewline = (x) =>
  // the body is on the next line
  x + 1;
const commentContainingArrow = (a /* => */, b) /* => */ => a + b;
const paramDefaultWithArrow = (f = () => 'default') => f();
const trailingCommaParams = (a, b,) => a - b;
const singleParam = x => x * 3;
const singleParamObject = x => ({ x });
const noParamsSpaced = (   ) =>   'spaced';
const asyncNoParams = async () => ({ async: true });
const asyncSingle = async x => x + '!';
const asyncComment = async /* => */ () => 'async comment';
const curried = x => y => z => x + y + z;
const conditional = (flag) => (flag ? (x) => x + 1 : (x) => x - 1);
const inTernary = true ? () => 'then' : () => 'else';
const arrowInTest = (() => 0) ? 'arrow is truthy' : 'falsy';
const regexBody = () => /a+/g;
const templateBody = (n) => `n=${n}`;
const voidBody = () => void 'ignored';
const inOperator = () => 'a' in { a: 1 };
const commaInArguments = [1, 2, 3].map((x) => x * 2, null);
const classBody = () => class Named {};
const awaitInside = async (p) => await p;
const yieldLikeName = (yieldLike) => yieldLike;
const nestedObjectBody = () => ({ inner: () => ({ deep: true }) });
const asiNext = () => 'asi'
const afterAsi = 'line after an arrow without semicolon';
const logicalBody = (a) => (a ?? 'nullish') || 'falsy';
const assignmentBody = (o) => (o.assigned = 'yes');
const newBody = () => new Date(0).getTime();
const spreadBody = (...xs) => [...xs, 'end'];
const unicodeComment = (x) => x; // a comment after the statement
const iife = ((n) => n * 10)(4);
const inTemplate = `${((x) => x + 'T')('in template')}`;
const objectMethods = { m: () => ({}), n: () => 1 };
const chained = [3, 1, 2].filter((x) => x > 1).map((x) => ({ x })).map(({ x }) => x);
const returnsArrowWithObject = () => () => ({ twice: 'nested' });
const arrowAsDefault = (fn = (x) => ({ x })) => fn(5);
const labeledLoop = () => {
  outer: for (let i = 0; i < 3; i++) {
    inner: for (let j = 0; j < 3; j++) {
      if (j === 1) continue outer;
      if (i === 2) break outer;
    }
  }
  return 'labels ok';
};
const exprStatementAsi = () => {
  let a = 1
  const f = () => a
  ;(function () { a = 2 })()
  return f()
};
const asiCallContinuation = () => {
  const g = (v) => v
  ;[1].forEach((v) => g(v))
  return g('asi call')
};

show('objectLiteral', objectLiteral());
show('doubleParens', doubleParens());
show('sequence', sequence(1, 2));
show('parenthesizedIdentifier', parenthesizedIdentifier('p'));
show('memberOfParenthesized', memberOfParenthesized());
show('callOfParenthesized', callOfParenthesized());
show('trailingBlockComment', trailingBlockComment(1));
show('commentBeforeBody', commentBeforeBody(2));
show('lineCommentThenNewline', lineCommentThenNewline(3));
show('commentContainingArrow', commentContainingArrow(1, 2));
show('paramDefaultWithArrow', paramDefaultWithArrow());
show('trailingCommaParams', trailingCommaParams(5, 2));
show('singleParam', singleParam(2));
show('singleParamObject', singleParamObject(2));
show('noParamsSpaced', noParamsSpaced());
show('asyncNoParams', await asyncNoParams());
show('asyncSingle', await asyncSingle('x'));
show('asyncComment', await asyncComment());
show('curried', curried(1)(2)(3));
show('conditional', [conditional(true)(1), conditional(false)(1)]);
show('inTernary', inTernary());
show('arrowInTest', arrowInTest);
show('regexBody', String(regexBody()));
show('templateBody', templateBody(4));
show('voidBody', voidBody());
show('inOperator', inOperator());
show('commaInArguments', commaInArguments);
show('classBody', classBody().name);
show('awaitInside', await awaitInside(Promise.resolve('awaited')));
show('yieldLikeName', yieldLikeName('y'));
show('nestedObjectBody', nestedObjectBody().inner());
show('asiNext', asiNext());
show('afterAsi', afterAsi);
show('logicalBody', [logicalBody(null), logicalBody(0)]);
show('assignmentBody', assignmentBody({}));
show('newBody', newBody());
show('spreadBody', spreadBody(1, 2));
show('unicodeComment', unicodeComment('u'));
show('iife', iife);
show('inTemplate', inTemplate);
show('objectMethods', [objectMethods.m(), objectMethods.n()]);
show('chained', chained);
show('returnsArrowWithObject', returnsArrowWithObject()());
show('arrowAsDefault', arrowAsDefault());
show('labeledLoop', labeledLoop());
show('exprStatementAsi', exprStatementAsi());
show('asiCallContinuation', asiCallContinuation());
for (const line of sloppyReport()) console.log('sloppy', line);
console.log('done');
