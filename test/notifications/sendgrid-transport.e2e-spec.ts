import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import type { AddressObject } from 'mailparser';
import { simpleParser } from 'mailparser';
import { METRIC_NAMES } from '../../src/metrics/metric-names.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { LocalSinkTransport } from '../../src/notifications/transport/local-sink.transport.js';
import type { OutboundEmail } from '../../src/notifications/transport/mail-transport.js';
import { MailTransport } from '../../src/notifications/transport/mail-transport.js';
import { MailTransportError } from '../../src/notifications/transport/mail-transport.error.js';
import { SendGridTransport } from '../../src/notifications/transport/sendgrid.transport.js';
import type { MailTransportOptions } from '../../src/notifications/transport/transport.options.js';
import { MAIL_TRANSPORT_OPTIONS } from '../../src/notifications/transport/transport.options.js';
import { mailTransportProviders } from '../../src/notifications/transport/transport.providers.js';
import {
  DEFAULT_FAKE_API_KEY,
  INVALID_GRANT_MESSAGE,
  SendGridFake,
} from '../support/sendgrid-fake.js';

let sequence = 0;
function outboundEmail(overrides: Partial<OutboundEmail> = {}): OutboundEmail {
  sequence += 1;
  const token = `k3j5h6g7f8d9s0a1q2w3e4r5t6y7u8i${sequence}`;
  return {
    deliveryId: `6f1d2a8e-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    to: { email: `user${sequence}@example.com`, name: 'Ada Lovelace' },
    from: { email: 'notifications@catalog.example.com', name: 'Data Catalog' },
    replyTo: `replies+${token}@catalog.example.com`,
    subject: 'Grace mentioned you in Quarterly revenue',
    text: 'Please type your reply above this line\n\nHello Ada',
    html: '<p>Please type your reply above this line</p><p>Hello Ada</p>',
    headers: {
      'Message-ID': `<${token}@catalog.example.com>`,
      'Auto-Submitted': 'auto-generated',
    },
    ...overrides,
  };
}

/** The rejection of `promise`, which must be a MailTransportError. */
async function failureOf(promise: Promise<unknown>): Promise<MailTransportError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(MailTransportError);
    return error as MailTransportError;
  }
  throw new Error('expected the send to fail');
}

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('SendGridTransport against the SendGrid fake', () => {
  let fake: SendGridFake;
  let transport: SendGridTransport;
  const metrics = new Metrics();
  const options = (overrides: Partial<MailTransportOptions> = {}): MailTransportOptions => ({
    sendGridApiKey: DEFAULT_FAKE_API_KEY,
    sendGridBaseUrl: fake.baseUrl,
    dataDir: '/nonexistent',
    requestTimeoutMs: 5_000,
    ...overrides,
  });

  beforeAll(async () => {
    fake = await SendGridFake.start();
    transport = new SendGridTransport(options(), metrics);
  });

  afterEach(() => fake.reset());

  afterAll(async () => {
    await fake.close();
  });

  it("returns SendGrid's x-message-id on 202", async () => {
    const result = await transport.send(outboundEmail());

    const [accepted] = fake.sent();
    expect(accepted?.status).toBe(202);
    expect(result.providerMessageId).toBe(accepted?.messageId);
    expect(result.providerMessageId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('sends the exact v3 request: recipient, from name, reply_to, headers, both parts, delivery id', async () => {
    const email = outboundEmail({
      headers: {
        'Message-ID': '<token123@catalog.example.com>',
        'Auto-Submitted': 'auto-generated',
        'In-Reply-To': '<parent@catalog.example.com>',
        References: '<root@catalog.example.com> <parent@catalog.example.com>',
      },
    });
    await transport.send(email);

    const [request] = fake.sent();
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v3/mail/send');
    expect(request?.headers.authorization).toBe(`Bearer ${DEFAULT_FAKE_API_KEY}`);
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
    expect(request?.body).toEqual({
      personalizations: [{ to: [{ email: email.to.email, name: 'Ada Lovelace' }] }],
      from: { email: 'notifications@catalog.example.com', name: 'Data Catalog' },
      reply_to: { email: email.replyTo },
      subject: email.subject,
      content: [
        { type: 'text/plain', value: email.text },
        { type: 'text/html', value: email.html },
      ],
      headers: {
        'Message-ID': '<token123@catalog.example.com>',
        'Auto-Submitted': 'auto-generated',
        'In-Reply-To': '<parent@catalog.example.com>',
        References: '<root@catalog.example.com> <parent@catalog.example.com>',
      },
      custom_args: { delivery_id: email.deliveryId },
    });
    expect(fake.sentTo(email.to.email)).toHaveLength(1);
  });

  it('leaves out reply_to and names that are not set', async () => {
    const email = outboundEmail({
      replyTo: undefined,
      to: { email: 'plain@example.com' },
      from: { email: 'noreply@catalog.example.com' },
    });
    await transport.send(email);

    const body = fake.sent()[0]?.body;
    expect(body).not.toHaveProperty('reply_to');
    expect(body?.from).toEqual({ email: 'noreply@catalog.example.com' });
    expect(body?.personalizations).toEqual([{ to: [{ email: 'plain@example.com' }] }]);
  });

  it('carries non-ASCII subjects and bodies unchanged', async () => {
    const email = outboundEmail({
      subject: 'Zoë mentioned you in „Umsätze“ 📈',
      text: 'Grüße 👋🏽',
      html: '<p>日本語</p>',
    });
    await transport.send(email);
    const body = fake.sent()[0]?.body;
    expect(body?.subject).toBe(email.subject);
    expect(body?.content).toEqual([
      { type: 'text/plain', value: email.text },
      { type: 'text/html', value: email.html },
    ]);
  });

  it('leaves an empty part out, since SendGrid refuses an empty content.N.value', async () => {
    // The fake answers an empty block as SendGrid does, even beside a good one.
    const refused = await fetch(`${fake.baseUrl}/v3/mail/send`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${DEFAULT_FAKE_API_KEY}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        personalizations: [{ to: [{ email: 'ada@example.com' }] }],
        from: { email: 'notifications@catalog.example.com' },
        subject: 'Hello',
        content: [
          { type: 'text/plain', value: '' },
          { type: 'text/html', value: '<p>Hello</p>' },
        ],
      }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      errors: [
        {
          message: 'The content value must be a string at least one character in length.',
          field: 'content.0.value',
          help: null,
        },
      ],
    });

    await transport.send(outboundEmail({ text: '', html: '<p>Only HTML</p>' }));
    await transport.send(outboundEmail({ text: 'Only text', html: '' }));
    const [htmlOnly, textOnly] = fake.sent();
    expect(htmlOnly?.body?.content).toEqual([{ type: 'text/html', value: '<p>Only HTML</p>' }]);
    expect(textOnly?.body?.content).toEqual([{ type: 'text/plain', value: 'Only text' }]);

    const requestsBefore = fake.requests().length;
    const error = await failureOf(transport.send(outboundEmail({ text: '', html: '' })));
    expect(error).toMatchObject({ kind: 'permanent', failureClass: undefined });
    expect(error.message).toBe(
      'The email has neither a text nor an HTML part; SendGrid refuses empty content',
    );
    expect(fake.requests()).toHaveLength(requestsBefore);
  });

  it('reports a 400 as permanent with SendGrid message and field', async () => {
    fake.failNext({
      type: 'bad-request',
      message: 'The from address does not match a verified Sender Identity',
      field: 'from',
    });
    const error = await failureOf(transport.send(outboundEmail()));
    expect(error).toMatchObject({ kind: 'permanent', statusCode: 400, failureClass: undefined });
    expect(error.message).toBe(
      'SendGrid 400: The from address does not match a verified Sender Identity (field: from)',
    );
  });

  it("reports the fake's own payload validation like SendGrid's", async () => {
    const error = await failureOf(
      transport.send(outboundEmail({ to: { email: 'not-an-address@' } })),
    );
    expect(error).toMatchObject({ kind: 'permanent', statusCode: 400 });
    expect(error.message).toBe(
      'SendGrid 400: Does not contain a valid address. (field: personalizations.0.to.0.email)',
    );
    expect(fake.sent()).toHaveLength(0);
    expect(fake.requests()[0]?.status).toBe(400);
  });

  it('reports a wrong API key as a permanent auth problem with the grant message', async () => {
    const wrongKey = new SendGridTransport(options({ sendGridApiKey: 'SG.revoked-key' }), metrics);
    const error = await failureOf(wrongKey.send(outboundEmail()));
    expect(error).toMatchObject({
      kind: 'permanent',
      statusCode: 401,
      failureClass: 'API_KEY_INVALID',
    });
    expect(error.message).toMatch(/^SendGrid refused the API key: .*SENDGRID_API_KEY/);
    expect(error.message.endsWith(`(SendGrid 401: ${INVALID_GRANT_MESSAGE})`)).toBe(true);
    expect(fake.requests()[0]?.headers.authorization).toBe('Bearer SG.revoked-key');
  });

  it('reports a 403 as a permanent auth problem', async () => {
    fake.failNext({ type: 'forbidden' });
    const error = await failureOf(transport.send(outboundEmail()));
    expect(error).toMatchObject({
      kind: 'permanent',
      statusCode: 403,
      failureClass: 'API_KEY_PERMISSION',
    });
    expect(error.message).toMatch(
      /lacks the Mail Send permission.*\(SendGrid 403: access forbidden\)$/,
    );
  });

  it('reports a 413 as permanent', async () => {
    fake.failNext({ type: 'payload-too-large' });
    const error = await failureOf(transport.send(outboundEmail()));
    expect(error).toMatchObject({ kind: 'permanent', statusCode: 413, failureClass: undefined });
    expect(error.message).toBe(
      'SendGrid 413: The size of the request exceeds the maximum allowed size of 30 MB.',
    );
  });

  it('answers a body over the size limit with a real 413', async () => {
    const small = await SendGridFake.start({ maxBodyBytes: 10_000 });
    try {
      const smallTransport = new SendGridTransport(
        options({ sendGridBaseUrl: small.baseUrl }),
        metrics,
      );
      const error = await failureOf(
        smallTransport.send(outboundEmail({ html: `<p>${'x'.repeat(20_000)}</p>` })),
      );
      expect(error).toMatchObject({ kind: 'permanent', statusCode: 413 });
    } finally {
      await small.close();
    }
  });

  it('reports a 429 as retryable and honours Retry-After', async () => {
    fake.failNext({ type: 'rate-limited', retryAfterSeconds: 7 });
    const error = await failureOf(transport.send(outboundEmail()));
    expect(error).toMatchObject({ kind: 'retryable', statusCode: 429, retryAfterMs: 7_000 });
    expect(error.message).toBe('SendGrid 429: too many requests');
  });

  it.each([500, 503] as const)('reports a %i as retryable', async (status) => {
    fake.failNext({ type: 'server-error', status });
    const error = await failureOf(transport.send(outboundEmail()));
    expect(error).toMatchObject({ kind: 'retryable', statusCode: status, failureClass: undefined });
    expect(error.message).toMatch(new RegExp(`^SendGrid ${status}: `));
  });

  it('reports a dropped connection as retryable', async () => {
    fake.failNext({ type: 'drop-connection' });
    const error = await failureOf(transport.send(outboundEmail()));
    expect(error).toMatchObject({ kind: 'retryable', statusCode: undefined, code: 'ECONNRESET' });
    expect(error.message).toMatch(/^SendGrid request failed: .*\(ECONNRESET\)$/);
    expect(fake.requests()[0]?.status).toBe('dropped');
  });

  it('reports a refused connection as retryable', async () => {
    const nowhere = new SendGridTransport(
      options({ sendGridBaseUrl: `http://127.0.0.1:${await unusedPort()}` }),
      metrics,
    );
    const error = await failureOf(nowhere.send(outboundEmail()));
    expect(error).toMatchObject({ kind: 'retryable', code: 'ECONNREFUSED' });
  });

  it('gives up on a hung request after the configured timeout, as retryable', async () => {
    const impatient = new SendGridTransport(options({ requestTimeoutMs: 200 }), metrics);
    // The fake would accept it after 2 s: only the 200 ms request timeout makes it fail.
    fake.failNext({ type: 'delay', ms: 2_000 });
    const error = await failureOf(impatient.send(outboundEmail()));
    expect(error).toMatchObject({ kind: 'retryable' });
    expect(error.message).toBe('SendGrid request timed out after 200 ms');
  });

  it('counts every SendGrid answer by status code, and a dropped connection as "network"', async () => {
    const counted = new Metrics();
    const counting = new SendGridTransport(options(), counted);
    fake.failNext({ type: 'rate-limited', retryAfterSeconds: 1 });
    fake.failNext({ type: 'drop-connection' });
    await failureOf(counting.send(outboundEmail()));
    await failureOf(counting.send(outboundEmail()));
    await counting.send(outboundEmail());
    await counting.send(outboundEmail());
    const text = await counted.scrape();
    expect(text).toContain(`${METRIC_NAMES.sendGridResponses}{code="429"} 1\n`);
    expect(text).toContain(`${METRIC_NAMES.sendGridResponses}{code="network"} 1\n`);
    expect(text).toContain(`${METRIC_NAMES.sendGridResponses}{code="202"} 2\n`);
  });

  it('succeeds once the programmed faults are used up', async () => {
    fake.failNext({ type: 'server-error', status: 503 }, 2);
    const email = outboundEmail();
    await expect(transport.send(email)).rejects.toMatchObject({ statusCode: 503 });
    await expect(transport.send(email)).rejects.toMatchObject({ statusCode: 503 });
    await expect(transport.send(email)).resolves.toEqual({
      providerMessageId: expect.any(String) as string,
    });
    expect(fake.requests().map((request) => request.status)).toEqual([503, 503, 202]);
  });

  it('fails only the recipient a fault is programmed for', async () => {
    fake.failFor('Blocked@Example.com', { type: 'rate-limited', retryAfterSeconds: 2 });
    const blocked = outboundEmail({ to: { email: 'blocked@example.com' } });
    const fine = outboundEmail();

    await expect(transport.send(blocked)).rejects.toMatchObject({
      statusCode: 429,
      retryAfterMs: 2_000,
    });
    await transport.send(fine);
    expect(fake.sentTo('blocked@example.com')).toHaveLength(0);
    expect(fake.sentTo(fine.to.email)).toHaveLength(1);
  });

  it('keeps up with 1,000 concurrent-ish sends over keep-alive connections', async () => {
    const emails = Array.from({ length: 1_000 }, () => outboundEmail());
    let next = 0;
    const ids: Array<string | null> = [];
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < emails.length) {
          const email = emails[next++];
          ids.push((await transport.send(email)).providerMessageId);
        }
      }),
    );
    await fake.waitForCount(1_000, 10_000);
    expect(new Set(ids).size).toBe(1_000);
    const deliveryIds = new Set(
      fake.sent().map((request) => request.body?.custom_args?.delivery_id),
    );
    expect(deliveryIds.size).toBe(1_000);
  });

  it('waitForCount rejects with a clear message when too few arrive', async () => {
    await expect(fake.waitForCount(1, 50)).rejects.toThrow(/expected 1 accepted requests/);
  });
});

