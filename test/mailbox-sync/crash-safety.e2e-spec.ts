import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReplyIntentsService } from '../../src/conversations/reply-intents.service.js';
import { AdvisoryLockService } from '../../src/database/advisory-lock.service.js';
import { MailboxProviders } from '../../src/mailbox/mailbox-providers.js';
import type { MailboxAccount, MailboxSession } from '../../src/mailbox/mailbox.types.js';
import { MailboxSyncScheduler } from '../../src/mailbox-sync/mailbox-sync.scheduler.js';
import type { MailboxSyncRun } from '../../src/mailbox-sync/entities/mailbox-sync-run.entity.js';
import { MailboxSyncService } from '../../src/mailbox-sync/mailbox-sync.service.js';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { eventually } from '../support/eventually.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-database.js';
import { replyTo } from './support/reply-factory.js';
import {
  appEnv,
  emailWithMessageId,
  enableBasicAuth,
  expectNoErrors,
  incomingEmails,
  MAILBOX_PASSWORD,
  mention,
  postsOf,
  REPLY_TO,
  RUN_FIELDS,
  syncNow,
  syncOptions,
} from './support/sync-harness.js';
import type { RunShape } from './support/sync-harness.js';

/** Stands in for a process that dies right after storing, before it marks anything read. */
let crash: (() => Promise<void>) | undefined;

@Injectable()
class CrashBeforeMarkReadProviders extends MailboxProviders {
  override withSession<T>(
    account: MailboxAccount,
    work: (session: MailboxSession) => Promise<T>,
  ): Promise<T> {
    return super.withSession(account, (session) =>
      work({
        authMethod: session.authMethod,
        inboxIdentity: session.inboxIdentity,
        uidValidity: session.uidValidity,
        listUnread: (options) => session.listUnread(options),
        fetchRaw: (refs) => session.fetchRaw(refs),
        markRead: async () => {
          await crash?.();
          throw new Error('simulated crash before marking read');
        },
        moveTo: (refs, folder) => session.moveTo(refs, folder),
        listFolder: (folder, options) => session.listFolder(folder, options),
        deleteMessages: (folder, refs) => session.deleteMessages(folder, refs),
        close: () => session.close(),
      }),
    );
  }
}

/** A database hiccup while resolving tokens, `failures` times. */
@Injectable()
class FlakyReplyIntents extends ReplyIntentsService {
  static failures = 0;

  override resolve(token: string, now?: Date): ReturnType<ReplyIntentsService['resolve']> {
    if (FlakyReplyIntents.failures > 0) {
      FlakyReplyIntents.failures--;
      return Promise.reject(new Error('Connection terminated unexpectedly (simulated)'));
    }
    return super.resolve(token, now);
  }
}

const SYNC = `mutation { syncMailboxNow { ${RUN_FIELDS} } }`;

