import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { configureApp } from './configure-app.js';
import { loadConfig } from './config/app-config.js';
import { InvalidEnvironmentError } from './config/environment.js';
import { EmbeddedDatabaseError } from './database/embedded-database.error.js';
import { GracefulShutdown } from './graceful-shutdown.js';
import { JsonLogger } from './logging/json-logger.js';

async function bootstrap(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = new JsonLogger(config.logLevel);
  const shutdown = new GracefulShutdown(logger, config.shutdownGraceMs);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger,
    abortOnError: false,
  });
  configureApp(app);
  shutdown.attach(app);
  await app.listen(config.http.port);
  logger.log(
    `Replyline is listening on ${config.http.publicUrl} (GraphQL at /graphql)`,
    'Bootstrap',
  );
}

bootstrap().catch((error: unknown) => {
  // Configuration problems are the operator's to fix: say what is wrong, without a stack trace.
  if (error instanceof InvalidEnvironmentError || error instanceof EmbeddedDatabaseError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Replyline failed to start: ${describeStartupError(error)}\n`);
  }
  process.exit(1);
});

function describeStartupError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '28P01' || code === '3D000') {
    return `cannot connect to the database given by DATABASE_URL (${code}: ${(error as Error).message})`;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
