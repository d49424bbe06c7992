import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SecretCipher } from '../../src/settings/secrets/secret-cipher.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { startMicrosoftFake } from '../support/microsoft-fake.js';
import type { MicrosoftFake } from '../support/microsoft-fake.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { replyTo } from './support/reply-factory.js';
import type { MailClient } from './support/reply-factory.js';
import {
  appEnv,
  emailWithMessageId,
  expectNoErrors,
  mention,
  postsOf,
  REPLY_TO,
  syncNow,
  syncOptions,
} from './support/sync-harness.js';

const MAX_BYTES = 256 * 1024;

describe('reply by email through Microsoft Graph (Graph fake, real Postgres, SendGrid fake)', () => {
  let graph: MicrosoftFake;
  let sendgrid: SendGridFake;
  let t: TestApp;
  let author: UserWithToken;
  let recipient: UserWithToken;
  const app = {
    tenantId: randomUUID(),
    clientId: randomUUID(),
    clientSecret: `secret-${randomUUID()}`,
  };

  const messageIdOf = (raw: string) => /^Message-ID: (.+)$/m.exec(raw)![1].trim();

  beforeAll(async () => {
    [graph, sendgrid] = await Promise.all([startMicrosoftFake(), SendGridFake.start()]);
    graph.registerApp(app);
    graph.addMailbox(REPLY_TO);
    t = await startTestApp({
      env: appEnv(sendgrid, {
        MICROSOFT_LOGIN_BASE_URL: graph.url,
        MICROSOFT_GRAPH_BASE_URL: graph.url,
        INCOMING_MAX_BYTES: String(MAX_BYTES),
      }),
      configure: syncOptions(),
    });
    author = await createUser(t);
    recipient = await createUser(t);
    const saved = await t.gql(
      `mutation($input: MicrosoftReplyByEmailInput!) { saveMicrosoftReplyByEmail(input: $input) { replyByEmail { enabled intentTrackingMode } } }`,
      { input: { replyToAddress: REPLY_TO, ...app } },
    );
    expectNoErrors(saved);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([graph?.stop(), sendgrid?.close()]);
  });

  it.each(['outlook', 'gmail', 'apple'] as MailClient[])(
    'posts only the text of a %s reply read through Graph, and marks it read',
    async (client) => {
      const { conversationId, mention: m } = await mention(t, sendgrid, author, recipient);
      expect(m.messageId).toMatch(/^<[a-z2-7]{26}@corp\.test>$/);
      const text = `Confirmed from ${client}: the numbers match the finance report.`;
      const raw = replyTo(m, client, { text });
      const graphId = graph.addMessage(REPLY_TO, raw);

      const run = await syncNow(t);
      expect(run).toMatchObject({
        authMethod: 'MICROSOFT_OAUTH',
        succeeded: true,
        fetched: 1,
        posted: 1,
      });
      expect((await postsOf(t, conversationId)).at(-1)).toMatchObject({
        body: text,
        source: 'EMAIL',
        author: { id: recipient.user.id },
      });
      expect(await emailWithMessageId(t, messageIdOf(raw))).toMatchObject({
        status: 'POSTED',
        extractedText: text,
      });
      expect(
        graph.messages(REPLY_TO, 'inbox').find((message) => message.id === graphId)?.isRead,
      ).toBe(true);
    },
  );

  it('also finds the token in a plus tag (a reply to a mention sent before the mode was switched)', async () => {
    const { conversationId, mention: m } = await mention(t, sendgrid, author, recipient);
    const token = /^<([a-z2-7]{26})@/.exec(m.messageId)![1];
    const raw = replyTo(m, 'gmail', {
      text: 'Plus tag it is.',
      to: `replies+${token}@corp.test`,
      withoutThreading: true,
    });
    graph.addMessage(REPLY_TO, raw);
    expect(await syncNow(t)).toMatchObject({ posted: 1 });
    expect((await postsOf(t, conversationId)).at(-1)?.body).toBe('Plus tag it is.');
    expect((await emailWithMessageId(t, messageIdOf(raw))).reason).toMatch(
      /reply token found in To/,
    );
  });

  it('rejects a message too large to keep once downloaded (Graph lists no size)', async () => {
    const { mention: m } = await mention(t, sendgrid, author, recipient);
    const raw = replyTo(m, 'outlook', { text: `Huge.\n${'y'.repeat(MAX_BYTES)}` });
    graph.addMessage(REPLY_TO, raw);
    expect(await syncNow(t)).toMatchObject({ fetched: 1, posted: 0, rejected: 1 });
    const [row] = await t.app.get(DataSource).query<
      Array<{
        id: string;
        status: string;
        reason_code: string;
        raw: Buffer | null;
        from_address: string;
      }>
    >(`SELECT id, status, reason_code, raw, from_address FROM incoming_emails WHERE reason_code = 'TOO_LARGE'`);
    expect(row).toMatchObject({ status: 'REJECTED', reason_code: 'TOO_LARGE', raw: null });
    // Its header block still says who sent it: they are told, once.
    expect(row.from_address).toBe(recipient.user.email.toLowerCase());
    const notices = await t.app
      .get(DataSource)
      .query<Array<{ idempotency_key: string }>>(
        `SELECT idempotency_key FROM email_deliveries WHERE type = 'reply_rejected' AND recipient_email = $1`,
        [recipient.user.email],
      );
    expect(notices).toEqual([{ idempotency_key: `reply_rejected:${row.id}` }]);
  });

  it('renews a revoked token and waits out throttling without losing a reply', async () => {
    const { conversationId, mention: m } = await mention(t, sendgrid, author, recipient);
    graph.addMessage(REPLY_TO, replyTo(m, 'outlook', { text: 'Through throttling.' }));
    graph.revokeTokens();
    graph.failNext({ status: 429, retryAfterSeconds: 1, match: /\/\$value$/ });
    const tokensBefore = graph.tokenRequestCount();

    expect(await syncNow(t)).toMatchObject({ succeeded: true, posted: 1 });
    expect(graph.tokenRequestCount()).toBeGreaterThan(tokensBefore);
    expect(graph.requests.some((request) => request.status === 429)).toBe(true);
    expect((await postsOf(t, conversationId)).at(-1)?.body).toBe('Through throttling.');
  });

  it('processes once a message with raw NUL bytes in its Message-ID, subject and body', async () => {
    const { conversationId, mention: m } = await mention(t, sendgrid, author, recipient);
    // Graph hands over whatever bytes arrived; PostgreSQL text cannot hold U+0000.
    const messageId = `<nul\0${randomUUID()}@mail.example.test>`;
    const raw = [
      `From: ${m.to}`,
      `To: ${REPLY_TO}`,
      `Subject: Re: numbers\0 ok`,
      `Message-ID: ${messageId}`,
      `In-Reply-To: ${m.messageId}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Numbers\0 confirmed.',
      '',
    ].join('\r\n');
    graph.addMessage(REPLY_TO, raw);
    const run = await syncNow(t);
    expect(run.error).toBeNull();
    expect(run).toMatchObject({ fetched: 1, posted: 1, failed: 0 });
    expect((await postsOf(t, conversationId)).at(-1)).toMatchObject({
      body: 'Numbers confirmed.',
      source: 'EMAIL',
    });
    expect(await emailWithMessageId(t, messageId.replace('\0', ''))).toMatchObject({
      status: 'POSTED',
      attempts: 1,
      subject: 'Re: numbers ok',
    });
  });

  it('shows a revoked client secret in the status with the wording of the settings test', async () => {
    // The secret was revoked in Azure: the stored one no longer signs in.
    const revoked = t.app.get(SecretCipher).seal('a-secret-that-was-revoked');
    await t.app
      .get(DataSource)
      .query(`UPDATE email_server_settings SET microsoft_client_secret_sealed = $1`, [revoked]);
    const expected = `Error connecting to Tenant ID: ${app.tenantId} with Client: ${app.clientId} credentials.`;

    const tested = await t.gql<{ testMicrosoftConnection: { ok: boolean; message: string } }>(
      `mutation($input: MicrosoftReplyByEmailInput!) { testMicrosoftConnection(input: $input) { ok message } }`,
      { input: { replyToAddress: REPLY_TO, ...app, clientSecret: 'a-secret-that-was-revoked' } },
    );
    expect(tested.data?.testMicrosoftConnection).toEqual({ ok: false, message: expected });

    const run = await syncNow(t);
    expect(run).toMatchObject({ succeeded: false, error: expected, fetched: 0 });
    const status = await t.gql<{ mailboxSyncStatus: { lastError: string; authMethod: string } }>(
      `query { mailboxSyncStatus { lastError authMethod } }`,
    );
    expect(status.data!.mailboxSyncStatus).toEqual({
      lastError: expected,
      authMethod: 'MICROSOFT_OAUTH',
    });
  });
});
