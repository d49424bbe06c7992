import { createService, createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { DEFAULT_FAKE_API_KEY, SendGridFake } from '../support/sendgrid-fake.js';
import { SendGridEventWebhook } from '../support/sendgrid-event-webhook.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { publish, requestsFor, waitForFinal } from '../notifications/notifications-helpers.js';

const FROM = 'notifications@catalog.example.com';

const EMAIL_DELIVERIES = `
  query D($filter: EmailDeliveryFilter) {
    emailDeliveries(filter: $filter) { nodes { id status attempts lastError failureClass } }
  }`;

interface DeliveryNode {
  id: string;
  status: string;
  attempts: number;
  lastError: string | null;
  failureClass: string | null;
}

/**
 * Issue 19, point 4 and the SendGrid half of point 7: a refusal of the account is told apart by
 * SendGrid's own words, through the real outbox worker and transport against the SendGrid fake,
 * and read by the admin in emailDeliveries (the fix first) and, once per class, in the log.
 */
describe('SendGrid refusals and rate limits, as the admin reads them (SendGrid fake)', () => {
  let fake: SendGridFake;
  let t: TestApp;
  let service: UserWithToken;

  beforeAll(async () => {
    fake = await SendGridFake.start();
    t = await startTestApp({
      env: {
        SENDGRID_API_KEY: DEFAULT_FAKE_API_KEY,
        SENDGRID_BASE_URL: fake.baseUrl,
        MAIL_FROM_ADDRESS: FROM,
        MAIL_FROM_NAME: 'Data Catalog',
        OUTBOX_RETRY_BASE_MS: '10',
        OUTBOX_MAX_ATTEMPTS: '3',
      },
    });
    service = await createService(t);
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  /** Sends one notification to two new users and waits until both are final. */
  async function sendTwo(): Promise<DeliveryNode[]> {
    const owners = await Promise.all([createUser(t), createUser(t)]);
    const published = await publish(t, service.token, {
      type: 'scheduled_query_succeeded',
      payload: { queryId: 'q', queryName: 'Daily' },
      recipientIds: owners.map((owner) => owner.user.id),
    });
    await waitForFinal(t, published.deliveryIds);
    const { data, errors } = await t.gql<{ emailDeliveries: { nodes: DeliveryNode[] } }>(
      EMAIL_DELIVERIES,
    );
    expect(errors).toBeUndefined();
    return data!.emailDeliveries.nodes.filter((node) => published.deliveryIds.includes(node.id));
  }

  /** Log lines written since `from` that carry the worker's once-per-class refusal report. */
  const refusalLines = (from: number) =>
    t.logs.slice(from).filter((line) => line.includes('Every email fails until this is fixed'));

  it.each([
    {
      name: 'an invalid key',
      arrange: () => fake.setValidKeys(['SG.another-key']),
      failureClass: 'API_KEY_INVALID',
      message:
        /^SendGrid refused the API key: it is invalid, expired or revoked\. .*set SENDGRID_API_KEY to it\. \(SendGrid 401: The provided authorization grant is invalid, expired, or revoked\)$/,
    },
    {
      name: 'a key without the Mail Send permission',
      arrange: () => fake.setKeyScopes(DEFAULT_FAKE_API_KEY, ['mail.batch.read', 'stats.read']),
      failureClass: 'API_KEY_PERMISSION',
      message:
        /^The SendGrid API key lacks the Mail Send permission\. .*\(SendGrid 403: access forbidden\)$/,
    },
    {
      name: 'a sender that is not a verified Sender Identity',
      arrange: () => fake.setVerifiedSenders(['@verified.example.com']),
      failureClass: 'SENDER_NOT_VERIFIED',
      message:
        /^The sender notifications@catalog\.example\.com is not a verified Sender Identity in SendGrid\. .*MAIL_FROM_ADDRESS to a verified sender\. \(SendGrid 403: The from address does not match a verified Sender Identity\. .*\(field: from\)\)$/,
    },
    {
      name: 'an account whose credits are used up',
      arrange: () => {
        fake.failNext({ type: 'credits-exceeded' });
        fake.failNext({ type: 'credits-exceeded' });
      },
      failureClass: 'ACCOUNT_DISABLED',
      message:
        /^The SendGrid account cannot send: its credits are used up, or it is suspended .*SENDGRID_API_KEY is not the problem\. \(SendGrid 401: Maximum credits exceeded\)$/,
    },
  ])('names $name, with its fix, on each email and once in the log', async (refusal) => {
    refusal.arrange();
    const logFrom = t.logs.length;
    const nodes = await sendTwo();
    expect(nodes).toHaveLength(2);
    for (const node of nodes) {
      expect(node).toMatchObject({
        status: 'FAILED',
        attempts: 1,
        failureClass: refusal.failureClass,
      });
      expect(node.lastError).toMatch(refusal.message);
    }
    const lines = refusalLines(logFrom);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(nodes[0].lastError!.slice(0, 40));
    // A later send that works clears the report, so the next refusal is logged again.
    fake.reset();
    expect((await sendTwo()).map((node) => node.status)).toEqual(['SENT', 'SENT']);
  });

  it('waits for X-RateLimit-Reset when a 429 carries no Retry-After', async () => {
    const owner = await createUser(t);
    fake.failNext({ type: 'rate-limited', retryAfterSeconds: 2, withoutRetryAfter: true });
    const published = await publish(t, service.token, {
      type: 'notify_on_download_ready',
      payload: { exportId: 'e', exportName: 'Export' },
      recipientIds: [owner.user.id],
    });
    const [row] = await waitForFinal(t, published.deliveryIds);
    expect(row).toMatchObject({ status: 'SENT', attempts: 2 });
    expect(row.last_error).toMatch(/^SendGrid 429: too many requests/);
    const [limited, accepted] = requestsFor(fake, row.id);
    expect(limited.status).toBe(429);
    expect(limited.rateLimitReset).toBeDefined();
    expect(accepted.status).toBe(202);
    // OUTBOX_RETRY_BASE_MS is 10 ms: only the reset header explains a wait until the reset second
    // (100 ms of slack for the database's and this process's clocks read at different moments).
    expect(accepted.receivedAt.getTime()).toBeGreaterThanOrEqual(
      limited.rateLimitReset! * 1000 - 100,
    );
  });

  it('refuses Event Webhook posts while SENDGRID_WEBHOOK_PUBLIC_KEY is not set', async () => {
    const webhook = new SendGridEventWebhook();
    const post = webhook.sign([]);
    const logFrom = t.logs.length;
    const response = await t
      .http()
      .post('/webhooks/sendgrid/events')
      .set(post.headers)
      .send(post.body.toString('utf8'));
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({
      errors: [
        {
          message:
            'The SendGrid Event Webhook is not configured here: SENDGRID_WEBHOOK_PUBLIC_KEY is not set',
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        },
      ],
    });
    expect(t.logs.slice(logFrom).join('\n')).toMatch(
      /Verification Key of the Signed Event Webhook/,
    );
  });
});
