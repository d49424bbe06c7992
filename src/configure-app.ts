import type { NestExpressApplication } from '@nestjs/platform-express';

/** HTTP settings shared by the real server and the e2e tests, so tests exercise what runs. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  // GraphQL documents and inputs are small; a large body is a mistake or an attack.
  app.useBodyParser('json', { limit: '1mb' });
  // Signals are handled by GracefulShutdown (main.ts), which bounds the time a stop may take.
  return app;
}
