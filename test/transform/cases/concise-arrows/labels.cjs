// Sloppy-mode only syntax around functions: labeled function declarations, and
// an arrow body that ASI splits from the next line.
const results = [];
labeled: function labeledDeclaration() {
  return 'labeled function declaration';
}
results.push(labeledDeclaration());
const id = (v) => v
const arrowThenParen = () => id
(5)
results.push(typeof arrowThenParen(), String(arrowThenParen()));
const arrowThenTemplate = () => String.raw
`raw${1}`
results.push(arrowThenTemplate());
var letParam = function (let) {
  return let;
};
results.push(letParam('let as a parameter name'));
var reservedInStrictOnly = (package, implements, interface, static) => [package, implements, interface, static].join('/');
results.push(reservedInStrictOnly('a', 'b', 'c', 'd'));
var yieldParam = function (yield) {
  return yield;
};
results.push(yieldParam('yield as a parameter name'));
var awaitParam = (await) => await;
results.push(awaitParam('await as a parameter name'));
exports.sloppyReport = () => results;
