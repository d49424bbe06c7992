import { SchedulerRegistry } from '@nestjs/schedule';
import { MailboxSyncScheduler } from '../../src/mailbox-sync/mailbox-sync.scheduler.js';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { eventually } from '../support/eventually.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { nextOf, nextSyncTick } from '../support/next-signal.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { mentionEmailFrom, replyTo } from './support/reply-factory.js';
import type { MailClient } from './support/reply-factory.js';
import {
  appEnv,
  emailsTo,
  emailWithMessageId,
  enableBasicAuth,
  expectNoErrors,
  MAILBOX_PASSWORD,
  mention,
  postsOf,
  REPLY_TO,
  RUN_FIELDS,
  syncNow,
  syncOptions,
} from './support/sync-harness.js';
import type { RunShape } from './support/sync-harness.js';

const STATUS = `query { mailboxSyncStatus { enabled authMethod pollIntervalMinutes lastRunStartedAt lastRunFinishedAt
  lastSuccessAt lastError nextRunAt pendingEmails lastRun { ${RUN_FIELDS} } } }`;

interface StatusShape {
  enabled: boolean;
  authMethod: string | null;
  pollIntervalMinutes: number;
  lastRunStartedAt: string | null;
  lastRunFinishedAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  nextRunAt: string | null;
  pendingEmails: number;
  lastRun: RunShape | null;
}

