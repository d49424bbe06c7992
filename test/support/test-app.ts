import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { TestingModuleBuilder } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { loadConfig } from '../../src/config/app-config.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { configureApp } from '../../src/configure-app.js';
import { JsonLogger } from '../../src/logging/json-logger.js';
import { createTestDatabase, dropTestDatabase } from './test-database.js';
import { sharedTestCertificate } from './tls-cert.js';

export const TEST_ADMIN_TOKEN = 'rl_test_admin_token_0123456789abcdefghijklmnop';

export interface GqlResponse<T> {
  status: number;
  data: T | null | undefined;
  errors:
    | Array<{
        message: string;
        extensions?: { code?: string; fields?: Record<string, string[]>; [key: string]: unknown };
      }>
    | undefined;
  body: unknown;
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  databaseUrl: string;
  dataDir: string;
  adminToken: string;
  /** Every log line this app wrote, for assertions such as "no secret is ever logged". */
  logs: string[];
  /** Every GraphQL response body `gql` received, for assertions such as "no secret is returned". */
  responses: unknown[];
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GqlResponse<T>>;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment variables, as an operator would set them. */
  env?: Record<string, string>;
  /** Share a database with another instance (replica tests); it is then not dropped on close. */
  databaseUrl?: string;
  /** Swap adapters through Nest DI, e.g. `builder.overrideProvider(X).useValue(y)`. */
  configure?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

/** Boots the real application against a real Postgres database of its own. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownsDatabase = options.databaseUrl === undefined;
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const dataDir = mkdtempSync(join(tmpdir(), 'replyline-test-'));
  const config = loadConfig({
    // The test Dovecots' certificate, as an operator of a private mail server configures its CA:
    // IMAP over TLS and after STARTTLS verifies. `IMAP_CA_FILE: ''` in `env` turns it off.
    IMAP_CA_FILE: (await sharedTestCertificate()).certPath,
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    LOG_LEVEL: 'info',
    PUBLIC_URL: 'http://replyline.test',
    MAIL_FROM_ADDRESS: 'notifications@replyline.test',
    OUTBOX_POLL_MS: '100',
    // Most specs drive reads with syncMailboxNow and count what it fetched; the listener specs
    // turn it on (test/mailbox-listener).
    MAILBOX_LISTENER: 'false',
    ...options.env,
  });
  const logs: string[] = [];
  const responses: unknown[] = [];
  const logger = new JsonLogger(config.logLevel, (line) => logs.push(line));

  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] });
  if (options.configure) builder = options.configure(builder);
  const moduleRef = await builder.compile();
  const app = configureApp(moduleRef.createNestApplication<NestExpressApplication>({ logger }));
  await app.init();

  const http = () => request(app.getHttpServer());
  return {
    app,
    config,
    databaseUrl,
    dataDir,
    adminToken: TEST_ADMIN_TOKEN,
    logs,
    responses,
    http,
    async gql<T>(
      query: string,
      variables?: Record<string, unknown>,
      token: string | null = TEST_ADMIN_TOKEN,
    ) {
      let call = http().post('/graphql').set('Content-Type', 'application/json');
      if (token) call = call.set('Authorization', `Bearer ${token}`);
      const response = await call.send({ query, variables });
      responses.push(response.body);
      const body = response.body as { data?: T | null; errors?: GqlResponse<T>['errors'] };
      return { status: response.status, data: body.data, errors: body.errors, body: response.body };
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (ownsDatabase) await dropTestDatabase(databaseUrl);
    },
  };
}
