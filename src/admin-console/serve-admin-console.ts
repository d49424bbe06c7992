import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import {
  ADMIN_CONSOLE_CSP,
  GRAPHIQL_CSP,
  PAGE_SECURITY_HEADERS,
} from './content-security-policy.js';
import type { WebBuild } from './web-build.js';

export const ADMIN_PATH = '/admin';
const ASSETS_PATH = `${ADMIN_PATH}/assets`;

const NOT_BUILT =
  'The admin console has not been built. Run "npm run build" (npm start and npm test do it).';

/**
 * Serves the admin console at /admin: hashed assets from web/dist/assets (cached for a year: their
 * names change with their content), and index.html for /admin and every path below it, so the
 * console's own routes (/admin/email-log, ...) survive a reload. Its data comes only from GraphQL,
 * with the signed-in admin's token; these files are public and hold no data.
 */
export function serveAdminConsole(app: NestExpressApplication, build: WebBuild): void {
  app.useStaticAssets(build.assetsDir, {
    prefix: ASSETS_PATH,
    index: false,
    immutable: true,
    maxAge: '365d',
    fallthrough: true,
    setHeaders: (response: Response) => {
      // Web workers take their policy from their own script's response.
      setSecurityHeaders(response, GRAPHIQL_CSP);
    },
  });
  app.use(ADMIN_PATH, (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    setSecurityHeaders(response, ADMIN_CONSOLE_CSP);
    // A missing asset is a 404, not the console's page: a stale tab would otherwise run HTML as JS.
    // Passed on to the service's own not-found answer (JSON, like every error it gives).
    if (request.originalUrl.startsWith(`${ASSETS_PATH}/`)) return next();
    if (!build.adminHtml) {
      response.status(503).type('text/plain').send(NOT_BUILT);
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.type('html').send(build.adminHtml);
  });
}

/**
 * The GraphQL playground page is rendered by Apollo (see graphiql-landing-page.ts); this gives the
 * HTML it answers to browsers at GET /graphql its policy.
 */
export function graphiqlSecurityHeaders(
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  if (request.method === 'GET') setSecurityHeaders(response, GRAPHIQL_CSP);
  next();
}

function setSecurityHeaders(response: Response, policy: string): void {
  response.setHeader('Content-Security-Policy', policy);
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS))
    response.setHeader(name, value);
}

export { NOT_BUILT };
