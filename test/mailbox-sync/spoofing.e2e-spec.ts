import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { replyTo } from './support/reply-factory.js';
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

/**
 * A reply with a valid token and the right From, sent by someone else: only the receiving
 * server's Authentication-Results header (RFC 8601) tells. The receiving MTA prepends it before
 * the message lands in the mailbox; here the messages arrive in Dovecot already carrying it, the
 * trusted one on top, as the MTA would leave them.
 */
describe.each([
  { requireDmarcPass: false, name: 'dmarc=fail from a trusted server rejects' },
  { requireDmarcPass: true, name: 'an aligned dmarc=pass is required' },
])('spoofed replies are SPOOFED, not posted ($name; real Dovecot)', ({ requireDmarcPass }) => {
  let dovecot: DovecotServer;
  let sendgrid: SendGridFake;
  let t: TestApp;
  let author: UserWithToken;

  beforeAll(async () => {
    [dovecot, sendgrid] = await Promise.all([startDovecot(), SendGridFake.start()]);
    await dovecot.addUser(REPLY_TO, MAILBOX_PASSWORD);
    t = await startTestApp({
      env: appEnv(sendgrid, {
        INBOUND_TRUSTED_AUTHSERV_IDS: 'mx.corp.test, mx.google.com, microsoft365',
        INBOUND_REQUIRE_DMARC_PASS: String(requireDmarcPass),
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

  /** Sends a reply to a fresh mention with these Authentication-Results headers, top first. */
  const replyWith = async (text: string, ...authenticationResults: string[]) => {
    const recipient = await createUser(t);
    const { mention: m, conversationId } = await mention(t, sendgrid, author, recipient);
    const raw = replyTo(m, 'gmail', {
      text,
      extraHeaders: authenticationResults.map((value) => `Authentication-Results: ${value}`),
    });
    await dovecot.append(REPLY_TO, 'INBOX', raw);
    const messageId = /^Message-ID: (.+)$/m.exec(raw)![1].trim();
    return { recipient, conversationId, messageId };
  };

  it('rejects dmarc=fail from a trusted server, quoting its verdict, even below a forged pass', async () => {
    const forged = await replyWith(
      'Approve the budget.',
      // Written by the sender: an authserv-id nobody trusts.
      'mx.evil.test; dmarc=pass header.from=example.test',
      'mx.corp.test; spf=fail (sender IP is 203.0.113.9) smtp.mailfrom=example.test; dkim=none; dmarc=fail (p=reject dis=none) header.from=example.test',
    );
    expect(await syncNow(t)).toMatchObject({ succeeded: true, posted: 0, rejected: 1 });
    const row = await emailWithMessageId(t, forged.messageId);
    expect(row).toMatchObject({
      status: 'REJECTED',
      reasonCode: 'SPOOFED',
      postId: null,
      userId: forged.recipient.user.id,
      conversationId: forged.conversationId,
    });
    expect(row.reason).toBe(
      `The receiving server mx.corp.test reports "dmarc=fail (p=reject dis=none) header.from=example.test" in Authentication-Results: the domain of ${forged.recipient.user.email.toLowerCase()} did not vouch for this email, so someone else may have sent it in that name.`,
    );
    expect((await postsOf(t, forged.conversationId)).map((post) => post.source)).toEqual(['WEB']);
  });

  it("reads Microsoft 365's unnamed header when it is the topmost, and no unnamed header below", async () => {
    const exchange =
      'spf=fail (sender IP is 203.0.113.9) smtp.mailfrom=example.test; dkim=none (message not signed) header.d=none;dmarc=fail action=quarantine header.from=example.test;compauth=fail reason=000';
    const topmost = await replyWith('Wire the money.', exchange);
    const below = await replyWith(
      'Wire it today.',
      'mx.google.com; dmarc=pass header.from=example.test',
      exchange,
    );
    expect(await syncNow(t)).toMatchObject({ posted: 1, rejected: 1 });
    const rejected = await emailWithMessageId(t, topmost.messageId);
    expect(rejected).toMatchObject({ status: 'REJECTED', reasonCode: 'SPOOFED' });
    expect(rejected.reason).toMatch(
      /reports "dmarc=fail action=quarantine header\.from=example\.test" in Authentication-Results/,
    );
    expect(await emailWithMessageId(t, below.messageId)).toMatchObject({ status: 'POSTED' });
  });

  it('posts a reply whose trusted header says dmarc=pass for the From domain', async () => {
    const genuine = await replyWith(
      'Numbers checked.',
      'mx.google.com; dkim=pass header.i=@example.test; spf=pass smtp.mailfrom=example.test; dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.test',
    );
    expect(await syncNow(t)).toMatchObject({ posted: 1, rejected: 0 });
    expect((await postsOf(t, genuine.conversationId)).at(-1)).toMatchObject({
      body: 'Numbers checked.',
      source: 'EMAIL',
    });
  });

  it(
    requireDmarcPass
      ? 'rejects a reply without a trusted pass: none, a pass for another domain, or no header'
      : 'posts a reply without a trusted verdict (no header, an untrusted fail, dmarc=none)',
    async () => {
      const replies = [
        await replyWith('Fine by me.'),
        await replyWith('Fine by me too.', 'mx.evil.test; dmarc=fail header.from=example.test'),
        await replyWith(
          'Looks right.',
          'mx.corp.test; spf=pass; dmarc=none header.from=example.test',
        ),
        await replyWith('Agreed.', 'mx.corp.test; dmarc=pass header.from=evil.test'),
      ];
      const run = await syncNow(t);
      if (!requireDmarcPass) {
        // Without the requirement, a pass for another domain is no fail either.
        expect(run).toMatchObject({ posted: 4, rejected: 0 });
        return;
      }
      expect(run).toMatchObject({ posted: 0, rejected: 4 });
      const rows = await Promise.all(
        replies.map((reply) => emailWithMessageId(t, reply.messageId)),
      );
      expect(rows.map((row) => row.reasonCode)).toEqual([
        'SPOOFED',
        'SPOOFED',
        'SPOOFED',
        'SPOOFED',
      ]);
      expect(rows[0].reason).toMatch(
        /^Replies must pass DMARC for the sender's domain \(INBOUND_REQUIRE_DMARC_PASS\), but no Authentication-Results header from a trusted server \(INBOUND_TRUSTED_AUTHSERV_IDS\) was found for \S+@example\.test \(domain example\.test\)\.$/,
      );
      expect(rows[2].reason).toMatch(
        /but the receiving server mx\.corp\.test reports "dmarc=none header\.from=example\.test" for/,
      );
      expect(rows[3].reason).toMatch(/reports "dmarc=pass header\.from=evil\.test"/);
    },
  );
});
