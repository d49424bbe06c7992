import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { eventually } from '../support/eventually.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { rawEmail, replyTo } from '../mailbox-sync/support/reply-factory.js';
import {
  MAILBOX_PASSWORD,
  REPLY_TO,
  appEnv,
  enableBasicAuth,
  expectNoErrors,
  incomingEmails,
  mention,
  postsOf,
  syncNow,
} from '../mailbox-sync/support/sync-harness.js';
import {
  listenerOptions,
  listenerStatus,
  listenerUntil,
  syncStatus,
} from './support/listener-harness.js';

/** IDLE is renewed this often here, so that a test sees it happen (25 minutes by default). */
const IDLE_RENEW_MS = 400;
const METRICS_TOKEN = 'metrics-token-for-listener-tests-0123456789';

describe('mailbox listener over IMAP IDLE (real Dovecot, real Postgres)', () => {
  let dovecot: DovecotServer;
  let sendgrid: SendGridFake;
  let t: TestApp;
  let author: UserWithToken;
  let recipient: UserWithToken;

  /** A mention of `recipient` and its reply, appended to the Inbox; resolves with what to find. */
  const replyArrives = async (text: string) => {
    const { conversationId, mention: mentionEmail } = await mention(t, sendgrid, author, recipient);
    await dovecot.append(REPLY_TO, 'INBOX', replyTo(mentionEmail, 'gmail', { text }));
    return conversationId;
  };
  /** This replica's `replyline_mailbox_listener_connected` gauge, as Prometheus scrapes it. */
  const listenerGauge = async () => {
    const response = await t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    const line = /^replyline_mailbox_listener_connected (\S+)$/m.exec(response.text);
    return line ? Number(line[1]) : undefined;
  };
  const postedIn = (conversationId: string, text: string) =>
    eventually(
      async () => {
        const posts = await postsOf(t, conversationId);
        expect(posts.map((post) => [post.body, post.source])).toContainEqual([text, 'EMAIL']);
        return posts;
      },
      { intervalMs: 50 },
    );

  beforeAll(async () => {
    [dovecot, sendgrid] = await Promise.all([startDovecot(), SendGridFake.start()]);
    await dovecot.addUser(REPLY_TO, MAILBOX_PASSWORD);
    t = await startTestApp({
      env: appEnv(sendgrid, {
        MAILBOX_LISTENER: 'true',
        REPLICA_NAME: 'replica-a',
        LOG_LEVEL: 'debug',
        METRICS_TOKEN,
      }),
      configure: listenerOptions({ timings: { imapIdleRenewMs: IDLE_RENEW_MS } }),
    });
    author = await createUser(t, { displayName: 'Ada Lovelace' });
    recipient = await createUser(t, { displayName: 'Grace Hopper' });
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([dovecot?.stop(), sendgrid?.close()]);
  });

  it('polls only, but holds the listener, while reply by email is off', async () => {
    await listenerUntil(t, (listener) =>
      expect(listener).toMatchObject({ mode: 'POLL', connected: false, holder: 'replica-a' }),
    );
  });

  it('watches the Inbox with IDLE once reply by email is on, and says since when', async () => {
    const before = Date.now();
    await enableBasicAuth(t, dovecot, 'EMAIL_ADDRESS');
    const listener = await listenerUntil(t, (current) =>
      expect(current).toMatchObject({ mode: 'IDLE', connected: true, holder: 'replica-a' }),
    );
    expect(Date.parse(listener.connectedSince!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(listener.holderSeenAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(await listenerGauge()).toBe(1);
  });

  it('posts a reply as soon as it arrives, with no sync run at all', async () => {
    const text = 'Pushed by IDLE: the numbers are right.';
    const pushedAfter = Date.now();
    const conversationId = await replyArrives(text);
    await postedIn(conversationId, text);

    const status = await syncStatus(t);
    // The poll's timer is off and nobody ran syncMailboxNow: only the listener can have read it.
    expect(status.lastRun).toBeNull();
    expect(status.pendingEmails).toBe(0);
    expect(Date.parse(status.listener.lastPushAt!)).toBeGreaterThanOrEqual(pushedAfter - 1000);
    const posted = (await incomingEmails(t)).filter((email) => email.extractedText === text);
    expect(posted.map((email) => email.status)).toEqual(['POSTED']);
    const inbox = await dovecot.listFolder(REPLY_TO, 'INBOX');
    expect(inbox.every((message) => message.flags.includes('\\Seen'))).toBe(true);
  });

  it('takes in only new unread messages on EXISTS: one that arrives read is left alone', async () => {
    const storedBefore = (await incomingEmails(t)).length;
    await dovecot.append(REPLY_TO, 'INBOX', rawEmail({ subject: 'Read elsewhere' }), {
      seen: true,
    });
    const text = 'Only me, please.';
    const conversationId = await replyArrives(text);
    await postedIn(conversationId, text);
    expect((await incomingEmails(t)).map((email) => email.subject)).not.toContain('Read elsewhere');
    expect((await incomingEmails(t)).length).toBe(storedBefore + 1);
  });

  it('issues IDLE again before servers drop it, and still hears of new mail', async () => {
    const renewals = () => t.logs.filter((line) => line.includes('IDLE renewed')).length;
    const seen = renewals();
    await eventually(() => renewals() >= seen + 2, { intervalMs: 50 });
    const text = 'Still listening after renewing IDLE.';
    await postedIn(await replyArrives(text), text);
  });

  it('reconnects after Dovecot restarts, and says it was disconnected', async () => {
    const before = await listenerStatus(t);
    await dovecot.restart();
    const after = await listenerUntil(t, (listener) => {
      expect(listener).toMatchObject({ mode: 'IDLE', connected: true });
      expect(Date.parse(listener.connectedSince!)).toBeGreaterThan(
        Date.parse(before.connectedSince!),
      );
    });
    expect(after.lastError).toMatch(/IMAP server 127\.0\.0\.1:\d+/);
    expect(Date.parse(after.lastErrorAt!)).toBeGreaterThan(Date.parse(before.connectedSince!));
    const text = 'Arrived after the restart.';
    await postedIn(await replyArrives(text), text);
  });

  it('restarts with the new settings within moments of a change (a new password)', async () => {
    const before = await listenerStatus(t);
    const newPassword = 'imap-New-Pa55word';
    await dovecot.addUser(REPLY_TO, newPassword);
    await enableBasicAuth(t, dovecot, 'EMAIL_ADDRESS', { password: newPassword });
    await listenerUntil(t, (listener) => {
      expect(listener).toMatchObject({ mode: 'IDLE', connected: true });
      expect(Date.parse(listener.connectedSince!)).toBeGreaterThan(
        Date.parse(before.connectedSince!),
      );
    });
    const text = 'Read with the new password.';
    await postedIn(await replyArrives(text), text);
  });

  it('stops when reply by email is turned off, and catches up on what arrived when it is back on', async () => {
    const { conversationId, mention: mentionEmail } = await mention(t, sendgrid, author, recipient);
    const off = await t.gql(`mutation { disableReplyByEmail { replyByEmail { enabled } } }`);
    expectNoErrors(off);
    await listenerUntil(t, (listener) =>
      expect(listener).toMatchObject({ mode: 'POLL', connected: false }),
    );
    expect(await listenerGauge()).toBe(0);
    const text = 'Sent while nobody listened.';
    await dovecot.append(REPLY_TO, 'INBOX', replyTo(mentionEmail, 'outlook', { text }));

    await enableBasicAuth(t, dovecot, 'EMAIL_ADDRESS', { password: 'imap-New-Pa55word' });
    await postedIn(conversationId, text);
    expect((await syncStatus(t)).lastRun).toBeNull();
  });

  it('records marking a pushed reply read as the poll does, and a sweep then leaves it alone', async () => {
    const text = 'Pushed, marked read once.';
    await postedIn(await replyArrives(text), text);
    const stored = (await incomingEmails(t)).filter((email) => email.extractedText === text);
    expect(stored).toHaveLength(1);
    const [email] = stored;
    const markRead = async () => {
      const response = await t.gql<{
        incomingEmail: {
          markedReadAt: string | null;
          markReadAttempts: number;
          markReadError: string | null;
        };
      }>(
        `query($id: ID!) { incomingEmail(id: $id) { markedReadAt markReadAttempts markReadError } }`,
        { id: email.id },
      );
      expectNoErrors(response);
      return response.data!.incomingEmail;
    };
    expect(await markRead()).toMatchObject({ markReadAttempts: 1, markReadError: null });
    expect((await markRead()).markedReadAt).not.toBeNull();

    // A sweep finds nothing unread: the attempt is not repeated, nothing is stored twice.
    expect(await syncNow(t)).toMatchObject({ succeeded: true, fetched: 0 });
    expect(await markRead()).toMatchObject({ markReadAttempts: 1, markReadError: null });
  });
});
