import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { replyTo } from '../mailbox-sync/support/reply-factory.js';
import type { MentionEmail } from '../mailbox-sync/support/reply-factory.js';
import {
  appEnv,
  emailWithMessageId,
  expectNoErrors,
  mention,
  postsOf,
  REPLY_TO,
  syncNow,
  syncOptions,
} from '../mailbox-sync/support/sync-harness.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { newMicrosoftApp, startMicrosoftFake } from '../support/microsoft-fake.js';
import type { MicrosoftFake } from '../support/microsoft-fake.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

/** "了解しました。数字は財務報告と一致しています。" as a Japanese mail client sends it. */
const SHIFT_JIS_REPLY = Buffer.from(
  '97b989f082b582dc82b582bd814290948e9a82cd8de096b195f18d9082c688ea927682b582c482a282dc82b78142',
  'hex',
);

/**
 * Issue 19, point 6: replies read through Graph arrive as Exchange regenerates them (headers
 * reordered and re-folded, bodies re-encoded into another charset, HTML re-serialised), and the
 * reply token and the text must survive that. The fake serves `$value` that way by default
 * (test/support/exchange-mime.ts); these cases pin the shapes that matter.
 */
describe('replies in Exchange-shaped MIME through Microsoft Graph', () => {
  let graph: MicrosoftFake;
  let sendgrid: SendGridFake;
  let t: TestApp;
  let author: UserWithToken;
  let recipient: UserWithToken;
  const app = newMicrosoftApp();

  /** The reply as the product stored it: the bytes Graph served. */
  async function storedRaw(messageId: string): Promise<string> {
    const [row] = await t.app
      .get(DataSource)
      .query<Array<{ raw: Buffer }>>(`SELECT raw FROM incoming_emails WHERE message_id = $1`, [
        messageId,
      ]);
    return row.raw.toString('latin1');
  }

  /** A single-part reply in a legacy charset, threaded to the mention the way a client does it. */
  function legacyCharsetReply(m: MentionEmail, charset: string, body: Buffer, messageId: string) {
    const headers = [
      `From: ${m.toName} <${m.to}>`,
      `To: ${m.replyTo}`,
      `Subject: Re: ${m.subject}`,
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: ${messageId}`,
      `In-Reply-To: ${m.messageId}`,
      `References: ${m.messageId}`,
      'MIME-Version: 1.0',
      `Content-Type: text/plain; charset=${charset}`,
      'Content-Transfer-Encoding: 8bit',
      '',
      '',
    ].join('\r\n');
    return Buffer.concat([Buffer.from(headers, 'latin1'), body, Buffer.from('\r\n')]);
  }

  beforeAll(async () => {
    [graph, sendgrid] = await Promise.all([startMicrosoftFake(), SendGridFake.start()]);
    graph.registerApp(app);
    graph.addMailbox(REPLY_TO);
    t = await startTestApp({
      env: appEnv(sendgrid, {
        MICROSOFT_LOGIN_BASE_URL: graph.url,
        MICROSOFT_GRAPH_BASE_URL: graph.url,
      }),
      configure: syncOptions(),
    });
    author = await createUser(t);
    recipient = await createUser(t);
    expectNoErrors(
      await t.gql(
        `mutation($input: MicrosoftReplyByEmailInput!) { saveMicrosoftReplyByEmail(input: $input) { replyByEmail { enabled } } }`,
        { input: { replyToAddress: REPLY_TO, ...app } },
      ),
    );
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([graph?.stop(), sendgrid?.close()]);
  });

  it('posts an Outlook reply that Exchange served re-folded, reordered and re-encoded as ISO-8859-1 quoted-printable', async () => {
    const { conversationId, mention: m } = await mention(t, sendgrid, author, recipient);
    const text = 'Grüße aus Köln: die Zahlen stimmen, danke Zoë!';
    const raw = replyTo(m, 'outlook', { text });
    const messageId = /^Message-ID: (.+)$/m.exec(raw)![1].trim();
    graph.addMessage(REPLY_TO, raw);

    expect(await syncNow(t)).toMatchObject({ succeeded: true, posted: 1 });
    expect((await postsOf(t, conversationId)).at(-1)).toMatchObject({
      body: text,
      source: 'EMAIL',
      author: { id: recipient.user.id },
    });
    expect((await emailWithMessageId(t, messageId)).reason).toMatch(
      /reply token found in In-Reply-To/,
    );

    // What was processed is Exchange's MIME, not what the client sent.
    const served = await storedRaw(messageId);
    expect(served).toContain(`Message-ID:\r\n\t${messageId}\r\n`);
    expect(served).toMatch(/^Thread-Index: /m);
    expect(served).toContain('Content-Type: text/plain; charset="iso-8859-1"');
    expect(served).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(served).toContain('<style type=3D"text/css" style=3D"display:none;">');
    expect(served).toMatch(/boundary="_000_[A-Za-z0-9]+_"/);
    expect(served.indexOf('Received:')).toBeLessThan(served.indexOf('From:'));
    // Downloaded the way Microsoft's SDKs download MIME.
    const downloads = graph.requests.filter((request) => request.path.endsWith('/$value'));
    expect(downloads.length).toBeGreaterThan(0);
    for (const download of downloads) {
      expect(download.accept).toBe('application/octet-stream, application/json');
    }
  });

  it('posts a Shift_JIS reply that Exchange converted to UTF-8 base64', async () => {
    const { conversationId, mention: m } = await mention(t, sendgrid, author, recipient);
    const messageId = `<${randomUUID()}@docomo.example.jp>`;
    graph.addMessage(REPLY_TO, legacyCharsetReply(m, 'Shift_JIS', SHIFT_JIS_REPLY, messageId));

    expect(await syncNow(t)).toMatchObject({ succeeded: true, posted: 1 });
    const expected = new TextDecoder('shift_jis').decode(SHIFT_JIS_REPLY);
    expect((await postsOf(t, conversationId)).at(-1)?.body).toBe(expected);
    const served = await storedRaw(messageId);
    expect(served).toContain('Content-Type: text/plain; charset="utf-8"');
    expect(served).toContain('Content-Transfer-Encoding: base64');
    expect(served).not.toMatch(/shift_jis/i);
  });

  it('finds the token in a References header Exchange re-folded one id per line', async () => {
    const { conversationId, mention: m } = await mention(t, sendgrid, author, recipient);
    const ancestors = Array.from({ length: 6 }, (_, i) => `<ancestor-${i}@corp.test>`);
    const raw = replyTo(m, 'gmail', {
      text: 'Found through the folded References.',
      withoutThreading: true,
      extraHeaders: [
        `In-Reply-To: <not-ours-${randomUUID()}@mail.gmail.com>`,
        `References: ${[...ancestors.slice(0, 3), m.messageId, ...ancestors.slice(3)].join(' ')}`,
      ],
    });
    const messageId = /^Message-ID: (.+)$/m.exec(raw)![1].trim();
    graph.addMessage(REPLY_TO, raw);

    expect(await syncNow(t)).toMatchObject({ succeeded: true, posted: 1 });
    expect((await postsOf(t, conversationId)).at(-1)?.body).toBe(
      'Found through the folded References.',
    );
    expect(await storedRaw(messageId)).toContain(`\r\n ${m.messageId}\r\n`);
  });
});
