import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { NotificationsService } from '../../src/notifications/notifications.service.js';
import { eventually } from '../support/eventually.js';
import { createUser } from '../support/factories.js';
import { DEFAULT_FAKE_API_KEY, SendGridFake } from '../support/sendgrid-fake.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-database.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { waitForFinal } from './notifications-helpers.js';

// SendGrid refuses a from address without a dot in the domain (the default notifications@localhost).
const FROM = 'notifications@catalog.example.com';

async function enqueueAssignments(t: TestApp, count: number): Promise<string[]> {
  const recipients = await Promise.all(Array.from({ length: count }, () => createUser(t)));
  const rows = await t.app.get(DataSource).transaction((manager) =>
    t.app.get(NotificationsService).enqueue(manager, {
      type: 'conversation_assignment',
      recipients: recipients.map(({ user }) => ({ userId: user.id, email: user.email })),
      payload: { actorName: 'Grace', conversationId: 'c-1', conversationTitle: 'Revenue' },
    }),
  );
  return rows.map((row) => row.id);
}

describe('delivery worker', () => {
  let fake: SendGridFake;

  beforeAll(async () => {
    fake = await SendGridFake.start();
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await fake.close();
  });

  it('sends as soon as the enqueuing transaction commits, without waiting for the poll', async () => {
    // The first poll comes a minute after boot, long after this test has its answer (the fake's
    // wait gives up after 15 s): only the wake-up after the commit can send in time.
    const t = await startTestApp({
      env: {
        SENDGRID_API_KEY: DEFAULT_FAKE_API_KEY,
        SENDGRID_BASE_URL: fake.baseUrl,
        MAIL_FROM_ADDRESS: FROM,
        OUTBOX_POLL_MS: '60000',
      },
    });
    try {
      const [id] = await enqueueAssignments(t, 1);
      await fake.waitForCount(1, 15_000);
      expect(fake.sent()[0].body?.custom_args?.delivery_id).toBe(id);
    } finally {
      await t.close();
    }
  });

  it('without a SendGrid key, writes each email as an .eml file and records it SENT by "local"', async () => {
    const t = await startTestApp({
      env: { MAIL_FROM_ADDRESS: FROM },
    });
    try {
      const [id] = await enqueueAssignments(t, 1);
      const [row] = await waitForFinal(t, [id]);
      expect(row).toMatchObject({
        status: 'SENT',
        transport: 'local',
        provider_message_id: `local-${id}`,
      });
      const day = (row.sent_at as Date).toISOString().slice(0, 10);
      const file = join(t.dataDir, 'outbox', day, `${id}.eml`);
      expect(existsSync(file)).toBe(true);
      const eml = readFileSync(file, 'utf8');
      expect(eml).toContain('Subject: Grace assigned you to this Conversation');
      expect(eml).toContain(`Message-ID: <${id}@catalog.example.com>`);
      expect(eml).toContain('Auto-Submitted: auto-generated');
      expect(fake.requests()).toHaveLength(0);
    } finally {
      await t.close();
    }
  });

  it('on shutdown, stops claiming, finishes the sends in flight and records them', async () => {
    const databaseUrl = await createTestDatabase();
    const t = await startTestApp({
      databaseUrl,
      env: {
        SENDGRID_API_KEY: DEFAULT_FAKE_API_KEY,
        SENDGRID_BASE_URL: fake.baseUrl,
        MAIL_FROM_ADDRESS: FROM,
        OUTBOX_CONCURRENCY: '4',
      },
    });
    const db = new pg.Client({ connectionString: databaseUrl });
    let closed = false;
    try {
      fake.setLatency(700);
      const ids = await enqueueAssignments(t, 10);
      // Four sends are in flight at the fake (and six rows wait in the worker's queue)...
      await eventually(() => fake.requests().length >= 4);
      expect(fake.requests()).toHaveLength(4);
      // ... when the application stops.
      await t.close();
      closed = true;

      await db.connect();
      const { rows } = await db.query<{
        status: string;
        attempts: number;
        locked_by: string | null;
      }>('SELECT status, attempts, locked_by FROM email_deliveries WHERE id = ANY($1::uuid[])', [
        ids,
      ]);
      const sent = rows.filter((row) => row.status === 'SENT');
      const pending = rows.filter((row) => row.status === 'PENDING');
      // The in-flight sends completed and were recorded before the database closed...
      expect(sent).toHaveLength(4);
      expect(fake.sent()).toHaveLength(4);
      // ... and the rest went back to PENDING for any replica, not counted as an attempt.
      expect(pending).toHaveLength(6);
      expect(pending.every((row) => row.attempts === 0 && row.locked_by === null)).toBe(true);
    } finally {
      if (!closed) await t.close().catch(() => undefined);
      await db.end().catch(() => undefined);
      await dropTestDatabase(databaseUrl);
    }
  });
});
