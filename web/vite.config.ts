// Builds the admin console (index.html, served at /admin) and the offline GraphiQL page
// (graphiql.html, served at /graphql when GRAPHQL_PLAYGROUND is on) into web/dist. Both load only
// files from this build: no CDN, no fonts, no inline scripts, so a strict CSP can forbid the rest.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/admin/',
  // Vite 8 compiles JSX itself (oxc); the React plugin would only add fast refresh for `vite dev`.
  oxc: { jsx: { runtime: 'automatic' } },
  // `npm run web:dev`: the console with live reload on http://localhost:5173/admin/, talking to a
  // Replyline started with `npm start` on port 3000.
  // Only the console is pre-bundled for it: GraphiQL's worker imports (`?worker`) are for `build`.
  server: { proxy: { '/graphql': 'http://localhost:3000' } },
  optimizeDeps: { entries: ['index.html'] },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    // Only GraphiQL (Monaco) is large, and it never loads on /admin.
    chunkSizeWarningLimit: 4000,
    reportCompressedSize: false,
    rolldownOptions: {
      input: { admin: here('index.html'), graphiql: here('graphiql.html') },
      // GraphiQL's dependencies mark modules "use client" (for React Server Components); that
      // directive means nothing in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
