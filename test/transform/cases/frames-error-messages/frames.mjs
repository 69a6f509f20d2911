// The file:line:col of the stack's top frames in this folder's files, relative
// to it and without the file:// scheme: source-mapped frames print a path where
// plain ones print a URL, and name some frames differently (error-stack-format
// compares the raw text); here only the positions are compared.
const dir = new URL('.', import.meta.url);
export function frames(e) {
  return String(e.stack)
    .split('\n')
    .filter((line) => line.startsWith('    at '))
    .map((line) => /\(([^()]*)\)$/.exec(line)?.[1] ?? line.slice('    at '.length).replace(/^async /, ''))
    .filter((location) => location.startsWith(dir.href) || location.startsWith(decodeURIComponent(dir.pathname)))
    .slice(0, 4)
    .map((location) => location.replace(dir.href, '').replace(decodeURIComponent(dir.pathname), ''))
    .join(' ; ');
}