describe('LocalSinkTransport', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'replyline-sink-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes a parseable .eml under outbox/<yyyy-mm-dd>/<deliveryId>.eml', async () => {
    const sink = new LocalSinkTransport({ dataDir });
    const email = outboundEmail({
      subject: 'Zoë mentioned you in „Umsätze 2024“',
      to: { email: 'jose@example.com', name: 'José Nuñez' },
      headers: {
        'Message-ID': '<token-local@catalog.example.com>',
        'Auto-Submitted': 'auto-generated',
        'In-Reply-To': '<parent@catalog.example.com>',
      },
    });

    const before = new Date();
    const result = await sink.send(email);
    const after = new Date();

    expect(sink.name).toBe('local');
    expect(result).toEqual({ providerMessageId: `local-${email.deliveryId}` });
    const days = await readdir(join(dataDir, 'outbox'));
    expect(days).toHaveLength(1);
    expect([before, after].map((at) => at.toISOString().slice(0, 10))).toContain(days[0]);
    expect(await readdir(join(dataDir, 'outbox', days[0]))).toEqual([`${email.deliveryId}.eml`]);

    const raw = await readFile(join(dataDir, 'outbox', days[0], `${email.deliveryId}.eml`));
    const parsed = await simpleParser(raw);
    const first = (field: AddressObject | AddressObject[] | undefined) =>
      (Array.isArray(field) ? field[0] : field)?.value[0];
    expect(parsed.subject).toBe(email.subject);
    expect(first(parsed.to)).toEqual({ address: 'jose@example.com', name: 'José Nuñez' });
    expect(first(parsed.from)).toEqual({ address: email.from.email, name: 'Data Catalog' });
    expect(first(parsed.replyTo)?.address).toBe(email.replyTo);
    expect(parsed.messageId).toBe('<token-local@catalog.example.com>');
    expect(parsed.inReplyTo).toBe('<parent@catalog.example.com>');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.text?.trimEnd()).toBe(email.text);
    expect(parsed.html && parsed.html.trimEnd()).toBe(email.html);
  });

  it('replaces the file when the same delivery is sent again', async () => {
    const sink = new LocalSinkTransport({ dataDir });
    const email = outboundEmail();
    await sink.send(email);
    await sink.send({ ...email, subject: 'second try' });
    const path = sink.filePathFor(email.deliveryId, new Date());
    expect((await simpleParser(await readFile(path))).subject).toBe('second try');
    expect(await readdir(join(path, '..'))).toHaveLength(1);
  });

  it('keeps odd delivery ids inside the outbox folder', () => {
    const sink = new LocalSinkTransport({ dataDir });
    const path = sink.filePathFor('../../etc/passwd', new Date('2025-01-02T03:04:05Z'));
    expect(path).toBe(join(dataDir, 'outbox', '2025-01-02', '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd.eml'));
  });

  it('turns a malformed message into a permanent error without writing anything', async () => {
    const sink = new LocalSinkTransport({ dataDir });
    const error = await failureOf(
      sink.send(outboundEmail({ subject: 'Hi\r\nBcc: everyone@example.com' })),
    );
    expect(error).toMatchObject({ kind: 'permanent' });
    expect(error.message).toMatch(/^Local sink: Header Subject contains a line break/);
    await expect(readdir(join(dataDir, 'outbox'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('mailTransportProviders', () => {
  async function resolveTransport(options: MailTransportOptions): Promise<MailTransport> {
    const moduleRef = await Test.createTestingModule({
      providers: [
        { provide: MAIL_TRANSPORT_OPTIONS, useValue: options },
        Metrics,
        ...mailTransportProviders,
      ],
    }).compile();
    return moduleRef.get(MailTransport);
  }

  it('picks SendGrid when an API key is set', async () => {
    const transport = await resolveTransport({
      sendGridApiKey: DEFAULT_FAKE_API_KEY,
      sendGridBaseUrl: 'http://127.0.0.1:9/',
      dataDir: tmpdir(),
    });
    expect(transport).toBeInstanceOf(SendGridTransport);
    expect(transport.name).toBe('sendgrid');
    expect((transport as SendGridTransport).baseUrl).toBe('http://127.0.0.1:9');
  });

  it.each([undefined, '', '   '])('picks the local sink when the key is %p', async (key) => {
    const transport = await resolveTransport({ sendGridApiKey: key, dataDir: tmpdir() });
    expect(transport).toBeInstanceOf(LocalSinkTransport);
    expect(transport.name).toBe('local');
  });
});
