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
  emailWithMessageId,
  enableBasicAuth,
  MAILBOX_PASSWORD,
  mention,
  postsOf,
  REPLY_TO,
  syncNow,
  syncOptions,
} from './support/sync-harness.js';

/** Content that must not reach a conversation as it came, each through real Dovecot. */
describe('content that must not be posted as it came (real Dovecot)', () => {
  let dovecot: DovecotServer;
  let sendgrid: SendGridFake;
  let t: TestApp;
  let author: UserWithToken;

  beforeAll(async () => {
    [dovecot, sendgrid] = await Promise.all([startDovecot(), SendGridFake.start()]);
    await dovecot.addUser(REPLY_TO, MAILBOX_PASSWORD);
    t = await startTestApp({ env: appEnv(sendgrid), configure: syncOptions() });
    author = await createUser(t);
    await enableBasicAuth(t, dovecot, 'EMAIL_ADDRESS');
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([dovecot?.stop(), sendgrid?.close()]);
  });

  const freshMention = async () => {
    const recipient = await createUser(t);
    return { recipient, ...(await mention(t, sendgrid, author, recipient)) };
  };
  const messageIdOf = (raw: string) => /^Message-ID: (.+)$/m.exec(raw)![1].trim();

  it('takes javascript:, vbscript: and data: links out of a reply and keeps them in what was cut', async () => {
    const { mention: m, conversationId } = await freshMention();
    const raw = replyTo(m, 'gmail', {
      text: 'Numbers look right, click <javascript:alert(2)> for details.\nAlso data:text/html;base64,PHNjcmlwdD4= and <https://catalog.test/t/42>',
    });
    await dovecot.append(REPLY_TO, 'INBOX', raw);
    expect(await syncNow(t)).toMatchObject({ posted: 1, failed: 0 });
    const [, posted] = await postsOf(t, conversationId);
    expect(posted.body).toBe(
      'Numbers look right, click for details.\nAlso  and <https://catalog.test/t/42>',
    );
    const row = await emailWithMessageId(t, messageIdOf(raw));
    expect(row.removedText).toContain('<javascript:alert(2)>');
    expect(row.removedText).toContain('data:text/html;base64,PHNjcmlwdD4=');
  });

  it('rejects a short text part that is declared base64 but is not, instead of posting gibberish', async () => {
    const { recipient, mention: m, conversationId } = await freshMention();
    const raw = rawEmail({
      from: recipient.user.email,
      to: m.replyTo,
      subject: 'Re: short',
      headers: ['Content-Transfer-Encoding: base64'],
      // Node's decoder skips the "!" and "," and turns the rest into a few random bytes.
      body: 'Sure, go ahead!',
    });
    await dovecot.append(REPLY_TO, 'INBOX', raw);
    expect(await syncNow(t)).toMatchObject({ posted: 0, rejected: 1, failed: 0 });
    const row = await emailWithMessageId(t, messageIdOf(raw));
    expect(row).toMatchObject({ status: 'REJECTED', reasonCode: 'MALFORMED' });
    expect(row.reason).toBe(
      'The email cannot be read: its text/plain part is declared base64 but is not: 2 of 13 characters are outside the base64 alphabet.',
    );
    expect((await postsOf(t, conversationId)).map((post) => post.source)).toEqual(['WEB']);
  });

  it('rejects a short reply that is mostly unreadable in its charset, however few characters', async () => {
    const { recipient, mention: m, conversationId } = await freshMention();
    // Valid base64 of two bytes no charset reads (C1 controls) and "[jǺ": "\ufffd\ufffd[jǺ".
    const bytes = Buffer.concat([Buffer.from([0x80, 0x81]), Buffer.from('[jǺ', 'utf8')]);
    const raw = rawEmail({
      from: recipient.user.email,
      to: m.replyTo,
      subject: 'Re: short garble',
      headers: ['Content-Transfer-Encoding: base64'],
      body: bytes.toString('base64'),
    });
    await dovecot.append(REPLY_TO, 'INBOX', raw);
    expect(await syncNow(t)).toMatchObject({ posted: 0, rejected: 1, failed: 0 });
    const row = await emailWithMessageId(t, messageIdOf(raw));
    expect(row).toMatchObject({ reasonCode: 'MALFORMED' });
    expect(row.reason).toMatch(/cannot be decoded: 2 of 5 characters are unreadable/);
    expect((await postsOf(t, conversationId)).map((post) => post.source)).toEqual(['WEB']);
  });

  it('posts a reply with NUL bytes in its subject, sender name and body once, without them', async () => {
    const { recipient, mention: m, conversationId } = await freshMention();
    const raw = rawEmail({
      from: `=?utf-8?Q?Ada=00_Lovelace?= <${recipient.user.email}>`,
      to: m.replyTo,
      subject: '=?utf-8?Q?Re:_budget=00_ok?=',
      headers: ['Content-Transfer-Encoding: base64'],
      body: Buffer.from('Looks fine\0 to me.\0', 'utf8').toString('base64'),
    });
    await dovecot.append(REPLY_TO, 'INBOX', raw);
    expect(await syncNow(t)).toMatchObject({ posted: 1, failed: 0 });
    const row = await emailWithMessageId(t, messageIdOf(raw));
    expect(row).toMatchObject({
      status: 'POSTED',
      attempts: 1,
      lastError: null,
      subject: 'Re: budget ok',
      fromName: 'Ada Lovelace',
    });
    expect((await postsOf(t, conversationId)).at(-1)).toMatchObject({
      body: 'Looks fine to me.',
      source: 'EMAIL',
    });
  });

  it('rejects, never fails, a NUL-laden email without a token', async () => {
    const raw = rawEmail({
      from: '=?utf-8?Q?Eve=00?= <eve@example.test>',
      subject: '=?utf-8?Q?=00=00?=',
      headers: ['Content-Transfer-Encoding: quoted-printable'],
      body: 'Hello=00 there=00',
    });
    await dovecot.append(REPLY_TO, 'INBOX', raw);
    expect(await syncNow(t)).toMatchObject({ posted: 0, rejected: 1, failed: 0 });
    expect(await emailWithMessageId(t, messageIdOf(raw))).toMatchObject({
      status: 'REJECTED',
      reasonCode: 'NO_INTENT',
      attempts: 1,
    });
    const [{ count }] = await t.app
      .get(DataSource)
      .query<Array<{ count: string }>>(
        `SELECT count(*) FROM incoming_emails WHERE status = 'FAILED'`,
      );
    expect(Number(count)).toBe(0);
  });
});
