import type { NestExpressApplication } from '@nestjs/platform-express';
import { graphiqlSecurityHeaders, serveAdminConsole } from './admin-console/serve-admin-console.js';
import { locateWebBuild } from './admin-console/web-build.js';

/** HTTP settings shared by the real server and the e2e tests, so tests exercise what runs. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  // GraphQL documents and inputs are small; a large body is a mistake or an attack.
  app.useBodyParser('json', { limit: '1mb' });
  // Signals are handled by GracefulShutdown (main.ts), which bounds the time a stop may take.
  serveAdminConsole(app, locateWebBuild());
  app.use('/graphql', graphiqlSecurityHeaders);
  return app;
}
