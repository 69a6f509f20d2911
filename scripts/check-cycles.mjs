// The cycle check: no import cycle among fentry's own modules (dpdm over src/).
import { parseDependencyTree, parseCircular, prettyCircular } from 'dpdm';

const tree = await parseDependencyTree(['src/**/*.ts'], { context: process.cwd(), transform: true, skipDynamicImports: false });
const cycles = parseCircular(tree);
if (cycles.length > 0) {
  console.error(`import cycles in src/:\n${prettyCircular(cycles)}`);
  process.exitCode = 1;
} else {
  console.log(`no import cycles among ${Object.keys(tree).length} modules`);
}
