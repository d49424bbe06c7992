import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DeliveryWorker, LEASE_MS } from '../../src/notifications/delivery.worker.js';
import { startChildApp } from '../support/child-app.js';
import { eventually } from '../support/eventually.js';
import type { ChildApp } from '../support/child-app.js';
import { DEFAULT_FAKE_API_KEY, SendGridFake } from '../support/sendgrid-fake.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-database.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { countByDeliveryId, PUBLISH_EVENT, waitForFinal } from './notifications-helpers.js';
import type { PublishedEvent } from './notifications-helpers.js';

const COUNT = 100;
const CONCURRENCY = 8;

/**
 * `kill -9` of the service in the middle of a batch, then a restart: nothing may be lost.
 *
 * What "none twice" can honestly mean here: an email is marked SENT only after SendGrid answered,
 * so a send that was on the wire when the process died (SendGrid may have accepted it; we never
 * heard) is sent again by the next process. No outbox can avoid that without SendGrid offering
 * idempotency keys (it does not). The worker bounds it: a concurrency slot is released only after
 * the outcome is recorded, so at most `OUTBOX_CONCURRENCY` emails are ever "sent but not yet
 * recorded". The test asserts exactly that: every email sent at least once, repeats only for
 * emails the dead process had already handed to SendGrid, and no more of them than the concurrency.
 */
describe('kill -9 with emails pending', () => {
  let fake: SendGridFake;
  let databaseUrl: string;
  let child: ChildApp | undefined;
  let restarted: TestApp | undefined;

  beforeAll(async () => {
    fake = await SendGridFake.start({ latencyMs: 250 });
    databaseUrl = await createTestDatabase();
  });

  afterAll(async () => {
    await child?.kill('SIGKILL');
    await restarted?.close();
    await fake?.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('sends every email after a restart, repeating only those in flight at the kill', async () => {
    const env = {
      SENDGRID_API_KEY: DEFAULT_FAKE_API_KEY,
      SENDGRID_BASE_URL: fake.baseUrl,
      MAIL_FROM_ADDRESS: 'notifications@catalog.example.com',
      OUTBOX_CONCURRENCY: String(CONCURRENCY),
    };
    child = await startChildApp({ databaseUrl, env });

    const serviceToken = await createServiceToken(child);
    const recipientIds = await createUsers(child, COUNT);
    const published = await child.gql<PublishedEvent>(
      PUBLISH_EVENT,
      {
        input: {
          type: 'scheduled_query_succeeded',
          payload: { queryId: 'q-1', queryName: 'Daily revenue' },
          recipientIds,
        },
      },
      serviceToken,
    );
    expect(published.errors).toBeUndefined();
    const ids = published.data!.publishEvent.deliveryIds;
    expect(ids).toHaveLength(COUNT);

    // Mid-batch: some emails out, several on the wire (the fake answers after 250 ms), most waiting.
    await eventually(() => fake.requests().length >= 20, { timeoutMs: 20_000, intervalMs: 10 });
    await child.kill('SIGKILL');
    const handedOverBeforeKill = countByDeliveryId(fake.requests());
    expect(handedOverBeforeKill.size).toBeLessThan(COUNT);

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const { rows: states } = await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM email_deliveries GROUP BY status`,
    );
    await db.end();
    // The dead process still holds claimed rows: the restart has to take them over.
    expect(states.find((state) => state.status === 'SENDING')?.n ?? 0).toBeGreaterThan(0);

    restarted = await startTestApp({ databaseUrl, env });
    const rows = await waitForFinal(restarted, ids, LEASE_MS + 30_000);
    expect(rows.filter((row) => row.status === 'SENT')).toHaveLength(COUNT);
    expect(restarted.app.get(DeliveryWorker).stats.sent).toBeGreaterThan(0);

    const accepted = countByDeliveryId(fake.sent());
    // None lost: SendGrid accepted every one of them.
    expect([...accepted.keys()].sort()).toEqual([...ids].sort());
    // Repeats only for emails the killed process had already sent, and at most `concurrency`.
    const repeated = [...accepted].filter(([, count]) => count > 1).map(([id]) => id);
    expect(repeated.length).toBeLessThanOrEqual(CONCURRENCY);
    for (const id of repeated) {
      expect(handedOverBeforeKill.has(id)).toBe(true);
      expect(accepted.get(id)).toBe(2);
    }
  }, 90_000);
});

async function createServiceToken(child: ChildApp): Promise<string> {
  const created = await child.gql<{ createUser: { id: string } }>(
    `mutation { createUser(input: { username: "exports_service", email: "exports@catalog.example.com", role: SERVICE }) { id } }`,
  );
  expect(created.errors).toBeUndefined();
  const token = await child.gql<{ createApiToken: { token: string } }>(
    `mutation T($userId: ID!) { createApiToken(userId: $userId, name: "test") { token } }`,
    { userId: created.data!.createUser.id },
  );
  expect(token.errors).toBeUndefined();
  return token.data!.createApiToken.token;
}

async function createUsers(child: ChildApp, count: number): Promise<string[]> {
  const ids: string[] = [];
  const suffix = randomBytes(3).toString('hex');
  // Batches of 15 aliased mutations: the most one operation may have (GRAPHQL_MAX_ALIASES).
  for (let start = 0; start < count; start += 15) {
    const fields = Array.from({ length: Math.min(15, count - start) }, (_, i) => {
      const name = `reader_${suffix}_${start + i}`;
      return `u${start + i}: createUser(input: { username: "${name}", email: "${name}@example.com" }) { id }`;
    });
    const { data, errors } = await child.gql<Record<string, { id: string }>>(
      `mutation { ${fields.join('\n')} }`,
    );
    expect(errors).toBeUndefined();
    ids.push(...Object.values(data!).map((user) => user.id));
  }
  return ids;
}
