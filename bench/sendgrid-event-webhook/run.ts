// Benchmark: SendGrid Event Webhook posts of SendGrid's batch size, through the real service.
//
//   npm run build && npx tsc -p bench/sendgrid-event-webhook/tsconfig.json \
//     && node dist/bench/sendgrid-event-webhook/run.js
//
// Options (environment): BENCH_DELIVERIES (10000), BENCH_EVENTS_PER_POST (1000),
// BENCH_ADMIN_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres).
// Boots the compiled app in this process against a fresh database on the local Postgres, with a
// generated Signed Event Webhook key; inserts SENT deliveries; then posts every delivery's events
// (processed and delivered for all, a bounce for one in ten, a drop instead of delivery for one in
// twenty), shuffled across posts so verdicts arrive out of order, each post signed as SendGrid
// signs it. Measures each post's round trip and events per second, then posts everything again
// (SendGrid's retries: all duplicates), and checks the verdicts in the database.
import 'reflect-metadata';
import { generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
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
import { loadConfig } from '../../src/config/app-config.js';
import { configureApp } from '../../src/configure-app.js';
import { JsonLogger } from '../../src/logging/json-logger.js';

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 10_000);
const EVENTS_PER_POST = Number(process.env.BENCH_EVENTS_PER_POST ?? 1000);
const ADMIN_URL =
  process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PATH = '/webhooks/sendgrid/events';

interface PassResult {
  name: string;
  posts: number;
  events: number;
  totalMs: number;
  medianPostMs: number;
  p95PostMs: number;
  maxPostMs: number;
  eventsPerSecond: number;
  recorded: number;
  duplicates: number;
}

async function main(): Promise<void> {
  const databaseName = `bench_webhook_${randomBytes(4).toString('hex')}`;
  const databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${databaseName}`;
  await adminQuery(`CREATE DATABASE "${databaseName}"`);
  const dataDir = mkdtempSync(join(tmpdir(), 'replyline-bench-'));
  const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  let app: NestExpressApplication | undefined;
  try {
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: databaseUrl.toString(),
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'warn',
      SENDGRID_WEBHOOK_PUBLIC_KEY: keys.publicKey
        .export({ format: 'der', type: 'spki' })
        .toString('base64'),
    });
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
      logger: new JsonLogger('warn'),
    });
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}${PATH}`;
    const dataSource = app.get(DataSource);

    const ids = await insertSentDeliveries(dataSource, DELIVERIES);
    const events = shuffle(ids.flatMap((id, i) => eventsFor(id, i)));
    const posts: Buffer[] = [];
    for (let i = 0; i < events.length; i += EVENTS_PER_POST) {
      posts.push(Buffer.from(JSON.stringify(events.slice(i, i + EVENTS_PER_POST))));
    }
    const bytes = posts.reduce((sum, post) => sum + post.length, 0);
    console.log(
      `${DELIVERIES} deliveries, ${events.length} events in ${posts.length} posts ` +
        `(${Math.round(bytes / posts.length / 1024)} KB a post on average)`,
    );

    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 5);
    const first = await postAll('first delivery', url, posts, keys.privateKey);
    const again = await postAll('all again (retries)', url, posts, keys.privateKey);
    clearInterval(sampler);

    await check(dataSource, ids, first, again, events.length);
    console.table([first, again]);
    console.log(
      `RSS: before ${mb(rssBefore)} MB, peak ${mb(rssPeak)} MB, after ${mb(process.memoryUsage().rss)} MB`,
    );
  } finally {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    await adminQuery(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  }
}

/** SENT rows as the worker leaves them, written directly: the webhook is what is measured. */
async function insertSentDeliveries(dataSource: DataSource, count: number): Promise<string[]> {
  const rows = await dataSource.query<Array<{ id: string }>>(
    `INSERT INTO email_deliveries (type, recipient_email, subject, text_body, html_body, status,
       attempts, transport, provider_message_id, sent_at)
     SELECT 'table_updated', 'user' || n || '@example.com', 'Subject', 'text', '<p>html</p>',
       'SENT', 1, 'sendgrid', 'msg' || n, now()
     FROM generate_series(1, $1) AS n
     RETURNING id`,
    [count],
  );
  return rows.map((row) => row.id);
}

