import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-database.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { replyTo } from '../mailbox-sync/support/reply-factory.js';
import {
  MAILBOX_PASSWORD,
  REPLY_TO,
  appEnv,
  enableBasicAuth,
  expectNoErrors,
  mention,
  postsOf,
} from '../mailbox-sync/support/sync-harness.js';
import { eventually } from '../support/eventually.js';
import { listenerOptions, listenerStatus, listenerUntil } from './support/listener-harness.js';

/**
 * Settings changed on one replica restart the listener on another: the replicas' periodic check
 * is set to an hour here, so only the settings module's Postgres NOTIFY can explain a restart
 * within the test's patience.
 */
describe('mailbox listener restarts on settings changes made on another replica', () => {
  let dovecot: DovecotServer;
  let sendgrid: SendGridFake;
  let databaseUrl: string;
  let holder: TestApp;
  let other: TestApp;
  let author: UserWithToken;
  let recipient: UserWithToken;

  const start = (name: string) =>
    startTestApp({
      databaseUrl,
      env: appEnv(sendgrid, { MAILBOX_LISTENER: 'true', REPLICA_NAME: name }),
      configure: listenerOptions({ checkMs: 60 * 60_000 }),
    });

  beforeAll(async () => {
    [dovecot, sendgrid] = await Promise.all([startDovecot(), SendGridFake.start()]);
    await dovecot.addUser(REPLY_TO, MAILBOX_PASSWORD);
    databaseUrl = await createTestDatabase();
    holder = await start('replica-a');
    // The first replica took the lock at boot; the second one will not look again for an hour.
    await listenerUntil(holder, (listener) =>
      expect(listener).toMatchObject({ mode: 'POLL', holder: 'replica-a' }),
    );
    other = await start('replica-b');
    author = await createUser(other);
    recipient = await createUser(other);
  });
  afterAll(async () => {
    await other?.close();
    await holder?.close();
    await dropTestDatabase(databaseUrl);
    await Promise.all([dovecot?.stop(), sendgrid?.close()]);
  });

  it('starts listening when reply by email is turned on elsewhere', async () => {
    await enableBasicAuth(other, dovecot, 'EMAIL_ADDRESS');
    await listenerUntil(other, (listener) =>
      expect(listener).toMatchObject({ mode: 'IDLE', connected: true, holder: 'replica-a' }),
    );
  });

  it('reconnects with a new password saved elsewhere, and reads with it', async () => {
    const before = await listenerStatus(other);
    const newPassword = 'imap-Other-Pa55word';
    await dovecot.addUser(REPLY_TO, newPassword);
    await enableBasicAuth(other, dovecot, 'EMAIL_ADDRESS', { password: newPassword });
    await listenerUntil(other, (listener) => {
      expect(listener).toMatchObject({ mode: 'IDLE', connected: true, holder: 'replica-a' });
      expect(Date.parse(listener.connectedSince!)).toBeGreaterThan(
        Date.parse(before.connectedSince!),
      );
    });
    const { conversationId, mention: mentionEmail } = await mention(
      other,
      sendgrid,
      author,
      recipient,
    );
    const text = 'Heard with the password saved on the other replica.';
    await dovecot.append(REPLY_TO, 'INBOX', replyTo(mentionEmail, 'gmail', { text }));
    await eventually(
      async () => {
        expect((await postsOf(other, conversationId)).map((post) => post.body)).toContain(text);
        return true;
      },
      { intervalMs: 50 },
    );
  });

  it('stops listening when reply by email is turned off elsewhere', async () => {
    const off = await other.gql(`mutation { disableReplyByEmail { replyByEmail { enabled } } }`);
    expectNoErrors(off);
    await listenerUntil(other, (listener) =>
      expect(listener).toMatchObject({ mode: 'POLL', connected: false, holder: 'replica-a' }),
    );
  });
});
