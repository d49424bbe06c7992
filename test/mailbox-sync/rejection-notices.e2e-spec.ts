import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { rawEmail, replyTo } from './support/reply-factory.js';
import {
  appEnv,
  emailsTo,
  enableBasicAuth,
  expectNoErrors,
  incomingEmails,
  MAILBOX_PASSWORD,
  mention,
  REPLY_TO,
  syncNow,
  syncOptions,
} from './support/sync-harness.js';

const PER_HOUR = 2;
const MAX_BYTES = 64 * 1024;
const CATALOG_URL = 'https://catalog.example.test';

interface NoticeRow {
  id: string;
  status: string;
  recipient_email: string;
  idempotency_key: string;
  text_body: string;
  headers: Record<string, string>;
}

describe('rejection notices: the sender of a reply that was not posted is told why', () => {
  let dovecot: DovecotServer;
  let sendgrid: SendGridFake;
  let t: TestApp;
  let author: UserWithToken;

  beforeAll(async () => {
    [dovecot, sendgrid] = await Promise.all([startDovecot(), SendGridFake.start()]);
    await dovecot.addUser(REPLY_TO, MAILBOX_PASSWORD);
    t = await startTestApp({
      env: appEnv(sendgrid, {
        REJECTION_NOTICES_PER_HOUR: String(PER_HOUR),
        CATALOG_URL,
        INCOMING_MAX_BYTES: String(MAX_BYTES),
      }),
      configure: syncOptions(),
    });
    author = await createUser(t);
    await enableBasicAuth(t, dovecot, 'EMAIL_ADDRESS');
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([dovecot?.stop(), sendgrid?.close()]);
  });

  const noticesTo = (email: string) =>
    t.app.get(DataSource).query<NoticeRow[]>(
      `SELECT id, status, recipient_email, idempotency_key, text_body, headers
           FROM email_deliveries WHERE type = 'reply_rejected' AND recipient_email = $1
           ORDER BY created_at`,
      [email],
    );

  const freshMention = async () => {
    const recipient = await createUser(t);
    return { recipient, ...(await mention(t, sendgrid, author, recipient)) };
  };

  it('answers an empty reply once, auto-replied, with the reason and a link to the conversation', async () => {
    const { recipient, mention: m, conversationId } = await freshMention();
    await dovecot.append(REPLY_TO, 'INBOX', replyTo(m, 'gmail', { text: '' }));
    expect(await syncNow(t)).toMatchObject({ rejected: 1 });

    const [notice] = await noticesTo(recipient.user.email);
    expect(notice.headers['Auto-Submitted']).toBe('auto-replied');
    const [sent] = await emailsTo(sendgrid, recipient.user.email, 2).then((all) =>
      all.filter((request) => /was not posted/.test(request.body?.subject ?? '')),
    );
    expect(sent.body?.headers?.['Auto-Submitted']).toBe('auto-replied');
    const text = sent.body?.content?.find((part) => part.type === 'text/plain')?.value ?? '';
    expect(text).toContain('Nothing was written above the quoted email');
    expect(text).toContain(`${CATALOG_URL}/conversations/${conversationId}`);

    // Processing the same email again sends nothing more.
    const [rejected] = (await incomingEmails(t, { reasonCode: 'EMPTY_REPLY' })).filter(
      (row) => row.conversationId === conversationId,
    );
    const reprocessed = await t.gql(
      `mutation($id: ID!) { reprocessIncomingEmail(id: $id) { status reasonCode } }`,
      { id: rejected.id },
    );
    expectNoErrors(reprocessed);
    expect(await noticesTo(recipient.user.email)).toHaveLength(1);
    expect(notice.idempotency_key).toBe(`reply_rejected:${rejected.id}`);
  });

  it(`sends at most ${PER_HOUR} an hour to one address`, async () => {
    const recipient = await createUser(t);
    for (let i = 0; i < PER_HOUR + 2; i++) {
      const { mention: m } = await mention(t, sendgrid, author, recipient);
      await dovecot.append(REPLY_TO, 'INBOX', replyTo(m, 'gmail', { text: '' }));
    }
    expect(await syncNow(t)).toMatchObject({ rejected: PER_HOUR + 2 });
    expect(await noticesTo(recipient.user.email)).toHaveLength(PER_HOUR);
  });

  it('tells the sender of an email too large to download, known from the server listing', async () => {
    const { recipient, mention: m } = await freshMention();
    await dovecot.append(
      REPLY_TO,
      'INBOX',
      replyTo(m, 'gmail', { text: `See attached.\n${'x'.repeat(MAX_BYTES)}` }),
    );
    expect(await syncNow(t)).toMatchObject({ rejected: 1 });
    const [notice] = await noticesTo(recipient.user.email);
    expect(notice.text_body).toMatch(/over the 64 KB limit, and was not read/);
    // The admin's log shows who sent it, too.
    const [row] = (await incomingEmails(t, { reasonCode: 'TOO_LARGE' })).filter(
      (email) => email.from === recipient.user.email.toLowerCase(),
    );
    expect(notice.idempotency_key).toBe(`reply_rejected:${row.id}`);
  });

  it('tells a known user about a reply token Replyline never issued', async () => {
    const user = await createUser(t);
    const token = Array.from(randomBytes(26), (b) => 'abcdefghijklmnopqrstuvwxyz234567'[b % 32]);
    await dovecot.append(
      REPLY_TO,
      'INBOX',
      rawEmail({
        from: user.user.email,
        to: `replies+${token.join('')}@corp.test`,
        subject: 'Re: old thread',
      }),
    );
    expect(await syncNow(t)).toMatchObject({ rejected: 1 });
    const [notice] = await noticesTo(user.user.email);
    expect(notice.text_body).toContain('is not one Replyline gave out');
  });

  it('never answers automated mail, a mismatched or forged sender, or an unknown address', async () => {
    const autoReplier = await freshMention();
    const victim = await freshMention();
    const forged = await freshMention();
    const bystander = await createUser(t);
    // The right address, but the receiving server found it forged.
    await dovecot.append(
      REPLY_TO,
      'INBOX',
      replyTo(forged.mention, 'gmail', {
        text: '',
        extraHeaders: [
          'Authentication-Results: mx.corp.test; spf=pass smtp.mailfrom=example.test; dmarc=fail (p=none) header.from=example.test',
        ],
      }),
    );
    await dovecot.append(
      REPLY_TO,
      'INBOX',
      replyTo(autoReplier.mention, 'outlook', {
        text: 'I am out of the office.',
        extraHeaders: ['Auto-Submitted: auto-replied'],
      }),
    );
    // Someone else's (real, active) address on a reply to the victim's mention: backscatter.
    await dovecot.append(
      REPLY_TO,
      'INBOX',
      replyTo(victim.mention, 'gmail', { text: '', from: bystander.user.email }),
    );
    await dovecot.append(
      REPLY_TO,
      'INBOX',
      rawEmail({
        from: 'stranger@elsewhere.test',
        to: 'replies+aaaaaaaaaaaaaaaaaaaaaaaaaa@corp.test',
      }),
    );
    expect(await syncNow(t)).toMatchObject({ rejected: 4 });
    for (const email of [
      forged.recipient.user.email,
      autoReplier.recipient.user.email,
      victim.recipient.user.email,
      bystander.user.email,
      'stranger@elsewhere.test',
    ]) {
      expect(await noticesTo(email)).toEqual([]);
    }
  });

  it('is suppressed by the kill switch like any notification', async () => {
    const { recipient, mention: m } = await freshMention();
    expectNoErrors(
      await t.gql(
        `mutation { setEmailNotificationsDisabled(disabled: true) { notificationsDisabled } }`,
      ),
    );
    try {
      await dovecot.append(REPLY_TO, 'INBOX', replyTo(m, 'gmail', { text: '' }));
      expect(await syncNow(t)).toMatchObject({ rejected: 1 });
      const [notice] = await noticesTo(recipient.user.email);
      expect(notice.status).toBe('SUPPRESSED');
    } finally {
      await t.gql(
        `mutation { setEmailNotificationsDisabled(disabled: false) { notificationsDisabled } }`,
      );
    }
  });
});
