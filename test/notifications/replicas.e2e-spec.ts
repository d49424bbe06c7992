import { DataSource } from 'typeorm';
import { DeliveryWorker } from '../../src/notifications/delivery.worker.js';
import { NotificationsService } from '../../src/notifications/notifications.service.js';
import { DEFAULT_FAKE_API_KEY, SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { countByDeliveryId, waitForFinal } from './notifications-helpers.js';

const COUNT = 200;

describe('two replicas on one database', () => {
  let fake: SendGridFake;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    // A little latency and small batches, so both replicas are busy at the same time.
    fake = await SendGridFake.start({ latencyMs: 5 });
    const env = {
      SENDGRID_API_KEY: DEFAULT_FAKE_API_KEY,
      SENDGRID_BASE_URL: fake.baseUrl,
      MAIL_FROM_ADDRESS: 'notifications@catalog.example.com',
      OUTBOX_BATCH_SIZE: '20',
      OUTBOX_CONCURRENCY: '8',
      OUTBOX_POLL_MS: '50',
    };
    first = await startTestApp({ env });
    second = await startTestApp({ env, databaseUrl: first.databaseUrl });
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await fake?.close();
  });

  it(`share ${COUNT} notifications and send each exactly once`, async () => {
    const recipients = Array.from({ length: COUNT }, (_, i) => ({
      userId: null,
      email: `reader${i}@example.com`,
    }));
    // Written through each replica in turn, so both are woken by their own commits.
    const ids: string[] = [];
    for (const [index, app] of [first, second, first, second].entries()) {
      const slice = recipients.slice((index * COUNT) / 4, ((index + 1) * COUNT) / 4);
      const rows = await app.app.get(DataSource).transaction((manager) =>
        app.app.get(NotificationsService).enqueue(manager, {
          type: 'system_health',
          recipients: slice,
          payload: { status: 'degraded', summary: `Batch ${index}` },
        }),
      );
      ids.push(...rows.map((row) => row.id));
    }
    expect(new Set(ids).size).toBe(COUNT);

    const rows = await waitForFinal(first, ids, 30_000);
    expect(rows.filter((row) => row.status === 'SENT')).toHaveLength(COUNT);
    expect(rows.every((row) => row.attempts === 1)).toBe(true);

    const counts = countByDeliveryId(fake.requests());
    expect(counts.size).toBe(COUNT);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    expect([...counts.keys()].sort()).toEqual([...ids].sort());

    const sentBy = [first, second].map((app) => app.app.get(DeliveryWorker).stats.sent);
    expect(sentBy[0] + sentBy[1]).toBe(COUNT);
    // Both replicas did part of the work.
    expect(sentBy[0]).toBeGreaterThan(0);
    expect(sentBy[1]).toBeGreaterThan(0);
  });
});