describe('reply by email over IMAP (real Dovecot, real Postgres, SendGrid fake)', () => {
  let dovecot: DovecotServer;
  let sendgrid: SendGridFake;
  let t: TestApp;
  let author: UserWithToken;
  let recipient: UserWithToken;

  const status = async () => {
    const response = await t.gql<{ mailboxSyncStatus: StatusShape }>(STATUS);
    expectNoErrors(response);
    return response.data!.mailboxSyncStatus;
  };

  const changePassword = (password: string) => dovecot.addUser(REPLY_TO, password);

  beforeAll(async () => {
    [dovecot, sendgrid] = await Promise.all([startDovecot(), SendGridFake.start()]);
    await dovecot.addUser(REPLY_TO, MAILBOX_PASSWORD);
    t = await startTestApp({ env: appEnv(sendgrid), configure: syncOptions() });
    author = await createUser(t, { displayName: 'Ada Lovelace' });
    recipient = await createUser(t, { displayName: 'Grace Hopper' });
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([dovecot?.stop(), sendgrid?.close()]);
  });

  it('is off, with no next run, until reply by email is enabled', async () => {
    expect(await status()).toMatchObject({
      enabled: false,
      authMethod: null,
      nextRunAt: null,
      lastRun: null,
    });
    const response = await t.gql(`mutation { syncMailboxNow { id } }`);
    expect(response.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(response.errors?.[0]?.message).toMatch(/Reply by email is not enabled/);
  });

  it('is for Server Admins only', async () => {
    const asUser = await t.gql(
      `query { mailboxSyncStatus { enabled } }`,
      undefined,
      recipient.token,
    );
    expect(asUser.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const mutation = await t.gql(`mutation { syncMailboxNow { id } }`, undefined, recipient.token);
    expect(mutation.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  describe.each(['EMAIL_ADDRESS', 'MESSAGE_ID'] as const)('intent tracking mode %s', (mode) => {
    beforeAll(async () => {
      await enableBasicAuth(t, dovecot, mode);
    });

    it.each(['gmail', 'outlook', 'apple'] as MailClient[])(
      'posts only the text of a %s reply, as the mentioned user, and notifies its mentions',
      async (client) => {
        const { conversationId, mention: mentionEmail } = await mention(
          t,
          sendgrid,
          author,
          recipient,
        );
        // The token travels where the mode says: in the Reply-To's plus tag, or in the Message-ID.
        if (mode === 'EMAIL_ADDRESS')
          expect(mentionEmail.replyTo).toMatch(/^replies\+[a-z2-7]{26}@corp\.test$/);
        else {
          expect(mentionEmail.replyTo).toBe(REPLY_TO);
          expect(mentionEmail.messageId).toMatch(/^<[a-z2-7]{26}@corp\.test>$/);
        }
        expect(mentionEmail.text).toMatch(/Please type your reply above this line/);

        const text = `Thanks @${author.user.username}, the ${client} numbers look right.\nI will update the table today.`;
        const raw = replyTo(mentionEmail, client, { text });
        await dovecot.append(REPLY_TO, 'INBOX', raw);
        const authorEmailsBefore = sendgrid.sentTo(author.user.email).length;

        const run = await syncNow(t);
        expect(run).toMatchObject({
          trigger: 'MANUAL',
          authMethod: 'BASIC',
          succeeded: true,
          error: null,
        });
        expect(run).toMatchObject({ fetched: 1, posted: 1, rejected: 0, failed: 0 });

        const posts = await postsOf(t, conversationId);
        expect(posts).toHaveLength(2);
        expect(posts[1]).toMatchObject({
          body: text,
          source: 'EMAIL',
          author: { id: recipient.user.id },
        });

        const messageId = /^Message-ID: (.+)$/m.exec(raw)![1].trim();
        const email = await emailWithMessageId(t, messageId);
        expect(email).toMatchObject({
          status: 'POSTED',
          reasonCode: null,
          from: recipient.user.email.toLowerCase(),
          conversationId,
          postId: posts[1].id,
          userId: recipient.user.id,
          extractedText: text,
          attempts: 1,
        });
        expect(email.reason).toMatch(/^Posted as /);
        expect(email.removedText).toMatch(/revenue numbers/);
        expect(email.extractionRule).not.toBe('none');

        // Read in the mailbox, so it is never fetched again.
        const inbox = await dovecot.listFolder(REPLY_TO, 'INBOX');
        expect(inbox.find((message) => message.messageId === messageId)?.flags).toContain('\\Seen');
        // The @-mention in the reply notifies its author like any post.
        const toAuthor = await emailsTo(sendgrid, author.user.email, authorEmailsBefore + 1);
        expect(mentionEmailFrom(toAuthor[toAuthor.length - 1]).subject).toMatch(/mentioned you in/);

        // Nothing left: a second run finds nothing.
        expect(await syncNow(t)).toMatchObject({ fetched: 0, posted: 0, rejected: 0, failed: 0 });
      },
    );
  });

  it('shows the last run, the last success and the next run in the status', async () => {
    const before = Date.now();
    const run = await syncNow(t);
    const view = await status();
    expect(view).toMatchObject({
      enabled: true,
      authMethod: 'BASIC',
      pollIntervalMinutes: 3,
      lastRunStartedAt: run.startedAt,
      lastRunFinishedAt: run.finishedAt,
      lastSuccessAt: run.finishedAt,
      lastError: null,
      pendingEmails: 0,
      lastRun: run,
    });
    expect(Date.parse(view.nextRunAt!)).toBe(Date.parse(run.startedAt) + 3 * 60_000);
    expect(Date.parse(run.startedAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('runs on schedule once a poll interval has passed, and applies a new interval without restart', async () => {
    const scheduler = t.app.get(MailboxSyncScheduler);
    const last = Date.parse((await status()).lastRunStartedAt!);
    const at = (minutes: number) => new Date(last + minutes * 60_000);

    expect(await scheduler.tick(at(2.5))).toBeNull();
    const scheduled = await scheduler.tick(at(3));
    expect(scheduled?.lifecycle).toMatchObject({ trigger: 'SCHEDULED', succeeded: true });

    const changed = await t.gql(
      `mutation { setMailboxPollInterval(minutes: 10) { replyByEmail { pollIntervalMinutes } } }`,
    );
    expectNoErrors(changed);
    const since = scheduled!.lifecycle.startedAt.getTime();
    expect(await scheduler.tick(new Date(since + 3 * 60_000))).toBeNull();
    expect((await scheduler.tick(new Date(since + 10 * 60_000)))?.lifecycle).toMatchObject({
      trigger: 'SCHEDULED',
    });
    expect(Date.parse((await status()).nextRunAt!)).toBe(
      Date.parse((await status()).lastRunStartedAt!) + 10 * 60_000,
    );
  });

  it('fails a run clearly when the credentials changed, and recovers on the next run', async () => {
    const { conversationId, mention: mentionEmail } = await mention(t, sendgrid, author, recipient);
    await dovecot.append(
      REPLY_TO,
      'INBOX',
      replyTo(mentionEmail, 'gmail', { text: 'Checked, all good.' }),
    );
    await changePassword('a-new-password');

    const failed = await syncNow(t);
    expect(failed).toMatchObject({ succeeded: false, fetched: 0, posted: 0 });
    expect(failed.error).toMatch(
      /^Error connecting to IMAP server 127\.0\.0\.1:\d+: authentication failed/,
    );
    const view = await status();
    expect(view.lastError).toBe(failed.error);
    expect(Date.parse(view.lastSuccessAt!)).toBeLessThan(Date.parse(failed.startedAt));

    await changePassword(MAILBOX_PASSWORD);
    expect(await syncNow(t)).toMatchObject({ succeeded: true, fetched: 1, posted: 1 });
    expect((await postsOf(t, conversationId)).map((post) => post.body)).toContain(
      'Checked, all good.',
    );
    expect((await status()).lastError).toBeNull();
  });

  it('reads the mailbox on its own timer while enabled, and stops when disabled', async () => {
    const timed = await startTestApp({
      env: appEnv(sendgrid),
      configure: syncOptions({ tickMs: 100 }),
    });
    try {
      const runs = async () => {
        const response = await timed.gql<{ mailboxSyncStatus: StatusShape }>(STATUS);
        return response.data!.mailboxSyncStatus;
      };
      // Reply by email is off: the timer's ticks look, and start nothing.
      expect(await nextSyncTick(timed.app)).toMatchObject({ run: null });
      expect((await runs()).lastRun).toBeNull();

      const firstRun = nextOf(
        timed.app.get(MailboxSyncScheduler).ticks,
        'tick that starts a run',
        (tick) => tick.run !== null,
      );
      await enableBasicAuth(timed, dovecot, 'EMAIL_ADDRESS');
      const { run } = await firstRun;
      expect(run?.lifecycle).toMatchObject({ trigger: 'SCHEDULED', succeeded: true });
      expect((await runs()).lastRun).toMatchObject({ trigger: 'SCHEDULED', succeeded: true });

      // Due again ten minutes later, as far as the interval goes; but not once disabled. From
      // here the test ticks by hand: the timer is stopped, since a hand tick that meets one of
      // the timer's ticks in flight is skipped (null) by design.
      timed.app.get(SchedulerRegistry).deleteInterval('mailbox-sync');
      const scheduler = timed.app.get(MailboxSyncScheduler);
      const later = () => new Date(Date.now() + 10 * 60_000);
      expectNoErrors(
        await timed.gql(`mutation { disableReplyByEmail { replyByEmail { enabled } } }`),
      );
      expect(await scheduler.tick(later())).toBeNull();
      expect(await runs()).toMatchObject({ enabled: false, nextRunAt: null });
      await enableBasicAuth(timed, dovecot, 'EMAIL_ADDRESS');
      await eventually(async () => {
        expect((await scheduler.tick(later()))?.lifecycle).toMatchObject({ trigger: 'SCHEDULED' });
        return true;
      });
    } finally {
      await timed.close();
    }
  });
});
