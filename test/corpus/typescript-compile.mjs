// Corpus driver: the TypeScript compiler compiles fixtures/ts-project through
// its API (config parsing, binding, type checking, emit of .js, .d.ts and
// source maps) and prints every emitted file and the formatted diagnostics;
// then transpiles each file to ES5 and asks the language service what an
// editor would (quick info, completions, references, code fixes, outline,
// formatting).
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
// The same project for a modern runtime: another set of transformers and the declaration maps.
const modern = ts.createProgram({
  rootNames: config.fileNames,
  options: { ...config.options, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: false, declarationMap: true, removeComments: true },
  host,
  oldProgram: program,
});
const modernFiles = [];
modern.emit(undefined, (fileName, text) => modernFiles.push([relative(fileName), text]));
modernFiles.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
for (const [name, text] of modernFiles) {
  console.log(`==> ES2022 ${name} (${text.length} chars)`);
  console.log(text);
}

for (const file of config.fileNames.filter((f) => !f.endsWith('.d.ts'))) {
  const out = ts.transpileModule(ts.sys.readFile(file), {
    fileName: relative(file),
    compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.ESNext, downlevelIteration: true, experimentalDecorators: true, jsx: ts.JsxEmit.React, jsxFactory: 'h' },
    reportDiagnostics: true,
  });
  console.log(`==> ES5 ${relative(file)} (${out.diagnostics.length} diagnostics)`);
  console.log(out.outputText);
}

const service = ts.createLanguageService(
  {
    getCompilationSettings: () => config.options,
    getScriptFileNames: () => config.fileNames,
    getScriptVersion: () => '1',
    getScriptSnapshot: (file) => {
      const text = ts.sys.readFile(file);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => project,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  },
  ts.createDocumentRegistry(),
);
const text = (parts) => (parts ?? []).map((p) => p.text).join('');
const where = (file, pos) => {
  const { line, character } = service.getProgram().getSourceFile(file).getLineAndCharacterOfPosition(pos);
  return `${relative(file)}:${line + 1}:${character + 1}`;
};
const indexFile = path.join(project, 'src', 'index.ts');
const indexText = ts.sys.readFile(indexFile);
const after = (marker) => {
  const at = indexText.indexOf(marker);
  if (at === -1) throw new Error(`marker ${marker} not in src/index.ts`);
  return at + marker.length;
};

console.log('==> quick info on every identifier of src/index.ts');
const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, indexText);
for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
  if (token !== ts.SyntaxKind.Identifier) continue;
  const info = service.getQuickInfoAtPosition(indexFile, scanner.getTokenStart());
  if (info) console.log(`${where(indexFile, scanner.getTokenStart())} ${info.kind} ${text(info.displayParts)}`);
}
for (const marker of ['inv.', 'Geometry.', 'stack.', "bus.on('"]) {
  const completions = service.getCompletionsAtPosition(indexFile, after(marker), { includeCompletionsWithInsertText: true });
  console.log(`==> completions after ${marker} (${completions?.entries.length ?? 0})`);
  for (const entry of completions?.entries ?? []) console.log(`${entry.name} ${entry.kind} ${entry.kindModifiers} ${entry.sortText}`);
  const first = completions?.entries[0];
  if (first) {
    const details = service.getCompletionEntryDetails(indexFile, after(marker), first.name, undefined, undefined, undefined, undefined);
    console.log(`details ${text(details?.displayParts)} ${text(details?.documentation)}`);
  }
}
for (const marker of ['retry(', 'Matrix.from(', 'reduce(state, ']) {
  const help = service.getSignatureHelpItems(indexFile, after(marker), undefined);
  console.log(`==> signature help after ${marker}`);
  for (const item of help?.items ?? []) console.log(`${text(item.prefixDisplayParts)}${item.parameters.map((p) => text(p.displayParts)).join(', ')}${text(item.suffixDisplayParts)}`);
}
for (const marker of ['new Inventory', 'Evaluator.evaluate', 'camelCase(']) {
  const at = after(marker) - 2;
  console.log(`==> references at ${marker}`);
  for (const symbol of service.findReferences(indexFile, at) ?? []) {
    console.log(`definition ${symbol.definition.name} ${where(symbol.definition.fileName, symbol.definition.textSpan.start)}`);
    for (const ref of symbol.references) console.log(`  ${where(ref.fileName, ref.textSpan.start)}${ref.isDefinition ? ' (definition)' : ''}`);
  }
  for (const loc of service.findRenameLocations(indexFile, at, false, false, { providePrefixAndSuffixTextForRename: true }) ?? []) {
    console.log(`rename ${where(loc.fileName, loc.textSpan.start)}`);
  }
}
for (const file of config.fileNames) {
  for (const diagnostic of service.getSemanticDiagnostics(file)) {
    const fixes = service.getCodeFixesAtPosition(file, diagnostic.start, diagnostic.start + diagnostic.length, [diagnostic.code], {}, {});
    console.log(`==> code fixes for TS${diagnostic.code} at ${where(file, diagnostic.start)}`);
    for (const fix of fixes) {
      console.log(`${fix.fixName}: ${fix.description}`);
      for (const change of fix.changes) for (const edit of change.textChanges) console.log(`  ${where(change.fileName, edit.span.start)} +${edit.span.length} ${JSON.stringify(edit.newText)}`);
    }
  }
  for (const suggestion of service.getSuggestionDiagnostics(file)) {
    console.log(`suggestion ${where(file, suggestion.start)} TS${suggestion.code} ${ts.flattenDiagnosticMessageText(suggestion.messageText, ' ')}`);
  }
  const outline = (node, depth) => {
    console.log(`${'  '.repeat(depth)}${node.kind} ${node.text} ${node.kindModifiers}`);
    for (const child of node.childItems ?? []) outline(child, depth + 1);
  };
  console.log(`==> navigation tree of ${relative(file)}`);
  outline(service.getNavigationTree(file), 0);
  const edits = service.getFormattingEditsForDocument(file, ts.getDefaultFormatCodeSettings('\n'));
  console.log(`==> formatting edits for ${relative(file)} (${edits.length})`);
  for (const edit of edits) console.log(`${where(file, edit.span.start)} +${edit.span.length} ${JSON.stringify(edit.newText)}`);
  for (const span of service.getOutliningSpans(file)) console.log(`fold ${where(file, span.textSpan.start)} ${span.kind} ${JSON.stringify(span.bannerText)}`);
}
process.exitCode = emit.emitSkipped ? 2 : diagnostics.length > 0 ? 1 : 0;
