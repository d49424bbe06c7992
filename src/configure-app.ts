import type { NestExpressApplication } from '@nestjs/platform-express';
import { graphiqlSecurityHeaders, serveAdminConsole } from './admin-console/serve-admin-console.js';
import { locateWebBuild } from './admin-console/web-build.js';
import { BODY_LIMIT } from './common/http-error-response.js';
import { AppConfig } from './config/app-config.js';
import { requestContextMiddleware } from './logging/request-context.js';
import { keepEventWebhookBodyRaw } from './notifications/provider-events/event-webhook-body.js';

/** HTTP settings shared by the real server and the e2e tests, so tests exercise what runs. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  // Nothing to gain from announcing the framework.
  app.disable('x-powered-by');
  // Which proxies may name the client (req.ip), for the per-address limit on failed tokens.
  app.set('trust proxy', app.get(AppConfig).http.trustProxy);
  // First, so that every answer (a malformed body's too) carries a request id and every log line
  // written for the request names it.
  app.use(requestContextMiddleware);
  // Before the JSON parser: SendGrid's signature covers the body's exact bytes.
  keepEventWebhookBodyRaw(app);
  // GraphQL documents and inputs are small; a large body is a mistake or an attack.
  app.useBodyParser('json', { limit: BODY_LIMIT });
  // Signals are handled by GracefulShutdown (main.ts), which bounds the time a stop may take.
  serveAdminConsole(app, locateWebBuild());
  app.use('/graphql', graphiqlSecurityHeaders);
  return app;
}
