import { DataSource } from 'typeorm';
import { NotificationsService } from '../../src/notifications/notifications.service.js';
import type { OnceRequest, OnceResult } from '../../src/notifications/notifications.service.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

const payload = { reasonCode: 'EMPTY_REPLY', explanation: 'Nothing was written.' };

describe('enqueueOnce: at most once per key and N per address per hour, under concurrency', () => {
  let t: TestApp;
  let notifications: NotificationsService;
  let dataSource: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    notifications = t.app.get(NotificationsService);
    dataSource = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
  });

  const once = (email: string, key: string, max = 3): Promise<OnceResult> => {
    const request: OnceRequest = {
      type: 'reply_rejected',
      recipient: { userId: null, email },
      payload,
      idempotencyKey: key,
      maxPerRecipientPerHour: max,
    };
    return dataSource.transaction((manager) => notifications.enqueueOnce(manager, request));
  };
  const rowsTo = (email: string) =>
    dataSource.query<Array<{ idempotency_key: string }>>(
      `SELECT idempotency_key FROM email_deliveries WHERE lower(recipient_email) = lower($1)`,
      [email],
    );

  it('writes one row for one key, however many callers race', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => once('racer@example.test', 'reply_rejected:race-1')),
    );
    expect(results.filter((result) => result.kind === 'enqueued')).toHaveLength(1);
    expect(results.filter((result) => result.kind === 'already_enqueued')).toHaveLength(5);
    expect(await rowsTo('racer@example.test')).toHaveLength(1);
  });

  it('holds the hourly limit across racing callers, whatever the address case', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        once(i % 2 ? 'Busy@Example.test' : 'busy@example.test', `reply_rejected:busy-${i}`, 3),
      ),
    );
    expect(results.filter((result) => result.kind === 'enqueued')).toHaveLength(3);
    expect(results.filter((result) => result.kind === 'rate_limited')).toHaveLength(5);
    expect(await rowsTo('busy@example.test')).toHaveLength(3);
  });
});
