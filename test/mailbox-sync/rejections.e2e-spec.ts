import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UsersService } from '../../src/auth/users.service.js';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { mentionEmailFrom, rawEmail, replyTo } from './support/reply-factory.js';
import type { MentionEmail } from './support/reply-factory.js';
import {
  appEnv,
  emailsTo,
  enableBasicAuth,
  expectNoErrors,
  incomingEmails,
  MAILBOX_PASSWORD,
  mention,
  postsOf,
  REPLY_TO,
  syncNow,
  syncOptions,
} from './support/sync-harness.js';
import type { IncomingEmailShape } from './support/sync-harness.js';

const MAX_BYTES = 64 * 1024;

interface Case {
  code: string;
  reason: RegExp;
  /** Builds the email; may change the world first (expire a token, deactivate a user...). */
  build: () => string | Promise<string>;
  /** The conversation that must not get a post, when there is one. */
  conversationId?: () => string;
}

/** The first error of a REST answer, in the API's JSON error shape. */
const errorOf = (response: { body: unknown }) =>
  (response.body as { errors: Array<{ message: string; extensions: { code: string } }> }).errors[0];

describe('every rejection, with a reason an admin can read (real Dovecot)', () => {
  let dovecot: DovecotServer;
  let sendgrid: SendGridFake;
  let t: TestApp;
  let author: UserWithToken;

  /** A fresh mentioned user and mention email per case, so cases cannot disturb each other. */
  const freshMention = async () => {
    const recipient = await createUser(t);
    const created = await mention(t, sendgrid, author, recipient);
    return { recipient, ...created };
  };
  const tokenOf = (mentionEmail: MentionEmail) =>
    /\+([a-z2-7]{26})@/.exec(mentionEmail.replyTo)![1];

  const contexts: Record<string, { conversationId: string }> = {};
  const remember = (code: string, conversationId: string) => {
    contexts[code] = { conversationId };
  };

  beforeAll(async () => {
    [dovecot, sendgrid] = await Promise.all([startDovecot(), SendGridFake.start()]);
    await dovecot.addUser(REPLY_TO, MAILBOX_PASSWORD);
    t = await startTestApp({
      env: appEnv(sendgrid, { INCOMING_MAX_BYTES: String(MAX_BYTES) }),
      configure: syncOptions(),
    });
    author = await createUser(t);
    await enableBasicAuth(t, dovecot, 'EMAIL_ADDRESS');
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([dovecot?.stop(), sendgrid?.close()]);
  });

  const cases: Case[] = [
    {
      code: 'TOO_LARGE',
      reason: /^The email is \d+ KB, over the 64 KB limit: it was not downloaded or kept\.$/,
      build: async () => {
        const { mention: m, conversationId } = await freshMention();
        remember('TOO_LARGE', conversationId);
        return replyTo(m, 'gmail', { text: `Big attachment follows.\n${'x'.repeat(MAX_BYTES)}` });
      },
    },
    {
      code: 'AUTO_REPLY',
      reason: /^Automatic reply \(Auto-Submitted: auto-replied\)/,
      build: async () => {
        const { mention: m, conversationId } = await freshMention();
        remember('AUTO_REPLY', conversationId);
        return replyTo(m, 'outlook', {
          text: 'I am out of the office until Monday.',
          extraHeaders: ['Auto-Submitted: auto-replied', 'X-Auto-Response-Suppress: All'],
        });
      },
    },
    {
      code: 'BOUNCE',
      reason: /^Delivery failure report \(sender mailer-daemon@mx\.corp\.test\)/,
      build: () =>
        rawEmail({
          from: 'Mail Delivery System <MAILER-DAEMON@mx.corp.test>',
          subject: 'Undelivered Mail Returned to Sender',
        }),
    },
    {
      code: 'LOOP',
      reason: /^Sent by Replyline itself \(From is the reply-to address replies@corp\.test\)/,
      build: () => rawEmail({ from: `Replyline <${REPLY_TO}>`, subject: 'Re: loop' }),
    },
    {
      code: 'NO_INTENT',
      reason: /^No reply token in To, Cc, Delivered-To, X-Original-To, In-Reply-To or References/,
      build: () => rawEmail({ from: 'ada@example.test', subject: 'Question about the catalog' }),
    },
    {
      code: 'UNKNOWN_INTENT',
      reason: /^The reply token [a-z2-7]{6}… \(from To\) was never issued by Replyline\.$/,
      build: () => {
        const token = Array.from(
          randomBytes(26),
          (byte) => 'abcdefghijklmnopqrstuvwxyz234567'[byte % 32],
        ).join('');
        return rawEmail({
          from: 'ada@example.test',
          to: `replies+${token}@corp.test`,
          subject: 'Re: old thread',
        });
      },
    },
    {
      code: 'EXPIRED_INTENT',
      reason: /has expired: the mention email is too old to answer by email\.$/,
      build: async () => {
        const { mention: m, conversationId } = await freshMention();
        remember('EXPIRED_INTENT', conversationId);
        await t.app
          .get(DataSource)
          .query(
            `UPDATE reply_intents SET expires_at = now() - interval '1 day' WHERE token = $1`,
            [tokenOf(m)],
          );
        return replyTo(m, 'gmail', { text: 'Sorry for the late answer.' });
      },
    },
    {
      code: 'NOT_REPLYABLE',
      reason:
        /^It answers a "conversation_assignment" notification, which cannot be answered by email/,
      build: async () => {
        const { recipient, conversationId } = await freshMention();
        remember('NOT_REPLYABLE', conversationId);
        const before = sendgrid.sentTo(recipient.user.email).length;
        expectNoErrors(
          await t.gql(
            `mutation($c: ID!, $a: ID!) { assignConversation(conversationId: $c, assigneeId: $a) { id } }`,
            { c: conversationId, a: recipient.user.id },
            author.token,
          ),
        );
        const sent = await emailsTo(sendgrid, recipient.user.email, before + 1);
        const assignment = mentionEmailFrom(sent[sent.length - 1]);
        expect(assignment.subject).toMatch(/assigned you to this Conversation/);
        // It says so, and a reply goes to the reply mailbox (no token), where it is recorded.
        expect(assignment.text).toContain(
          'Replies to this email are not posted; open the conversation to answer.',
        );
        expect(assignment.replyTo).toBe(REPLY_TO);
        return replyTo(assignment, 'gmail', { text: 'On it.' });
      },
    },
    {
      code: 'SENDER_MISMATCH',
      reason:
        /^Sent from eve@evil\.test, but the mention email went to \S+ <\S+@example\.test>: only that address may reply\.$/,
      build: async () => {
        const { recipient, mention: m, conversationId } = await freshMention();
        remember('SENDER_MISMATCH', conversationId);
        // Display name and Reply-To of the real user: neither is trusted.
        return replyTo(m, 'gmail', {
          text: 'Approve everything.',
          from: 'eve@evil.test',
          fromName: recipient.user.displayName,
          extraHeaders: [`Reply-To: ${recipient.user.email}`],
        });
      },
    },
    {
      code: 'USER_INACTIVE',
      reason: /is deactivated\.$/,
      build: async () => {
        const { recipient, mention: m, conversationId } = await freshMention();
        remember('USER_INACTIVE', conversationId);
        await t.app.get(UsersService).update(recipient.user.id, { active: false });
        return replyTo(m, 'apple', { text: 'Still here?' });
      },
    },
    {
      code: 'CONVERSATION_GONE',
      reason: /no longer exists\.$/,
      build: async () => {
        const { mention: m, conversationId } = await freshMention();
        await t.app
          .get(DataSource)
          .query(`DELETE FROM conversations WHERE id = $1`, [conversationId]);
        return replyTo(m, 'gmail', { text: 'Where did it go?' });
      },
    },
    {
      code: 'EMPTY_REPLY',
      reason:
        /^Nothing was typed above the quoted email \(\d+ characters of quoted text and signatures removed\)\.$/,
      build: async () => {
        const { mention: m, conversationId } = await freshMention();
        remember('EMPTY_REPLY', conversationId);
        return replyTo(m, 'gmail', { text: '' });
      },
    },
    {
      code: 'MALFORMED',
      reason: /^The email cannot be read: it has no readable From address\.$/,
      build: async () => {
        const { mention: m, conversationId } = await freshMention();
        remember('MALFORMED', conversationId);
        return rawEmail({ from: '', to: m.replyTo, subject: 'Re: no sender', body: 'Who am I?' });
      },
    },
  ];

  let rows: IncomingEmailShape[];
  const appended = new Map<string, string>();

  beforeAll(async () => {
    for (const testCase of cases) {
      const raw = await testCase.build();
      const messageId = /^Message-ID: (.+)$/m.exec(raw)?.[1]?.trim() ?? '';
      appended.set(testCase.code, messageId);
      await dovecot.append(REPLY_TO, 'INBOX', raw);
    }
    const run = await syncNow(t);
    expect(run).toMatchObject({
      succeeded: true,
      fetched: cases.length,
      posted: 0,
      rejected: cases.length,
      failed: 0,
    });
    rows = await incomingEmails(t);
  });

  it.each(cases.map((testCase) => [testCase.code, testCase] as const))(
    '%s',
    async (code, testCase) => {
      const row = rows.find((candidate) => candidate.reasonCode === code);
      expect(row).toMatchObject({ status: 'REJECTED', reasonCode: code, postId: null });
      expect(row!.reason).toMatch(testCase.reason);
      if (code !== 'TOO_LARGE') expect(row!.messageId).toBe(appended.get(code));

      // The admin can filter the log by it.
      const filtered = await incomingEmails(t, { status: 'REJECTED', reasonCode: code });
      expect(filtered.map((email) => email.id)).toEqual([row!.id]);

      // Nothing was posted: the conversation still has only the mentioning post.
      const context = contexts[code];
      if (context)
        expect((await postsOf(t, context.conversationId)).map((post) => post.source)).toEqual([
          'WEB',
        ]);
    },
  );

  it('filters the log by the time the mailbox received each email, and refuses a reversed window', async () => {
    const times = rows.map((row) => Date.parse(row.receivedAt));
    const first = Math.min(...times);
    const last = Math.max(...times);
    const iso = (ms: number) => new Date(ms).toISOString();
    const idsWithin = async (window: Record<string, string>) =>
      (await incomingEmails(t, window)).map((email) => email.id).sort();

    expect(await idsWithin({ receivedSince: iso(first), receivedBefore: iso(last + 1) })).toEqual(
      rows.map((row) => row.id).sort(),
    );
    expect(await idsWithin({ receivedSince: iso(last + 1) })).toEqual([]);
    expect(await idsWithin({ receivedBefore: iso(first) })).toEqual([]);

    const reversed = await t.gql(
      `query($filter: IncomingEmailFilter) { incomingEmails(filter: $filter) { nodes { id } } }`,
      { filter: { receivedSince: iso(last + 1), receivedBefore: iso(first) } },
    );
    expect(reversed.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'filter.receivedSince': ['receivedSince must be earlier than receivedBefore'] },
    });
  });

  it('never downloads a message the server lists as too large', async () => {
    const tooLarge = rows.find((row) => row.reasonCode === 'TOO_LARGE')!;
    expect(tooLarge.extractedText).toBeNull();
    const [stored] = await t.app
      .get(DataSource)
      .query<Array<{ raw: Buffer | null; size_bytes: number }>>(
        `SELECT raw, size_bytes FROM incoming_emails WHERE id = $1`,
        [tooLarge.id],
      );
    expect(stored).toMatchObject({ raw: null });
    expect(stored.size_bytes).toBeGreaterThan(MAX_BYTES);
  });

  it('records who and which conversation a rejected reply was for, where known', () => {
    const mismatch = rows.find((row) => row.reasonCode === 'SENDER_MISMATCH')!;
    expect(mismatch.from).toBe('eve@evil.test');
    expect(mismatch.conversationId).toBe(contexts.SENDER_MISMATCH.conversationId);
    expect(mismatch.userId).not.toBeNull();
    const empty = rows.find((row) => row.reasonCode === 'EMPTY_REPLY')!;
    expect(empty.removedText).toMatch(/revenue numbers/);
  });

  it('rejects a reply whose text its charset cannot decode, instead of posting gibberish', async () => {
    const { recipient, mention: m, conversationId } = await freshMention();
    const invalidUtf8 = Buffer.from([
      0xc3, 0x28, 0xa0, 0xa1, 0xff, 0xfe, 0xe2, 0x28, 0xa1, 0x80, 0x81,
    ]);
    await dovecot.append(
      REPLY_TO,
      'INBOX',
      rawEmail({
        from: recipient.user.email,
        to: m.replyTo,
        subject: 'Re: garbled',
        headers: ['Content-Transfer-Encoding: base64'],
        body: invalidUtf8.toString('base64'),
      }),
    );
    expect(await syncNow(t)).toMatchObject({ posted: 0, rejected: 1 });
    const malformed = await incomingEmails(t, { status: 'REJECTED', reasonCode: 'MALFORMED' });
    const garbled = malformed.find((row) => row.conversationId === conversationId);
    expect(garbled?.reason).toMatch(/cannot be decoded: \d+ of \d+ characters are unreadable/);
    expect((await postsOf(t, conversationId)).map((post) => post.source)).toEqual(['WEB']);
  });

  it('marks rejected messages read too, and a reply from the right user to a new mention still posts', async () => {
    const inbox = await dovecot.listFolder(REPLY_TO, 'INBOX');
    expect(inbox.every((message) => message.flags.includes('\\Seen'))).toBe(true);
    const { recipient, mention: m, conversationId } = await freshMention();
    await dovecot.append(
      REPLY_TO,
      'INBOX',
      replyTo(m, 'gmail', { text: 'This one is fine.', from: recipient.user.email.toUpperCase() }),
    );
    expect(await syncNow(t)).toMatchObject({ posted: 1, rejected: 0 });
    expect((await postsOf(t, conversationId)).at(-1)).toMatchObject({
      body: 'This one is fine.',
      source: 'EMAIL',
    });
  });

  it('reprocesses a rejected email once its cause is fixed, and a posted one stays posted', async () => {
    const inactive = rows.find((row) => row.reasonCode === 'USER_INACTIVE')!;
    await t.app.get(UsersService).update(inactive.userId!, { active: true });
    const reprocess = `mutation($id: ID!) { reprocessIncomingEmail(id: $id) { status reasonCode postId attempts } }`;
    const first = await t.gql<{
      reprocessIncomingEmail: { status: string; postId: string; attempts: number };
    }>(reprocess, {
      id: inactive.id,
    });
    expectNoErrors(first);
    expect(first.data!.reprocessIncomingEmail).toMatchObject({
      status: 'POSTED',
      reasonCode: null,
      attempts: 2,
    });
    const again = await t.gql<{ reprocessIncomingEmail: { status: string; postId: string } }>(
      reprocess,
      { id: inactive.id },
    );
    expect(again.data!.reprocessIncomingEmail).toEqual({ ...first.data!.reprocessIncomingEmail });
    expect(
      (await postsOf(t, contexts.USER_INACTIVE.conversationId)).map((post) => post.body),
    ).toEqual([expect.stringContaining('revenue numbers'), 'Still here?']);
  });

  it('refuses to reprocess an email whose raw message is gone, and says why', async () => {
    const tooLarge = rows.find((row) => row.reasonCode === 'TOO_LARGE')!;
    const response = await t.gql(`mutation($id: ID!) { reprocessIncomingEmail(id: $id) { id } }`, {
      id: tooLarge.id,
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(response.errors?.[0]?.message).toMatch(
      /cannot be reprocessed: its raw message was not kept \(The email is/,
    );

    const bounce = rows.find((row) => row.reasonCode === 'BOUNCE')!;
    await t.app
      .get(DataSource)
      .query(`UPDATE incoming_emails SET raw = NULL, raw_purged_at = now() WHERE id = $1`, [
        bounce.id,
      ]);
    const purged = await t.gql(`mutation($id: ID!) { reprocessIncomingEmail(id: $id) { id } }`, {
      id: bounce.id,
    });
    expect(purged.errors?.[0]?.message).toMatch(
      /its raw message was purged by retention on \d{4}-/,
    );

    const missing = await t.gql(
      `query { incomingEmail(id: "00000000-0000-4000-8000-000000000000") { id } }`,
    );
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('lets a Server Admin download the raw message as message/rfc822 while it is kept', async () => {
    const row = rows.find((candidate) => candidate.reasonCode === 'SENDER_MISMATCH')!;
    const { data } = await t.gql<{ incomingEmail: { rawDownloadPath: string | null } }>(
      `query($id: ID!) { incomingEmail(id: $id) { rawDownloadPath } }`,
      { id: row.id },
    );
    const path = data!.incomingEmail.rawDownloadPath!;
    expect(path).toBe(`/incoming-emails/${row.id}/raw`);
    const download = await t
      .http()
      .get(path)
      .set('Authorization', `Bearer ${t.adminToken}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('message/rfc822');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="incoming-email-${row.id}.eml"`,
    );
    const raw = (download.body as Buffer).toString('utf8');
    expect(raw).toContain(`Message-ID: ${appended.get('SENDER_MISMATCH')}`);
    expect(raw).toMatch(/^From: .*eve@evil\.test/m);

    const user = await createUser(t);
    expect((await t.http().get(path).set('Authorization', `Bearer ${user.token}`)).status).toBe(
      403,
    );
    expect((await t.http().get(path)).status).toBe(401);
    const unknown = await t
      .http()
      .get('/incoming-emails/00000000-0000-4000-8000-000000000000/raw')
      .set('Authorization', `Bearer ${t.adminToken}`);
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown)).toMatchObject({
      message: 'Incoming email 00000000-0000-4000-8000-000000000000 not found',
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('says why a raw message cannot be downloaded: too large to keep, or purged', async () => {
    const tooLarge = rows.find((row) => row.reasonCode === 'TOO_LARGE')!;
    const bounce = rows.find((row) => row.reasonCode === 'BOUNCE')!;
    const { data } = await t.gql<{ incomingEmail: { rawDownloadPath: string | null } }>(
      `query($id: ID!) { incomingEmail(id: $id) { rawDownloadPath } }`,
      { id: tooLarge.id },
    );
    expect(data!.incomingEmail.rawDownloadPath).toBeNull();
    const notKept = await t
      .http()
      .get(`/incoming-emails/${tooLarge.id}/raw`)
      .set('Authorization', `Bearer ${t.adminToken}`);
    expect(notKept.status).toBe(410);
    expect(errorOf(notKept).extensions.code).toBe('GONE');
    expect(errorOf(notKept).message).toMatch(/was not kept \(The email is \d+ KB/);
    // Purged by the reprocessing test above.
    const purged = await t
      .http()
      .get(`/incoming-emails/${bounce.id}/raw`)
      .set('Authorization', `Bearer ${t.adminToken}`);
    expect(purged.status).toBe(410);
    expect(errorOf(purged).message).toMatch(/was purged by retention on \d{4}-/);
  });

  it('shows one email in full to an admin', async () => {
    const row = rows.find((candidate) => candidate.reasonCode === 'SENDER_MISMATCH')!;
    const response = await t.gql<{ incomingEmail: { id: string; subject: string; to: string } }>(
      `query($id: ID!) { incomingEmail(id: $id) { id subject to } }`,
      { id: row.id },
    );
    expectNoErrors(response);
    expect(response.data!.incomingEmail.id).toBe(row.id);
    expect(response.data!.incomingEmail.subject).toMatch(
      /^Re: .+ mentioned you in Revenue table \d+$/,
    );
    expect(response.data!.incomingEmail.to).toMatch(/^replies\+[a-z2-7]{26}@corp\.test$/);
  });
});
