// Benchmark: one event fanned out to 1,000 subscribers, through the real service.
//
//   npm run build && npx tsc -p bench/notifications-fanout/tsconfig.json \
//     && node --expose-gc dist/bench/notifications-fanout/fanout.js
//
// Options (environment): BENCH_SUBSCRIBERS (1000), BENCH_ROUNDS (3), FAKE_LATENCY_MS (0),
// BENCH_ADMIN_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres), and any OUTBOX_* variable.
// Boots the compiled app in this process against a fresh database on the local Postgres, with the
// SendGrid fake in a child process; creates the subscribers; then, per round, publishes one
// `subscription_event` through GraphQL with a SERVICE token and measures the time until all
// deliveries are recorded SENT, emails per second, and this process's peak RSS.
import 'reflect-metadata';
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { ApiTokensService } from '../../src/auth/api-tokens.service.js';
import { UserRole } from '../../src/auth/user-role.enum.js';
import { UsersService } from '../../src/auth/users.service.js';
import { loadConfig } from '../../src/config/app-config.js';
import { configureApp } from '../../src/configure-app.js';
import { JsonLogger } from '../../src/logging/json-logger.js';
import { DeliveryWorker } from '../../src/notifications/delivery.worker.js';
import { SubscriptionsService } from '../../src/notifications/subscriptions.service.js';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ADMIN_URL =
  process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TARGET_MS = 5_000;
const EVENT_TYPE = 'table_updated';

interface FakeMessage {
  kind: string;
  baseUrl?: string;
  accepted?: number;
  distinct?: number;
}

async function main(): Promise<void> {
  const databaseName = `bench_fanout_${randomBytes(4).toString('hex')}`;
  const databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${databaseName}`;
  await adminQuery(`CREATE DATABASE "${databaseName}"`);
  const dataDir = mkdtempSync(join(tmpdir(), 'replyline-bench-'));
  const fake = fork(new URL('./fake-server.js', import.meta.url), { stdio: 'inherit' });
  let app: NestExpressApplication | undefined;
  try {
    const { baseUrl } = await nextMessage(fake, 'ready');
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: databaseUrl.toString(),
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'warn',
      SENDGRID_API_KEY: 'SG.test-key',
      SENDGRID_BASE_URL: baseUrl,
      MAIL_FROM_ADDRESS: 'notifications@catalog.example.com',
    });
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
      logger: new JsonLogger('warn'),
    });
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;

    const setupStarted = performance.now();
    const token = await createSubscribers(app, SUBSCRIBERS);
    console.log(
      `Set up ${SUBSCRIBERS} subscribed users in ${Math.round(performance.now() - setupStarted)} ms ` +
        `(outbox: batch ${config.outbox.batchSize}, concurrency ${config.outbox.concurrency}, ` +
        `poll ${config.outbox.pollMs} ms; fake latency ${process.env.FAKE_LATENCY_MS ?? 0} ms)`,
    );

    const worker = app.get(DeliveryWorker);
    const results: RoundResult[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      global.gc?.();
      results.push(await runRound(round, port, token, worker, app.get(DataSource)));
      const counted = await ask(fake, { kind: 'count' });
      if (counted.distinct !== round * SUBSCRIBERS) {
        throw new Error(
          `The fake saw ${counted.distinct} distinct deliveries after round ${round}`,
        );
      }
    }
    report(results);
  } finally {
    await app?.close();
    fake.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
    await adminQuery(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  }
}

interface RoundResult {
  round: number;
  publishMs: number;
  allSentMs: number;
  emailsPerSecond: number;
  rssBeforeMb: number;
  peakRssMb: number;
  rssAfterMb: number;
}

async function runRound(
  round: number,
  port: number,
  token: string,
  worker: DeliveryWorker,
  dataSource: DataSource,
): Promise<RoundResult> {
  const sentBefore = worker.stats.sent;
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 5);

  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: `mutation P($input: PublishEventInput!) { publishEvent(input: $input) { recipientCount deliveryIds } }`,
      variables: {
        input: {
          type: 'subscription_event',
          payload: { eventType: EVENT_TYPE, title: `sales.orders was updated (round ${round})` },
          objectRef: 'table:42',
        },
      },
    }),
  });
  const body = (await response.json()) as {
    data?: { publishEvent: { recipientCount: number; deliveryIds: string[] } };
    errors?: unknown;
  };
  const publishMs = performance.now() - started;
  if (!body.data) throw new Error(`publishEvent failed: ${JSON.stringify(body.errors)}`);
  const { recipientCount, deliveryIds } = body.data.publishEvent;
  if (recipientCount !== SUBSCRIBERS) throw new Error(`${recipientCount} recipients`);

  // The worker counts an email only once its SENT outcome is written, so this is "recorded SENT".
  while (worker.stats.sent - sentBefore < SUBSCRIBERS) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const allSentMs = performance.now() - started;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const [{ sent }] = await dataSource.query<Array<{ sent: number }>>(
    `SELECT count(*)::int AS sent FROM email_deliveries WHERE status = 'SENT' AND id = ANY($1::uuid[])`,
    [deliveryIds],
  );
  if (sent !== SUBSCRIBERS) throw new Error(`Only ${sent} rows are SENT`);
  global.gc?.();
  return {
    round,
    publishMs: Math.round(publishMs),
    allSentMs: Math.round(allSentMs),
    emailsPerSecond: Math.round((SUBSCRIBERS / allSentMs) * 1000),
    rssBeforeMb: mb(rssBefore),
    peakRssMb: mb(peakRss),
    rssAfterMb: mb(process.memoryUsage().rss),
  };
}

async function createSubscribers(app: NestExpressApplication, count: number): Promise<string> {
  const users = app.get(UsersService);
  const subscriptions = app.get(SubscriptionsService);
  const service = await users.create({
    username: 'bench_exports',
    email: 'exports@catalog.example.com',
    role: UserRole.SERVICE,
  });
  const { token } = await app.get(ApiTokensService).create(service.id, 'bench');
  for (let start = 0; start < count; start += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - start) }, async (_, i) => {
        const user = await users.create({
          username: `reader_${start + i}`,
          email: `reader${start + i}@example.com`,
          displayName: `Reader ${start + i}`,
          role: UserRole.USER,
        });
        // Half follow every table, half this one: the fan-out query has both kinds to find.
        await subscriptions.subscribe(user.id, {
          eventType: EVENT_TYPE,
          objectRef: (start + i) % 2 === 0 ? null : 'table:42',
        });
      }),
    );
  }
  return token;
}

function report(results: RoundResult[]): void {
  console.table(results);
  const worst = Math.max(...results.map((result) => result.allSentMs));
  const verdict = worst <= TARGET_MS ? 'within' : 'OVER';
  console.log(
    `${SUBSCRIBERS} emails per round; slowest round ${worst} ms (${verdict} the ${TARGET_MS} ms target); ` +
      `peak RSS ${Math.max(...results.map((result) => result.peakRssMb))} MB`,
  );
  console.log(JSON.stringify({ subscribers: SUBSCRIBERS, results }));
}

function mb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function nextMessage(child: ChildProcess, kind: string): Promise<FakeMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FakeMessage) => {
      if (message.kind !== kind) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`The SendGrid fake exited (${code})`)));
  });
}

function ask(child: ChildProcess, message: { kind: string }): Promise<FakeMessage> {
  const answer = nextMessage(child, message.kind);
  child.send(message);
  return answer;
}

await main();