describe('nothing lost, nothing posted twice (real Dovecot, two replicas on one Postgres)', () => {
  let dovecot: DovecotServer;
  let sendgrid: SendGridFake;
  let databaseUrl: string;
  let b: TestApp;
  let c: TestApp;
  let author: UserWithToken;
  let recipient: UserWithToken;

  const messageIdOf = (raw: string) => /^Message-ID: (.+)$/m.exec(raw)![1].trim();
  const emailPostsIn = async (conversationId: string) =>
    (await postsOf(b, conversationId)).filter((post) => post.source === 'EMAIL');

  beforeAll(async () => {
    [dovecot, sendgrid, databaseUrl] = await Promise.all([
      startDovecot(),
      SendGridFake.start(),
      createTestDatabase(),
    ]);
    await dovecot.addUser(REPLY_TO, MAILBOX_PASSWORD);
    b = await startTestApp({ env: appEnv(sendgrid), databaseUrl, configure: syncOptions() });
    c = await startTestApp({
      env: appEnv(sendgrid),
      databaseUrl,
      configure: (builder) =>
        syncOptions()(builder).overrideProvider(ReplyIntentsService).useClass(FlakyReplyIntents),
    });
    author = await createUser(b);
    recipient = await createUser(b);
    await enableBasicAuth(b, dovecot, 'MESSAGE_ID');
  });
  afterAll(async () => {
    await b?.close();
    await c?.close();
    await Promise.all([dovecot?.stop(), sendgrid?.close()]);
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('posts a message delivered twice (same Message-ID, two UIDs) once', async () => {
    const { conversationId, mention: m } = await mention(b, sendgrid, author, recipient);
    const raw = replyTo(m, 'gmail', { text: 'Delivered twice, posted once.' });
    await dovecot.append(REPLY_TO, 'INBOX', raw);
    await dovecot.append(REPLY_TO, 'INBOX', raw);

    expect(await syncNow(b)).toMatchObject({ fetched: 2, posted: 1, rejected: 1, failed: 0 });
    const rows = (await incomingEmails(b)).filter((row) => row.messageId === messageIdOf(raw));
    expect(rows.map((row) => `${row.status}/${row.reasonCode ?? ''}`).sort()).toEqual([
      'POSTED/',
      'REJECTED/DUPLICATE',
    ]);
    const posted = rows.find((row) => row.status === 'POSTED')!;
    expect(rows.find((row) => row.status === 'REJECTED')!.reason).toBe(
      `An email with the same Message-ID ${messageIdOf(raw)} was already posted (incoming email ${posted.id}).`,
    );

    // And again later, e.g. after the server reset UIDVALIDITY and it was listed anew.
    await dovecot.append(REPLY_TO, 'INBOX', raw);
    expect(await syncNow(b)).toMatchObject({ fetched: 1, posted: 0, rejected: 1 });
    expect(await emailPostsIn(conversationId)).toHaveLength(1);
  });

  it('loses nothing and posts once after a crash between storing and marking read', async () => {
    const crashing = await startTestApp({
      env: appEnv(sendgrid),
      databaseUrl,
      configure: (builder) =>
        syncOptions()(builder)
          .overrideProvider(MailboxProviders)
          .useClass(CrashBeforeMarkReadProviders),
    });
    let closing: Promise<void> | undefined;
    let crashed: MailboxSyncRun;
    let conversationId: string;
    let raw: string;
    try {
      const mentioned = await mention(b, sendgrid, author, recipient);
      conversationId = mentioned.conversationId;
      raw = replyTo(mentioned.mention, 'outlook', { text: 'Survived the crash.' });
      await dovecot.append(REPLY_TO, 'INBOX', raw);

      crash = async () => {
        // The process goes down mid-run: it finishes nothing after this point.
        closing = crashing.close();
        const service = crashing.app.get(MailboxSyncService);
        await eventually(() => service.isStopping, { intervalMs: 5 });
      };
      crashed = await crashing.app.get(MailboxSyncService).syncNow();
    } finally {
      crash = undefined;
      await (closing ?? crashing.close());
    }
    expect(crashed).toMatchObject({ lifecycle: { succeeded: false }, fetched: 1, posted: 0 });
    expect(crashed.lifecycle.error).toMatch(
      /could not mark them read: simulated crash before marking read/,
    );

    // Stored, unprocessed, and still unread on the server.
    const stored = await emailWithMessageId(b, messageIdOf(raw));
    expect(stored).toMatchObject({ status: 'RECEIVED', attempts: 0, postId: null });
    const unread = (await dovecot.listFolder(REPLY_TO, 'INBOX')).find(
      (message) => message.messageId === messageIdOf(raw),
    )!;
    expect(unread.flags).not.toContain('\\Seen');

    // Another replica's next run recognises it, marks it read and processes it once.
    expect(await syncNow(b)).toMatchObject({ succeeded: true, fetched: 0, posted: 1 });
    expect(await syncNow(b)).toMatchObject({ fetched: 0, posted: 0 });
    expect((await emailPostsIn(conversationId)).map((post) => post.body)).toEqual([
      'Survived the crash.',
    ]);
    const read = (await dovecot.listFolder(REPLY_TO, 'INBOX')).find(
      (message) => message.messageId === messageIdOf(raw),
    )!;
    expect(read.flags).toContain('\\Seen');
  });

  it('lets only one of two replicas run at a time, and says so clearly', async () => {
    const mentions = [];
    for (let index = 0; index < 3; index++)
      mentions.push(await mention(b, sendgrid, author, recipient));
    for (const [index, { mention: m }] of mentions.entries()) {
      await dovecot.append(
        REPLY_TO,
        'INBOX',
        replyTo(m, 'apple', { text: `Parallel reply ${index}` }),
      );
    }

    const [fromB, fromC] = await Promise.all([
      b.gql<{ syncMailboxNow: RunShape }>(SYNC),
      c.gql<{ syncMailboxNow: RunShape }>(SYNC),
    ]);
    const runs = [fromB, fromC].flatMap((response) =>
      response.data ? [response.data.syncMailboxNow] : [],
    );
    for (const refused of [fromB, fromC].filter((response) => response.errors)) {
      expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(refused.errors?.[0]?.message).toMatch(/^A mailbox sync is already running/);
    }
    expect(runs.reduce((sum, run) => sum + run.posted, 0)).toBe(3);
    for (const { conversationId } of mentions)
      expect(await emailPostsIn(conversationId)).toHaveLength(1);

    // Deterministically: while one replica holds the lock, the other refuses.
    await b.app.get(AdvisoryLockService).withLock('mailbox-sync', async () => {
      const refused = await c.gql(SYNC);
      expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(refused.errors?.[0]?.message).toMatch(/on this or another replica/);
      expect(
        await c.app.get(MailboxSyncScheduler).tick(new Date(Date.now() + 3_600_000)),
      ).toBeNull();
    });

    // Two schedulers due at the same moment: one run.
    const due = new Date(Date.now() + 3_600_000);
    const ticks = await Promise.all([
      b.app.get(MailboxSyncScheduler).tick(due),
      c.app.get(MailboxSyncScheduler).tick(due),
    ]);
    expect(ticks.filter((run) => run !== null)).toHaveLength(1);
  });

  it('retries a FAILED email with backoff, and two replicas reprocessing it at once post it once', async () => {
    const { conversationId, mention: m } = await mention(b, sendgrid, author, recipient);
    const raw = replyTo(m, 'gmail', { text: 'Posted after a hiccup.' });
    await dovecot.append(REPLY_TO, 'INBOX', raw);

    FlakyReplyIntents.failures = 1;
    expect(await syncNow(c)).toMatchObject({ succeeded: true, fetched: 1, posted: 0, failed: 1 });
    const failed = await emailWithMessageId(b, messageIdOf(raw));
    expect(failed).toMatchObject({
      status: 'FAILED',
      attempts: 1,
      lastError: 'Connection terminated unexpectedly (simulated)',
    });
    expect(failed.reason).toMatch(
      /^Processing failed on attempt 1 of 5: Connection terminated unexpectedly \(simulated\)\. Retrying after /,
    );
    const retryIn = Date.parse(failed.nextAttemptAt!) - Date.now();
    expect(retryIn).toBeGreaterThan(30_000);
    expect(retryIn).toBeLessThanOrEqual(60_000);

    // Not due yet: a run leaves it alone.
    expect(await syncNow(b)).toMatchObject({ posted: 0, failed: 0 });

    const reprocess = `mutation($id: ID!) { reprocessIncomingEmail(id: $id) { status postId } }`;
    const results = await Promise.all([
      b.gql(reprocess, { id: failed.id }),
      c.gql(reprocess, { id: failed.id }),
    ]);
    for (const result of results) expectNoErrors(result);
    expect(
      results.map(
        (result) =>
          (result.data as { reprocessIncomingEmail: { status: string } }).reprocessIncomingEmail
            .status,
      ),
    ).toEqual(['POSTED', 'POSTED']);
    expect((await emailPostsIn(conversationId)).map((post) => post.body)).toEqual([
      'Posted after a hiccup.',
    ]);
  });

  it('keeps processing stored emails when the mail server is down, and reports the run failed', async () => {
    const { conversationId, mention: m } = await mention(b, sendgrid, author, recipient);
    const raw = replyTo(m, 'outlook', { text: 'Stored before the outage.' });
    await dovecot.append(REPLY_TO, 'INBOX', raw);
    FlakyReplyIntents.failures = 1;
    expect(await syncNow(c)).toMatchObject({ fetched: 1, failed: 1 });
    // Its retry is due (as if the backoff had passed).
    await b.app
      .get(DataSource)
      .query(
        `UPDATE incoming_emails SET next_attempt_at = now() - interval '1 second' WHERE message_id = $1`,
        [messageIdOf(raw)],
      );

    await dovecot.stop();
    const run = await syncNow(b);
    expect(run).toMatchObject({ succeeded: false, fetched: 0, posted: 1 });
    expect(run.error).toMatch(
      /^Error connecting to IMAP server 127\.0\.0\.1:\d+: connection refused/,
    );
    expect(await emailWithMessageId(b, messageIdOf(raw))).toMatchObject({
      status: 'POSTED',
      attempts: 2,
    });
    expect((await emailPostsIn(conversationId)).map((post) => post.body)).toEqual([
      'Stored before the outage.',
    ]);

    const status = await b.gql<{ mailboxSyncStatus: { lastError: string } }>(
      `query { mailboxSyncStatus { lastError } }`,
    );
    expect(status.data!.mailboxSyncStatus.lastError).toBe(run.error);
  });
});
