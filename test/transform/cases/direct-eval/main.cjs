// Direct eval sees the caller's scope and defines vars in it (sloppy mode).
function seesLocals(a) {
  const b = 2;
  return eval('a + b');
}
function definesVar() {
  eval('var defined = 5');
  return defined;
}
function definesFunction() {
  eval('function fromEval() { return "fromEval"; }');
  return fromEval();
}
function strictEvalKeepsVars() {
  'use strict';
  eval('var kept = 1');
  return typeof kept;
}
function seesThis() {
  return eval('this');
}
function seesArguments() {
  return eval('arguments.length');
}
function seesNewTarget() {
  return eval('new.target') === seesNewTarget;
}
function shadowsParam(a) {
  eval('var a = "from eval"');
  return a;
}
function seesBlockLet() {
  {
    let blockLet = 'block';
    return eval('blockLet');
  }
}
function indirect() {
  const local = 'local';
  return (0, eval)('typeof local');
}
const arrowSeesThis = function () {
  return (() => eval('this.tag'))();
};
function assignsOuter() {
  eval('outerVar = "changed by eval"');
}
var outerVar = 'original';
function evalReturnsFunction(x) {
  return eval('(function (y) { return x + y; })');
}
function deletesEvalVar() {
  eval('var deletable = 1');
  const before = typeof deletable;
  eval('delete deletable');
  return [before, typeof deletable];
}
function nestedFunctionEval() {
  const secret = 's';
  function inner() {
    return eval('secret');
  }
  return inner();
}
console.log('seesLocals', seesLocals(1));
console.log('definesVar', definesVar());
console.log('definesFunction', definesFunction());
console.log('strictEvalKeepsVars', strictEvalKeepsVars());
console.log('seesThis', seesThis.call({ t: 1 }).t);
console.log('seesArguments', seesArguments(1, 2, 3));
console.log('seesNewTarget', seesNewTarget(), new seesNewTarget() instanceof seesNewTarget);
console.log('shadowsParam', shadowsParam('param'));
console.log('seesBlockLet', seesBlockLet());
console.log('indirect', indirect());
console.log('arrowSeesThis', arrowSeesThis.call({ tag: 'tagged' }));
assignsOuter();
console.log('assignsOuter', outerVar);
console.log('evalReturnsFunction', evalReturnsFunction(1)(2));
console.log('deletesEvalVar', deletesEvalVar());
console.log('nestedFunctionEval', nestedFunctionEval());
console.log('eval at top level defines', eval('var topLevel = "top"; topLevel'), typeof topLevel);
console.log('done');