/** What SendGrid reports for delivery number `i`. */
function eventsFor(deliveryId: string, i: number): Array<Record<string, unknown>> {
  const at = Math.floor(Date.now() / 1000);
  const event = (name: string, offset: number, fields: Record<string, unknown> = {}) => ({
    email: `user${i}@example.com`,
    timestamp: at + offset,
    event: name,
    sg_event_id: randomUUID(),
    sg_message_id: `msg${i}.filterdrecv-1`,
    delivery_id: deliveryId,
    ...fields,
  });
  if (i % 20 === 0) {
    return [event('processed', 0), event('dropped', 1, { reason: 'Bounced Address' })];
  }
  const list = [event('processed', 0), event('delivered', 2, { response: '250 2.0.0 OK' })];
  if (i % 10 === 1) {
    list.push(
      event('bounce', 30, { type: 'bounce', status: '5.1.1', reason: '550 5.1.1 No such user' }),
    );
  }
  return list;
}

async function postAll(
  name: string,
  url: string,
  posts: Buffer[],
  privateKey: Parameters<typeof sign>[2],
): Promise<PassResult> {
  const times: number[] = [];
  let recorded = 0;
  let duplicates = 0;
  let events = 0;
  const started = performance.now();
  for (const body of posts) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign('sha256', Buffer.concat([Buffer.from(timestamp), body]), privateKey);
    const postStarted = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-twilio-email-event-webhook-signature': signature.toString('base64'),
        'x-twilio-email-event-webhook-timestamp': timestamp,
      },
      body,
    });
    const summary = (await response.json()) as {
      received: number;
      recorded: number;
      duplicates: number;
    };
    times.push(performance.now() - postStarted);
    if (response.status !== 200) throw new Error(`POST answered ${response.status}`);
    recorded += summary.recorded;
    duplicates += summary.duplicates;
    events += summary.received;
  }
  const totalMs = performance.now() - started;
  times.sort((a, b) => a - b);
  return {
    name,
    posts: posts.length,
    events,
    totalMs: Math.round(totalMs),
    medianPostMs: Math.round(times[Math.floor(times.length / 2)] ?? 0),
    p95PostMs: Math.round(times[Math.min(times.length - 1, Math.floor(times.length * 0.95))] ?? 0),
    maxPostMs: Math.round(times.at(-1) ?? 0),
    eventsPerSecond: Math.round(events / (totalMs / 1000)),
    recorded,
    duplicates,
  };
}

async function check(
  dataSource: DataSource,
  ids: string[],
  first: PassResult,
  again: PassResult,
  eventCount: number,
): Promise<void> {
  if (first.recorded !== eventCount || again.duplicates !== eventCount || again.recorded !== 0) {
    throw new Error(`Recorded ${first.recorded} then ${again.recorded} of ${eventCount} events`);
  }
  const counts = await dataSource.query<Array<{ provider_status: string; count: string }>>(
    `SELECT provider_status, count(*) FROM email_deliveries GROUP BY provider_status`,
  );
  const byStatus = Object.fromEntries(
    counts.map((row) => [row.provider_status, Number(row.count)]),
  );
  const dropped = ids.filter((_, i) => i % 20 === 0).length;
  const bounced = ids.filter((_, i) => i % 20 !== 0 && i % 10 === 1).length;
  const expected = {
    DROPPED: dropped,
    BOUNCED: bounced,
    DELIVERED: ids.length - dropped - bounced,
  };
  for (const [status, count] of Object.entries(expected)) {
    if (byStatus[status] !== count) {
      throw new Error(`Expected ${count} ${status}, found ${JSON.stringify(byStatus)}`);
    }
  }
  console.log(`Verdicts as expected: ${JSON.stringify(expected)}`);
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
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

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
