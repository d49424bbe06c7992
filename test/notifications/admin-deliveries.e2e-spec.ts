import { createAdmin, createService, createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { DEFAULT_FAKE_API_KEY, SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { contentOf, publish, sentRequestFor, waitForFinal } from './notifications-helpers.js';

const DELIVERY_FIELDS = `id type recipient status suppressionReason attempts lastError transport
  resentFromId textBody`;
const SEND_TEST = `mutation T($to: String!) { sendTestEmail(to: $to) { ${DELIVERY_FIELDS} } }`;
const RESEND = `mutation R($id: ID!) { resendDelivery(id: $id) { ${DELIVERY_FIELDS} } }`;
const SET_KILL_SWITCH = `mutation K($disabled: Boolean!) { setEmailNotificationsDisabled(disabled: $disabled) { notificationsDisabled } }`;
const TRANSPORT = `{ emailServerSettings { outboundTransport { kind description lastError lastErrorDeliveryId lastSuccessAt } } }`;

interface DeliveryNode {
  id: string;
  type: string;
  recipient: string;
  status: string;
  suppressionReason: string | null;
  attempts: number;
  lastError: string | null;
  transport: string | null;
  resentFromId: string | null;
  textBody: string;
}

describe('sendTestEmail, resendDelivery and the outbound transport status', () => {
  let fake: SendGridFake;
  let t: TestApp;
  let admin: UserWithToken;
  let service: UserWithToken;

  beforeAll(async () => {
    fake = await SendGridFake.start();
    t = await startTestApp({
      env: {
        SENDGRID_API_KEY: DEFAULT_FAKE_API_KEY,
        SENDGRID_BASE_URL: fake.baseUrl,
        OUTBOX_RETRY_BASE_MS: '10',
        OUTBOX_MAX_ATTEMPTS: '2',
      },
    });
    admin = await createAdmin(t, { displayName: 'Ada Admin' });
    service = await createService(t);
  });

  afterEach(async () => {
    fake.reset();
    await t.gql(SET_KILL_SWITCH, { disabled: false }, admin.token);
  });

  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const sendTest = async (to: string, token = admin.token) =>
    t.gql<{ sendTestEmail: DeliveryNode }>(SEND_TEST, { to }, token);

  it('sends a test email through SendGrid in the request, recorded as test_email', async () => {
    const { data, errors } = await sendTest('ops@example.test');
    expect(errors).toBeUndefined();
    const delivery = data!.sendTestEmail;
    expect(delivery).toMatchObject({
      type: 'test_email',
      recipient: 'ops@example.test',
      status: 'SENT',
      transport: 'sendgrid',
      attempts: 1,
    });
    const request = sentRequestFor(fake, delivery.id);
    expect(contentOf(request, 'text/plain')).toContain('Ada Admin');
    const { data: status } = await t.gql<{
      emailServerSettings: { outboundTransport: { kind: string; lastSuccessAt: string | null } };
    }>(TRANSPORT, {}, admin.token);
    expect(status!.emailServerSettings.outboundTransport.kind).toBe('SENDGRID');
    expect(status!.emailServerSettings.outboundTransport.lastSuccessAt).not.toBeNull();
  });

  it('bypasses the kill switch', async () => {
    await t.gql(SET_KILL_SWITCH, { disabled: true }, admin.token);
    const { data } = await sendTest('ops@example.test');
    expect(data!.sendTestEmail.status).toBe('SENT');
    expect(fake.sentTo('ops@example.test')).toHaveLength(1);
  });

  it("answers with the provider's refusal and shows it as the transport's last error", async () => {
    fake.failNext({
      type: 'bad-request',
      message: 'The to email does not contain a valid address.',
    });
    const { data } = await sendTest('ops@example.test');
    const delivery = data!.sendTestEmail;
    expect(delivery.status).toBe('FAILED');
    expect(delivery.lastError).toContain('does not contain a valid address');
    const { data: status } = await t.gql<{
      emailServerSettings: {
        outboundTransport: { lastError: string | null; lastErrorDeliveryId: string | null };
      };
    }>(TRANSPORT, {}, admin.token);
    expect(status!.emailServerSettings.outboundTransport).toMatchObject({
      lastErrorDeliveryId: delivery.id,
    });
    expect(status!.emailServerSettings.outboundTransport.lastError).toContain('valid address');
  });

  it('refuses a non-address and non-admins', async () => {
    const bad = await sendTest('not an address');
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const user = await createUser(t);
    const forbidden = await sendTest('ops@example.test', user.token);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(fake.requests()).toHaveLength(0);
  });

  const queryFailed = (user: UserWithToken) =>
    publish(t, service.token, {
      type: 'scheduled_query_failed',
      recipientIds: [user.user.id],
      payload: { queryId: 'q-1', queryName: 'Nightly orders', error: 'relation missing' },
    });

  it('resends a FAILED delivery as a new one linked to it, once', async () => {
    const user = await createUser(t);
    fake.failFor(user.user.email, { type: 'bad-request', message: 'Mailbox unavailable' }, 1);
    const [failedId] = (await queryFailed(user)).deliveryIds;
    expect((await waitForFinal(t, [failedId]))[0].status).toBe('FAILED');

    const first = await t.gql<{ resendDelivery: DeliveryNode }>(
      RESEND,
      { id: failedId },
      admin.token,
    );
    expect(first.errors).toBeUndefined();
    const resend = first.data!.resendDelivery;
    expect(resend).toMatchObject({ resentFromId: failedId, recipient: user.user.email });
    expect(resend.id).not.toBe(failedId);
    const [final] = await waitForFinal(t, [resend.id]);
    expect(final.status).toBe('SENT');
    // Its own Message-ID, so an answer to it is recognised as an answer to this delivery.
    expect(sentRequestFor(fake, resend.id).body?.headers?.['Message-ID']).toContain(resend.id);

    const again = await t.gql<{ resendDelivery: DeliveryNode }>(
      RESEND,
      { id: failedId },
      admin.token,
    );
    expect(again.data!.resendDelivery.id).toBe(resend.id);
    expect(fake.sentTo(user.user.email)).toHaveLength(1);
  });

  it('resends a SUPPRESSED delivery, and refuses a SENT or unknown one', async () => {
    const user = await createUser(t);
    await t.gql(SET_KILL_SWITCH, { disabled: true }, admin.token);
    const [suppressedId] = (await queryFailed(user)).deliveryIds;
    expect((await waitForFinal(t, [suppressedId]))[0].status).toBe('SUPPRESSED');
    await t.gql(SET_KILL_SWITCH, { disabled: false }, admin.token);

    const { data } = await t.gql<{ resendDelivery: DeliveryNode }>(
      RESEND,
      { id: suppressedId },
      admin.token,
    );
    const [final] = await waitForFinal(t, [data!.resendDelivery.id]);
    expect(final.status).toBe('SENT');

    const sent = await t.gql(RESEND, { id: final.id }, admin.token);
    expect(sent.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(sent.errors?.[0].message).toContain('Only FAILED or SUPPRESSED');
    const missing = await t.gql(
      RESEND,
      { id: '00000000-0000-4000-8000-000000000000' },
      admin.token,
    );
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
