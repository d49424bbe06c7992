import { randomUUID } from 'node:crypto';
import { Clock } from '../../src/common/clock.js';
import { createService, createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { ManualClock } from '../support/manual-clock.js';
import { EVENT_WEBHOOK_PATH, SendGridEventWebhook } from '../support/sendgrid-event-webhook.js';
import type { SignedPost } from '../support/sendgrid-event-webhook.js';
import { DEFAULT_FAKE_API_KEY, SendGridFake } from '../support/sendgrid-fake.js';
import type { RecordedRequest } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { publish, sentRequestFor, waitForFinal } from '../notifications/notifications-helpers.js';

const DELIVERY = `
  query D($id: ID!) {
    emailDelivery(id: $id) {
      status providerStatus providerStatusReason providerStatusAt
      history { source event attempt detail providerMessageId }
    }
  }`;
const BY_PROVIDER_STATUS = `
  query L($filter: EmailDeliveryFilter) {
    emailDeliveries(filter: $filter) { nodes { id providerStatus providerStatusReason } }
  }`;

/** The one error of an HTTP error answer (the shape every HTTP error has). */
function errorOf(response: { body: unknown }): { message: string; code: string } {
  const [error] = (
    response.body as { errors: Array<{ message: string; extensions: { code: string } }> }
  ).errors;
  return { message: error.message, code: error.extensions.code };
}

interface DeliveryView {
  status: string;
  providerStatus: string | null;
  providerStatusReason: string | null;
  providerStatusAt: string | null;
  history: Array<{
    source: string;
    event: string;
    attempt: number | null;
    detail: string | null;
    providerMessageId: string | null;
  }>;
}

const BOUNCE = {
  type: 'bounce',
  status: '5.1.1',
  reason:
    "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos",
  bounce_classification: 'Invalid Address',
};

/**
 * Issue 19, point 5: SendGrid's Signed Event Webhook through the real HTTP endpoint, signature
 * check and repository. Emails are sent by the real outbox worker to the SendGrid fake; their
 * events are built from what the fake accepted (custom_args carry the delivery id) and signed
 * with a key pair whose public half the app is configured with. The app's Clock is a
 * ManualClock, so "after the replay window" is a step, not a sleep.
 */
describe('SendGrid Event Webhook (signed posts about sends the SendGrid fake accepted)', () => {
  let fake: SendGridFake;
  let t: TestApp;
  let service: UserWithToken;
  const webhook = new SendGridEventWebhook();
  const clock = new ManualClock();

  beforeAll(async () => {
    fake = await SendGridFake.start();
    t = await startTestApp({
      env: {
        SENDGRID_API_KEY: DEFAULT_FAKE_API_KEY,
        SENDGRID_BASE_URL: fake.baseUrl,
        MAIL_FROM_ADDRESS: 'notifications@catalog.example.com',
        SENDGRID_WEBHOOK_PUBLIC_KEY: webhook.publicKey,
        SENDGRID_WEBHOOK_MAX_AGE_SECONDS: '600',
      },
      configure: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    service = await createService(t);
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  /** One notification sent and accepted: its delivery id and the request SendGrid accepted. */
  async function sentEmail(): Promise<{ id: string; send: RecordedRequest }> {
    const owner = await createUser(t);
    const published = await publish(t, service.token, {
      type: 'notify_on_download_ready',
      payload: { exportId: 'e', exportName: 'Export' },
      recipientIds: [owner.user.id],
    });
    const [row] = await waitForFinal(t, published.deliveryIds);
    expect(row.status).toBe('SENT');
    return { id: row.id, send: sentRequestFor(fake, row.id) };
  }

  /** A moment after now (SendGrid's timestamps are whole seconds, after the send). */
  const later = (seconds: number) => new Date(clock.now() + seconds * 1000);

  // As a string: superagent would serialise a Buffer as JSON ({"type":"Buffer",...}), not send it.
  const post = (signed: SignedPost | { headers: Record<string, string>; body: Buffer }) =>
    t.http().post(EVENT_WEBHOOK_PATH).set(signed.headers).send(signed.body.toString('utf8'));

  const signedNow = (events: unknown) => webhook.sign(events, Math.floor(clock.now() / 1000));

  async function view(id: string): Promise<DeliveryView> {
    const { data, errors } = await t.gql<{ emailDelivery: DeliveryView }>(DELIVERY, { id });
    expect(errors).toBeUndefined();
    return data!.emailDelivery;
  }

  it('records a delivery with the receiving server answer, in emailDelivery and its history', async () => {
    const { id, send } = await sentEmail();
    const events = [
      webhook.event(send, 'processed', {}, later(1)),
      webhook.event(send, 'delivered', { response: '250 2.0.0 OK  1700000000 x' }, later(3)),
      webhook.event(send, 'open', { useragent: 'Mozilla/5.0' }, later(60)),
      // Another application's mail on the same account, and a delivery of ours since deleted.
      { ...webhook.event(send, 'delivered', {}, later(3)), delivery_id: undefined },
      webhook.event(send, 'delivered', { delivery_id: randomUUID() }, later(3)),
    ];
    const response = await post(signedNow(events));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      received: 5,
      recorded: 2,
      duplicates: 0,
      unmatched: 2,
      ignored: 1,
    });

    const delivery = await view(id);
    expect(delivery).toMatchObject({
      status: 'SENT',
      providerStatus: 'DELIVERED',
      providerStatusReason: 'Delivered: 250 2.0.0 OK  1700000000 x',
      providerStatusAt: new Date(Math.floor(later(3).getTime() / 1000) * 1000).toISOString(),
    });
    expect(delivery.history.map(({ source, event }) => `${source} ${event}`)).toEqual([
      'TRANSPORT ACCEPTED',
      'SENDGRID processed',
      'SENDGRID delivered',
    ]);
    expect(delivery.history[1]?.providerMessageId).toMatch(
      new RegExp(`^${send.messageId ?? 'none'}\\.`),
    );
  });

  it('ends in the same verdict whatever the order, and records a repeated event once', async () => {
    const inOrder = await sentEmail();
    const reversed = await sentEmail();
    const eventsFor = (send: RecordedRequest) => [
      webhook.event(
        send,
        'deferred',
        { response: '451 4.7.1 Try again later', attempt: '1' },
        later(1),
      ),
      webhook.event(send, 'delivered', { response: '250 OK' }, later(5)),
      // An asynchronous bounce: the receiving server accepted it, then sent a bounce.
      webhook.event(send, 'bounce', BOUNCE, later(9)),
    ];
    const ordered = signedNow(eventsFor(inOrder.send));
    expect((await post(ordered)).status).toBe(200);
    for (const event of eventsFor(reversed.send).reverse()) {
      expect((await post(signedNow([event]))).status).toBe(200);
    }
    // SendGrid retries a post it thinks failed: the same bytes again, inside the window.
    const repeated = await post(ordered);
    expect(repeated.status).toBe(200);
    expect(repeated.body).toMatchObject({ received: 3, recorded: 0, duplicates: 3 });

    for (const { id } of [inOrder, reversed]) {
      const delivery = await view(id);
      expect(delivery).toMatchObject({
        providerStatus: 'BOUNCED',
        providerStatusReason: `Bounced (5.1.1): ${BOUNCE.reason}`,
      });
      expect(delivery.history.filter((line) => line.source === 'SENDGRID')).toHaveLength(3);
      expect(delivery.history.find((line) => line.event === 'deferred')).toMatchObject({
        attempt: 1,
        detail: 'Deferred (attempt 1): 451 4.7.1 Try again later',
      });
    }
  });

  it('shows dropped and spam-reported emails, and filters by the verdict', async () => {
    const dropped = await sentEmail();
    const reported = await sentEmail();
    const response = await post(
      signedNow([
        webhook.event(dropped.send, 'dropped', { reason: 'Bounced Address' }, later(1)),
        webhook.event(reported.send, 'delivered', { response: '250 OK' }, later(1)),
        webhook.event(reported.send, 'spamreport', {}, later(30)),
      ]),
    );
    expect(response.status).toBe(200);

    const list = async (providerStatus: string) =>
      (
        await t.gql<{
          emailDeliveries: {
            nodes: Array<{ id: string; providerStatus: string; providerStatusReason: string }>;
          };
        }>(BY_PROVIDER_STATUS, { filter: { providerStatus } })
      ).data!.emailDeliveries.nodes;
    expect(await list('DROPPED')).toEqual([
      {
        id: dropped.id,
        providerStatus: 'DROPPED',
        providerStatusReason: 'Dropped by SendGrid: Bounced Address',
      },
    ]);
    expect(await list('SPAM_REPORT')).toEqual([
      {
        id: reported.id,
        providerStatus: 'SPAM_REPORT',
        providerStatusReason: 'The recipient marked the email as spam',
      },
    ]);
  });

  it('refuses unsigned, forged, altered and out-of-window posts, and records nothing from them', async () => {
    const { id, send } = await sentEmail();
    const events = [webhook.event(send, 'dropped', { reason: 'Invalid' }, later(1))];
    const good = signedNow(events);
    const altered = {
      headers: good.headers,
      body: Buffer.from(JSON.stringify(events).replace('Invalid', 'Spam')),
    };
    const logFrom = t.logs.length;

    const unsigned = await post({
      headers: { 'Content-Type': 'application/json' },
      body: good.body,
    });
    expect(unsigned.status).toBe(401);
    expect(errorOf(unsigned)).toEqual({
      message: 'The post carries no Signed Event Webhook signature and timestamp',
      code: 'UNAUTHENTICATED',
    });
    for (const refused of [webhook.forge(events), altered]) {
      const response = await post(refused);
      expect(response.status).toBe(401);
      expect(errorOf(response).message).toBe(
        'The signature does not verify with SENDGRID_WEBHOOK_PUBLIC_KEY',
      );
    }
    const old = await post(webhook.sign(events, Math.floor(clock.now() / 1000) - 3600));
    expect(old.status).toBe(401);
    expect(errorOf(old).message).toMatch(
      /^The signed timestamp is 36\d\d s from now, beyond SENDGRID_WEBHOOK_MAX_AGE_SECONDS \(600 s\)$/,
    );
    expect((await view(id)).providerStatus).toBeNull();

    // A post captured and replayed after the window is refused, though its signature is genuine.
    clock.advance(11 * 60 * 1000);
    const replayed = await post(good);
    expect(replayed.status).toBe(401);
    expect(errorOf(replayed).message).toMatch(/^The signed timestamp is 6\d\d s from now/);
    const delivery = await view(id);
    expect(delivery.providerStatus).toBeNull();
    expect(delivery.history.map((line) => line.source)).toEqual(['TRANSPORT']);

    const signedGarbage = await post(
      webhook.sign(Buffer.from('not json'), Math.floor(clock.now() / 1000)),
    );
    expect(signedGarbage.status).toBe(400);
    expect(errorOf(signedGarbage)).toEqual({
      message: 'The body is not JSON',
      code: 'BAD_REQUEST',
    });
    expect(t.logs.slice(logFrom).join('\n')).toMatch(/Refused a SendGrid event post/);
  });
});
