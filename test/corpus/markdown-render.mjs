// Corpus driver: markdown-it renders real documents, every Markdown file
// shipped inside the installed packages (READMEs, changelogs, docs), in a
// fixed order, with the commonmark preset and with the default preset plus
// linkify and typographer, and prints the HTML.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import MarkdownIt from 'markdown-it';

const require = createRequire(import.meta.url);
// The node_modules folder markdown-it was installed into.
const modules = path.resolve(path.dirname(require.resolve('markdown-it/package.json')), '..');

function markdownFiles(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) markdownFiles(full, out);
    else if (entry.isFile() && /\.(md|markdown)$/i.test(entry.name)) out.push(full);
  }
  return out;
}

const files = markdownFiles(modules, [])
  .map((file) => path.relative(modules, file).split(path.sep).join('/'))
  .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

const engines = [
  ['commonmark', new MarkdownIt('commonmark')],
  ['default+linkify+typographer', new MarkdownIt({ html: true, linkify: true, typographer: true })],
];
let bytes = 0;
for (const file of files) {
  const source = fs.readFileSync(path.join(modules, file), 'utf8');
  bytes += source.length;
  for (const [name, md] of engines) {
    console.log(`==> ${file} [${name}]`);
    process.stdout.write(md.render(source));
  }
}
const [, md] = engines[1];
const tokens = md.parse(fs.readFileSync(path.join(modules, 'markdown-it', 'README.md'), 'utf8'), {});
console.log(`==> markdown-it/README.md tokens`);
for (const t of tokens) console.log(`${t.type} ${t.tag} ${t.nesting} ${t.level} ${JSON.stringify(t.map)} ${t.children?.length ?? '-'}`);
console.log(`==> ${files.length} files, ${bytes} chars`);
