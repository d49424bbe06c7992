// The build keeps the repository layout under dist/ (dist/src, dist/migrations) so that the
// top-level migrations/ folder compiles beside the code. These one-line shims give the documented
// entry points their short names: `node dist/main.js` and `node dist/cli.js`.
import { writeFileSync } from 'node:fs';

for (const name of ['main', 'cli']) {
  writeFileSync(new URL(`../dist/${name}.js`, import.meta.url), `import './src/${name}.js';\n`);
}
