import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { createUser } from '../support/factories.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { replyTo } from '../mailbox-sync/support/reply-factory.js';
import {
  MAILBOX_PASSWORD,
  REPLY_TO,
  appEnv,
  enableBasicAuth,
  mention,
  postsOf,
  syncNow,
} from '../mailbox-sync/support/sync-harness.js';
import { listenerOptions, listenerUntil } from './support/listener-harness.js';

describe('mailbox listener and an IMAP server without IDLE', () => {
  let dovecot: DovecotServer;
  let sendgrid: SendGridFake;
  let t: TestApp;

  beforeAll(async () => {
    [dovecot, sendgrid] = await Promise.all([
      startDovecot({ withoutIdle: true }),
      SendGridFake.start(),
    ]);
    await dovecot.addUser(REPLY_TO, MAILBOX_PASSWORD);
    t = await startTestApp({
      env: appEnv(sendgrid, { MAILBOX_LISTENER: 'true' }),
      configure: listenerOptions(),
    });
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([dovecot?.stop(), sendgrid?.close()]);
  });

  it('falls back to the poll alone, says why, and the poll still posts replies', async () => {
    await enableBasicAuth(t, dovecot, 'MESSAGE_ID');
    const listener = await listenerUntil(t, (current) =>
      expect(current.lastError).toMatch(/does not support IDLE/),
    );
    expect(listener).toMatchObject({ mode: 'POLL', connected: false });
    expect(listener.lastError).toBe(
      `IMAP server ${dovecot.host}:${dovecot.plainPort} does not support IDLE (RFC 2177): new mail is found by the poll alone`,
    );

    const author = await createUser(t);
    const recipient = await createUser(t);
    const { conversationId, mention: mentionEmail } = await mention(t, sendgrid, author, recipient);
    const text = 'Found by the poll.';
    await dovecot.append(REPLY_TO, 'INBOX', replyTo(mentionEmail, 'apple', { text }));
    expect(await syncNow(t)).toMatchObject({ fetched: 1, posted: 1 });
    expect((await postsOf(t, conversationId)).map((post) => post.body)).toContain(text);
  });
});
