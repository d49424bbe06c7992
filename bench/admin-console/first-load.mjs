// What a browser downloads on the first load of /admin (and, for comparison, of GraphiQL at
// /graphql): the scripts and stylesheets index.html names, plus every chunk those scripts import
// statically, read from the build in web/dist. Prints raw and gzip sizes; the target for /admin
// is under 300 KB of JavaScript gzipped. Run `npm run build` first.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../../web/dist/', import.meta.url);
const read = (path) => readFileSync(new URL(path.replace(/^\/admin\//, ''), dist));

function firstLoad(htmlFile) {
  const html = read(htmlFile).toString('utf8');
  const scripts = new Set();
  const styles = new Set();
  for (const [, tag, url] of html.matchAll(/<(script|link)\b[^>]*?(?:src|href)="([^"]+)"/g)) {
    if (url.endsWith('.js')) scripts.add(url);
    else if (tag === 'link' && url.endsWith('.css')) styles.add(url);
  }
  // Follow static imports (`import ... from "./chunk.js"`), which load before the page runs.
  const pending = [...scripts];
  while (pending.length) {
    const code = read(pending.pop()).toString('utf8');
    for (const [, chunk] of code.matchAll(
      /(?:^|[;}\s])import\s*(?:[^'"()]*?from\s*)?["'](\.\/[^"']+\.js)["']/g,
    )) {
      const url = `/admin/assets/${chunk.slice(2)}`;
      if (!scripts.has(url)) {
        scripts.add(url);
        pending.push(url);
      }
    }
  }
  const measure = (urls) =>
    [...urls].reduce(
      (sum, url) => {
        const bytes = read(url);
        return {
          raw: sum.raw + bytes.length,
          gzip: sum.gzip + gzipSync(bytes, { level: 9 }).length,
        };
      },
      { raw: 0, gzip: 0 },
    );
  return { scripts: [...scripts], js: measure(scripts), css: measure(styles) };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
for (const [page, file] of [
  ['/admin', 'index.html'],
  ['/graphql (GraphiQL)', 'graphiql.html'],
]) {
  const { scripts, js, css } = firstLoad(file);
  console.log(
    `${page}: JavaScript ${kb(js.gzip)} gzipped (${kb(js.raw)} raw) in ${scripts.length} files; CSS ${kb(css.gzip)} gzipped (${kb(css.raw)} raw)`,
  );
}
