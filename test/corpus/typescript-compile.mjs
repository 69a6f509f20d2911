// Corpus driver: the TypeScript compiler compiles fixtures/ts-project through
// its API (config parsing, binding, type checking, emit of .js, .d.ts and
// source maps) and prints every emitted file and the formatted diagnostics.
// Output must not depend on where the checkout lives: every path is printed
// relative to the project.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const project = fileURLToPath(new URL('./fixtures/ts-project/', import.meta.url));
const relative = (file) => path.relative(project, file).split(path.sep).join('/');

const configFile = ts.readConfigFile(path.join(project, 'tsconfig.json'), ts.sys.readFile);
if (configFile.error) throw new Error(ts.flattenDiagnosticMessageText(configFile.error.messageText, '\n'));
const config = ts.parseJsonConfigFileContent(configFile.config, ts.sys, project);
const host = ts.createCompilerHost(config.options);
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host, configFileParsingDiagnostics: config.errors });

const emitted = [];
const emit = program.emit(undefined, (fileName, text) => emitted.push([relative(fileName), text]));
const diagnostics = ts.sortAndDeduplicateDiagnostics([...ts.getPreEmitDiagnostics(program), ...emit.diagnostics]);

console.log(`typescript ${ts.version}: ${config.fileNames.length} root files, ${program.getSourceFiles().length} source files`);
emitted.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
for (const [name, text] of emitted) {
  console.log(`==> ${name} (${text.length} chars)`);
  console.log(text);
}
const formatHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => project,
  getNewLine: () => '\n',
};
console.log(`==> diagnostics (${diagnostics.length})`);
console.log(ts.formatDiagnostics(diagnostics, formatHost));
console.log(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost));

const checker = program.getTypeChecker();
for (const file of config.fileNames) {
  const source = program.getSourceFile(file);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) continue;
  console.log(`==> exports of ${relative(file)}`);
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const isType = (symbol.flags & ts.SymbolFlags.Value) === 0;
    const type = isType ? checker.getDeclaredTypeOfSymbol(symbol) : checker.getTypeOfSymbolAtLocation(symbol, source);
    const text = checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation | (isType ? ts.TypeFormatFlags.InTypeAlias : 0));
    console.log(`${isType ? 'type ' : ''}${symbol.name}: ${text}`);
  }
}
process.exitCode = emit.emitSkipped ? 2 : diagnostics.length > 0 ? 1 : 0;
