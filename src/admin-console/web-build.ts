import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The browser build made by `vite build` (web/dist): the admin console and the GraphiQL page.
 * This file runs from src/ under jest and from dist/src/ in production, so the folder is found by
 * walking up to the repository root rather than by a fixed relative path.
 */
export interface WebBuild {
  /** web/dist/assets: hashed, immutable JavaScript, CSS and fonts. */
  assetsDir: string;
  /** The admin console's index.html, or undefined when the build is missing. */
  adminHtml: string | undefined;
  /** The GraphiQL page, or undefined when the build is missing. */
  graphiqlHtml: string | undefined;
}

export function locateWebBuild(start = dirname(fileURLToPath(import.meta.url))): WebBuild {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'web', 'dist');
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'web'))) {
      return {
        assetsDir: join(candidate, 'assets'),
        adminHtml: readIfPresent(join(candidate, 'index.html')),
        graphiqlHtml: readIfPresent(join(candidate, 'graphiql.html')),
      };
    }
    const parent = dirname(dir);
    if (parent === dir)
      return { assetsDir: join(start, 'missing'), adminHtml: undefined, graphiqlHtml: undefined };
    dir = parent;
  }
}

function readIfPresent(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
