// Structured stack traces (Error.prepareStackTrace receiving CallSite objects,
// as depd, callsites and test frameworks use them) report positions in the
// code V8 runs. Lines are preserved by the transformer; columns must be too.
Error.prepareStackTrace = (error, callSites) => callSites;
function here() {
  const callSites = new Error().stack;
  return callSites.slice(0, 2).map((c) => `${c.getFunctionName()} ${c.getLineNumber()}:${c.getColumnNumber()}`).join(' ; ');
}
function sameLineAsGuard() { return new Error().stack[0].getColumnNumber() }
const concise = () => new Error().stack[0].getColumnNumber();
console.log('own line', here());
console.log('same line as the patch site', sameLineAsGuard());
console.log('concise arrow', concise());
console.log('done');
