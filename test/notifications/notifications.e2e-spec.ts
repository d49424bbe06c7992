import { DataSource } from 'typeorm';
import { NotificationsService } from '../../src/notifications/notifications.service.js';
import { createAdmin, createService, createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { nextDeliveryPass } from '../support/next-signal.js';
import { DEFAULT_FAKE_API_KEY, SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import {
  contentOf,
  deliveryRows,
  publish,
  PUBLISH_EVENT,
  requestsFor,
  sentRequestFor,
  waitForFinal,
} from './notifications-helpers.js';

const FROM = 'notifications@catalog.example.com';

const SUBSCRIBE = `mutation S($input: SubscriptionInput!) { subscribe(input: $input) { id eventType objectRef } }`;
const UNSUBSCRIBE = `mutation U($input: SubscriptionInput!) { unsubscribe(input: $input) }`;
const MY_SUBSCRIPTIONS = `{ mySubscriptions { eventType objectRef } }`;
const SET_KILL_SWITCH = `mutation K($disabled: Boolean!) { setEmailNotificationsDisabled(disabled: $disabled) { notificationsDisabled } }`;
const EMAIL_DELIVERIES = `
  query D($filter: EmailDeliveryFilter, $first: Int, $after: String) {
    emailDeliveries(filter: $filter, first: $first, after: $after) {
      nodes { id type recipient subject status suppressionReason attempts lastError
              providerMessageId transport createdAt sentAt updatedAt }
      pageInfo { endCursor hasNextPage }
    }
  }`;

interface DeliveryNode {
  id: string;
  type: string;
  recipient: string;
  subject: string;
  status: string;
  suppressionReason: string | null;
  attempts: number;
  lastError: string | null;
  providerMessageId: string | null;
  transport: string | null;
  createdAt: string;
  sentAt: string | null;
}

interface DeliveriesPage {
  emailDeliveries: {
    nodes: DeliveryNode[];
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
}

// One file past our ~400-line rule on purpose: every case shares one booted app and one SendGrid
// fake (an app per file costs seconds of a 2-core machine); each describe block is one chapter of
// the outbound path, in the order an email travels.
describe('notifications: types, subscriptions, kill switch, outbox to SendGrid', () => {
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
        ADMIN_EMAIL: 'admin@catalog.example.com',
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

  describe('each type reaches the users its rule names, with its subject', () => {
    it('sends the named-recipient types to the named users only', async () => {
      const owner = await createUser(t, { displayName: 'Ada Lovelace' });
      const bystander = await createUser(t);
      const cases = [
        {
          type: 'notify_on_download_ready',
          payload: { exportId: 'exp-1', exportName: 'Q3 sales' },
          subject: 'Your data export "Q3 sales" is ready for download',
        },
        {
          type: 'notify_on_download_failed',
          payload: { exportId: 'exp-2', exportName: 'Q3 sales', reason: 'Timed out' },
          subject: 'Your data export "Q3 sales" failed',
        },
        {
          type: 'scheduled_query_succeeded',
          payload: { queryId: 'q-1', queryName: 'Daily revenue', rowCount: 3 },
          subject: 'Scheduled query "Daily revenue" succeeded',
        },
        {
          type: 'scheduled_query_failed',
          payload: { queryId: 'q-1', queryName: 'Daily revenue', error: 'relation missing' },
          subject: 'Scheduled query "Daily revenue" failed',
        },
      ];
      for (const { type, payload, subject } of cases) {
        const published = await publish(t, service.token, {
          type,
          payload,
          recipientIds: [owner.user.id],
        });
        expect(published).toMatchObject({ type, recipientCount: 1, suppressedCount: 0 });
        const [row] = await waitForFinal(t, published.deliveryIds);
        expect(row).toMatchObject({ status: 'SENT', attempts: 1, transport: 'sendgrid', subject });

        const request = sentRequestFor(fake, published.deliveryIds[0]);
        expect(request.body?.personalizations[0].to).toEqual([
          { email: owner.user.email, name: 'Ada Lovelace' },
        ]);
        expect(request.body?.subject).toBe(subject);
        expect(row.provider_message_id).toBe(request.messageId);
      }
      expect(fake.sentTo(bystander.user.email)).toHaveLength(0);
    });

    it('sends system health and scheduled job status to every active Server Admin', async () => {
      const secondAdmin = await createAdmin(t, { email: 'second-admin@catalog.example.com' });
      const retiredAdmin = await createAdmin(t);
      await t.gql(
        `mutation { updateUser(id: "${retiredAdmin.user.id}", input: { active: false }) { id } }`,
      );
      const user = await createUser(t);

      const health = await publish(t, service.token, {
        type: 'system_health',
        payload: { status: 'degraded', summary: 'Search is slow' },
      });
      const job = await publish(t, service.token, {
        type: 'scheduled_job_status',
        payload: { jobName: 'Nightly sync', status: 'failed' },
      });
      const rows = await waitForFinal(t, [...health.deliveryIds, ...job.deliveryIds]);
      expect(rows.every((row) => row.status === 'SENT')).toBe(true);

      const admins = ['admin@catalog.example.com', secondAdmin.user.email].sort();
      for (const [published, subject] of [
        [health, 'System health: degraded - Search is slow'],
        [job, 'Scheduled job "Nightly sync": failed'],
      ] as const) {
        const recipients = published.deliveryIds
          .map((id) => sentRequestFor(fake, id))
          .map((request) => {
            expect(request.body?.subject).toBe(subject);
            return request.body?.personalizations[0].to[0].email;
          });
        expect(recipients.sort()).toEqual(admins);
      }
      expect(fake.sentTo(retiredAdmin.user.email)).toHaveLength(0);
      expect(fake.sentTo(user.user.email)).toHaveLength(0);
    });

    it('sends conversation mentions and assignments enqueued by another module in its transaction', async () => {
      const recipient = await createUser(t, { displayName: 'Ada' });
      const notifications = t.app.get(NotificationsService);
      const conversationId = '3f7c1e0a-1111-4222-8333-444455556666';
      const token = 'k7m2p9q4r8s1t6v3w5x0y2z4a6b8c0d1';

      const [mention, assignment] = await t.app.get(DataSource).transaction(async (manager) => {
        const mentionRows = await notifications.enqueue(manager, {
          type: 'conversation_mention',
          recipients: [{ userId: recipient.user.id, email: recipient.user.email, name: 'Ada' }],
          payload: {
            actorName: 'Grace',
            conversationId,
            conversationTitle: 'Quarterly revenue',
            postBody: 'Is <this> right, @ada?',
            replyByEmail: true,
          },
          replyTo: 'replies@catalog.example.com',
          headers: { 'Message-ID': `<${token}@catalog.example.com>` },
        });
        const assignmentRows = await notifications.enqueue(manager, {
          type: 'conversation_assignment',
          recipients: [{ userId: recipient.user.id, email: recipient.user.email, name: 'Ada' }],
          payload: { actorName: 'Grace', conversationId, conversationTitle: 'Quarterly revenue' },
        });
        expect(mentionRows).toEqual([
          expect.objectContaining({ status: 'PENDING', type: 'conversation_mention' }),
        ]);
        // Uncommitted rows are invisible to the worker: nothing may leave before the commit.
        expect(await nextDeliveryPass(t.app)).toMatchObject({ claimed: 0 });
        expect(fake.requests()).toHaveLength(0);
        return [mentionRows[0], assignmentRows[0]];
      });
      await waitForFinal(t, [mention.id, assignment.id]);

      const mentionEmail = sentRequestFor(fake, mention.id);
      expect(mentionEmail.body?.subject).toBe('Grace mentioned you in Quarterly revenue');
      expect(mentionEmail.body?.reply_to).toEqual({ email: 'replies@catalog.example.com' });
      expect(mentionEmail.body?.headers).toEqual({
        'Message-ID': `<${token}@catalog.example.com>`,
        'Auto-Submitted': 'auto-generated',
      });
      expect(mentionEmail.body?.from).toEqual({ email: FROM, name: 'Data Catalog' });
      expect(mentionEmail.body?.custom_args).toEqual({ delivery_id: mention.id });
      const text = contentOf(mentionEmail, 'text/plain');
      const html = contentOf(mentionEmail, 'text/html');
      expect(text.startsWith('Please type your reply above this line\n')).toBe(true);
      expect(text).toContain(`http://replyline.test/conversations/${conversationId}`);
      expect(html).toContain('Is &lt;this&gt; right, @ada?');
      expect(html.indexOf('Please type your reply above this line')).toBeLessThan(
        html.indexOf('Is &lt;this&gt;'),
      );

      const assignmentEmail = sentRequestFor(fake, assignment.id);
      expect(assignmentEmail.body?.subject).toBe('Grace assigned you to this Conversation');
      expect(assignmentEmail.body?.reply_to).toBeUndefined();
      // The default Message-ID: the delivery id in the domain of the from address.
      expect(assignmentEmail.body?.headers).toEqual({
        'Message-ID': `<${assignment.id}@catalog.example.com>`,
        'Auto-Submitted': 'auto-generated',
      });
      expect(contentOf(assignmentEmail, 'text/plain')).not.toContain('Please type your reply');

      // A reply quoting the assignment's Message-ID is recognised as answering an assignment.
      expect(
        await notifications.findDeliveryTypeByMessageId(`<${assignment.id}@CATALOG.example.com>`),
      ).toBe('conversation_assignment');
      expect(
        await notifications.findDeliveryTypeByMessageId(`${assignment.id}@elsewhere.example.com`),
      ).toBeNull();
      expect(
        await notifications.findDeliveryTypeByMessageId(`<${token}@catalog.example.com>`),
      ).toBeNull();
    });

    it('sends nothing for a transaction that rolls back', async () => {
      const recipient = await createUser(t);
      let enqueuedId = '';
      await expect(
        t.app.get(DataSource).transaction(async (manager) => {
          const [row] = await t.app.get(NotificationsService).enqueue(manager, {
            type: 'conversation_assignment',
            recipients: [{ userId: recipient.user.id, email: recipient.user.email }],
            payload: { actorName: 'Grace', conversationId: 'c-1', conversationTitle: 'T' },
          });
          enqueuedId = row.id;
          throw new Error('the caller changed its mind');
        }),
      ).rejects.toThrow('the caller changed its mind');
      expect(await nextDeliveryPass(t.app)).toMatchObject({ claimed: 0 });
      expect(await deliveryRows(t, [enqueuedId])).toEqual([]);
      expect(fake.requests()).toHaveLength(0);
    });
  });

  describe('subscriptions', () => {
    it('narrows subscription events by object, and follows subscribe/unsubscribe', async () => {
      const everyTable = await createUser(t);
      const table42 = await createUser(t);
      const table7 = await createUser(t);
      const otherEvent = await createUser(t);
      const gone = await createUser(t);
      const subscribe = async (who: UserWithToken, input: Record<string, unknown>) => {
        const { errors } = await t.gql(SUBSCRIBE, { input }, who.token);
        expect(errors).toBeUndefined();
      };
      await subscribe(everyTable, { eventType: 'table_updated' });
      await subscribe(everyTable, { eventType: 'table_updated' }); // idempotent
      await subscribe(everyTable, { eventType: 'table_updated', objectRef: 'table:42' }); // no double email
      await subscribe(table42, { eventType: 'table_updated', objectRef: 'table:42' });
      await subscribe(table7, { eventType: 'table_updated', objectRef: 'table:7' });
      await subscribe(otherEvent, { eventType: 'column_deleted' });
      await subscribe(gone, { eventType: 'table_updated' });
      const removed = await t.gql<{ unsubscribe: boolean }>(
        UNSUBSCRIBE,
        { input: { eventType: 'table_updated' } },
        gone.token,
      );
      expect(removed.data?.unsubscribe).toBe(true);
      const again = await t.gql<{ unsubscribe: boolean }>(
        UNSUBSCRIBE,
        { input: { eventType: 'table_updated' } },
        gone.token,
      );
      expect(again.data?.unsubscribe).toBe(false);

      const mine = await t.gql<{ mySubscriptions: unknown[] }>(
        MY_SUBSCRIPTIONS,
        {},
        everyTable.token,
      );
      expect(mine.data?.mySubscriptions).toEqual([
        { eventType: 'table_updated', objectRef: null },
        { eventType: 'table_updated', objectRef: 'table:42' },
      ]);

      const onTable42 = await publish(t, service.token, {
        type: 'subscription_event',
        payload: { eventType: 'table_updated', title: 'sales.orders was updated' },
        objectRef: 'table:42',
      });
      const onNoObject = await publish(t, service.token, {
        type: 'subscription_event',
        payload: { eventType: 'table_updated', title: 'Tables were reindexed' },
      });
      const rows = await waitForFinal(t, [...onTable42.deliveryIds, ...onNoObject.deliveryIds]);
      expect(rows.every((row) => row.status === 'SENT')).toBe(true);

      const recipientsOf = (ids: string[]) =>
        ids.map((id) => sentRequestFor(fake, id).body?.personalizations[0].to[0].email).sort();
      expect(recipientsOf(onTable42.deliveryIds)).toEqual(
        [everyTable.user.email, table42.user.email].sort(),
      );
      expect(recipientsOf(onNoObject.deliveryIds)).toEqual([everyTable.user.email]);
      const email = sentRequestFor(fake, onTable42.deliveryIds[0]);
      expect(email.body?.subject).toBe('sales.orders was updated');
      expect(contentOf(email, 'text/plain')).toContain('http://replyline.test/catalog/table%3A42');
      for (const user of [table7, otherEvent, gone])
        expect(fake.sentTo(user.user.email)).toHaveLength(0);
    });

    it('refuses a malformed subscription', async () => {
      const user = await createUser(t);
      const { errors } = await t.gql(
        SUBSCRIBE,
        { input: { eventType: 'Table Updated', objectRef: 'nope' } },
        user.token,
      );
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(Object.keys(errors?.[0]?.extensions?.fields ?? {}).sort()).toEqual([
        'eventType',
        'objectRef',
      ]);
    });
  });

  describe('publishEvent input and access', () => {
    it('is for SERVICE tokens only', async () => {
      const user = await createUser(t);
      const input = { type: 'system_health', payload: { status: 'ok', summary: 'fine' } };
      for (const token of [user.token, t.adminToken]) {
        const { data, errors } = await t.gql(PUBLISH_EVENT, { input }, token);
        expect(data).toBeNull();
        expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      const anonymous = await t.gql(PUBLISH_EVENT, { input }, null);
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(await nextDeliveryPass(t.app)).toMatchObject({ claimed: 0 });
      expect(fake.requests()).toHaveLength(0);
    });

    it('names an unknown type, missing payload fields and unknown recipients', async () => {
      const badInput = async (input: Record<string, unknown>) => {
        const { data, errors } = await t.gql(PUBLISH_EVENT, { input }, service.token);
        expect(data).toBeNull();
        expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        return {
          message: errors?.[0]?.message ?? '',
          fields: errors?.[0]?.extensions?.fields ?? {},
        };
      };

      const unknownType = await badInput({ type: 'notify_on_lunch', payload: {} });
      expect(unknownType.fields.type?.[0]).toMatch(/unknown notification type "notify_on_lunch"/);

      const missing = await badInput({
        type: 'notify_on_download_ready',
        payload: { exportName: 7 },
        recipientIds: [service.user.id],
      });
      expect(missing.fields).toEqual({
        'payload.exportId': ['is required for notify_on_download_ready'],
        'payload.exportName': ['must be a string'],
      });

      const owner = await createUser(t);
      const stranger = '00000000-0000-4000-8000-000000000042';
      const unknownRecipient = await badInput({
        type: 'scheduled_query_failed',
        payload: { queryId: 'q', queryName: 'n' },
        recipientIds: [owner.user.id, stranger],
      });
      expect(unknownRecipient.fields.recipientIds?.[0]).toContain(stranger);
      expect(unknownRecipient.fields.recipientIds?.[0]).not.toContain(owner.user.id);

      const noRecipients = await badInput({
        type: 'scheduled_query_failed',
        payload: { queryId: 'q', queryName: 'n' },
      });
      expect(noRecipients.fields.recipientIds?.[0]).toMatch(/are required/);

      const inProcess = await badInput({ type: 'conversation_mention', payload: {} });
      expect(inProcess.fields.type?.[0]).toMatch(/cannot be published/);

      const notAnObject = await badInput({ type: 'system_health', payload: [1, 2] });
      expect(notAnObject.fields.payload).toBeDefined();

      expect(await nextDeliveryPass(t.app)).toMatchObject({ claimed: 0 });
      expect(fake.requests()).toHaveLength(0);
    });
  });

  describe('admin view', () => {
    it('lists deliveries newest first with filters and stable cursors, for Server Admins only', async () => {
      const users = await Promise.all(Array.from({ length: 5 }, () => createUser(t)));
      for (const user of users) {
        await t.gql(SUBSCRIBE, { input: { eventType: 'glossary_changed' } }, user.token);
      }
      // One fan-out: five rows from one INSERT share created_at, so only the id orders them.
      const published = await publish(t, service.token, {
        type: 'subscription_event',
        payload: { eventType: 'glossary_changed', title: 'Glossary term "ARR" changed' },
      });
      await waitForFinal(t, published.deliveryIds);

      const seen: DeliveryNode[] = [];
      let after: string | null = null;
      do {
        const page: { data?: DeliveriesPage | null } = await t.gql<DeliveriesPage>(
          EMAIL_DELIVERIES,
          {
            filter: { type: 'subscription_event', status: 'SENT' },
            first: 2,
            after,
          },
        );
        if (!page.data) throw new Error(JSON.stringify(page));
        const { nodes, pageInfo } = page.data.emailDeliveries;
        seen.push(...nodes);
        after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
      } while (after);
      const ours = seen.filter((node) => published.deliveryIds.includes(node.id));
      expect(ours).toHaveLength(5);
      expect(new Set(seen.map((node) => node.id)).size).toBe(seen.length);
      expect(ours[0]).toMatchObject({
        type: 'subscription_event',
        subject: 'Glossary term "ARR" changed',
        status: 'SENT',
        attempts: 1,
        transport: 'sendgrid',
        lastError: null,
        suppressionReason: null,
      });
      expect(ours[0].providerMessageId).toEqual(expect.any(String));
      expect(ours[0].sentAt).toEqual(expect.any(String));
      // Newest first.
      const times = seen.map((node) => Date.parse(node.createdAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);

      const byRecipient = await t.gql<DeliveriesPage>(EMAIL_DELIVERIES, {
        filter: { recipient: users[2].user.email.toUpperCase() },
      });
      expect(byRecipient.data?.emailDeliveries.nodes.map((node) => node.recipient)).toEqual([
        users[2].user.email,
      ]);

      const byStatus = await t.gql<DeliveriesPage>(EMAIL_DELIVERIES, {
        filter: { status: 'FAILED', type: 'subscription_event' },
      });
      expect(
        byStatus.data?.emailDeliveries.nodes.filter((node) =>
          published.deliveryIds.includes(node.id),
        ),
      ).toEqual([]);

      const forbidden = await t.gql(EMAIL_DELIVERIES, {}, users[0].token);
      expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const forService = await t.gql(EMAIL_DELIVERIES, {}, service.token);
      expect(forService.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('filters deliveries by creation time (since inclusive, before exclusive) and refuses a reversed window', async () => {
      const user = await createUser(t);
      const published = await publish(t, service.token, {
        type: 'notify_on_download_ready',
        payload: { exportId: 'exp-window', exportName: 'Window' },
        recipientIds: [user.user.id],
      });
      const ids = async (filter: Record<string, unknown>): Promise<string[]> => {
        const page = await t.gql<DeliveriesPage>(EMAIL_DELIVERIES, {
          filter: { recipient: user.user.email, ...filter },
        });
        if (!page.data) throw new Error(JSON.stringify(page));
        return page.data.emailDeliveries.nodes.map((node) => node.id);
      };
      await waitForFinal(t, published.deliveryIds);
      const listed = await t.gql<DeliveriesPage>(EMAIL_DELIVERIES, {
        filter: { recipient: user.user.email },
      });
      const [node] = listed.data!.emailDeliveries.nodes;
      const created = node.id;
      expect(created).toBe(published.deliveryIds[0]);
      // The API gives milliseconds; the row keeps microseconds, so the value read is at or just
      // before the row's time.
      const at = Date.parse(node.createdAt);
      const iso = (ms: number) => new Date(ms).toISOString();

      expect(await ids({ createdSince: iso(at) })).toEqual([created]);
      expect(await ids({ createdSince: iso(at + 1) })).toEqual([]);
      expect(await ids({ createdBefore: iso(at + 1) })).toEqual([created]);
      expect(await ids({ createdBefore: iso(at) })).toEqual([]);
      expect(
        await ids({ createdSince: iso(at - 60_000), createdBefore: iso(at + 60_000) }),
      ).toEqual([created]);

      const reversed = await t.gql(EMAIL_DELIVERIES, {
        filter: { createdSince: iso(at + 60_000), createdBefore: iso(at) },
      });
      expect(reversed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(reversed.errors?.[0]?.extensions?.fields).toEqual({
        'filter.createdSince': ['createdSince must be earlier than createdBefore'],
      });
      const notADate = await t.gql(EMAIL_DELIVERIES, { filter: { createdSince: 'yesterday' } });
      expect(notADate.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('failures and retries', () => {
    it('retries a 429 after its Retry-After, then records SENT', async () => {
      const owner = await createUser(t);
      fake.failNext({ type: 'rate-limited', retryAfterSeconds: 1 });
      const published = await publish(t, service.token, {
        type: 'notify_on_download_ready',
        payload: { exportId: 'e', exportName: 'Export' },
        recipientIds: [owner.user.id],
      });
      const [row] = await waitForFinal(t, published.deliveryIds);
      expect(row).toMatchObject({ status: 'SENT', attempts: 2 });
      expect(row.last_error).toMatch(/SendGrid 429/);
      const requests = requestsFor(fake, row.id);
      expect(requests.map((request) => request.status)).toEqual([429, 202]);
      const waited = requests[1].receivedAt.getTime() - requests[0].receivedAt.getTime();
      expect(waited).toBeGreaterThanOrEqual(950);
    });

    it('fails a 400 at once, with SendGrid error text', async () => {
      const owner = await createUser(t);
      fake.failNext({
        type: 'bad-request',
        message: 'The to email does not contain a valid address.',
        field: 'personalizations.0.to.0.email',
      });
      const published = await publish(t, service.token, {
        type: 'notify_on_download_failed',
        payload: { exportId: 'e', exportName: 'Export' },
        recipientIds: [owner.user.id],
      });
      const [row] = await waitForFinal(t, published.deliveryIds);
      expect(row).toMatchObject({ status: 'FAILED', attempts: 1, transport: 'sendgrid' });
      expect(row.last_error).toBe(
        'SendGrid 400: The to email does not contain a valid address. (field: personalizations.0.to.0.email)',
      );
      // A FAILED row is final: the worker's next look at the outbox does not take it again.
      expect(await nextDeliveryPass(t.app)).toMatchObject({ claimed: 0 });
      expect(requestsFor(fake, row.id)).toHaveLength(1);
    });

    it('retries a 500 until OUTBOX_MAX_ATTEMPTS, then records FAILED', async () => {
      const owner = await createUser(t);
      fake.failFor(owner.user.email, { type: 'server-error' });
      const published = await publish(t, service.token, {
        type: 'scheduled_query_failed',
        payload: { queryId: 'q', queryName: 'Daily' },
        recipientIds: [owner.user.id],
      });
      const [row] = await waitForFinal(t, published.deliveryIds);
      expect(row).toMatchObject({ status: 'FAILED', attempts: 3 });
      expect(row.last_error).toBe('Gave up after 3 attempts: SendGrid 500: internal server error');
      expect(await nextDeliveryPass(t.app)).toMatchObject({ claimed: 0 });
      expect(requestsFor(fake, row.id)).toHaveLength(3);
    });

    it('reports a rejected API key once, not once per email', async () => {
      const owners = await Promise.all([createUser(t), createUser(t), createUser(t)]);
      fake.setValidKeys(['SG.some-other-key']);
      const logLinesBefore = t.logs.length;
      const published = await publish(t, service.token, {
        type: 'scheduled_query_succeeded',
        payload: { queryId: 'q', queryName: 'Daily' },
        recipientIds: owners.map((owner) => owner.user.id),
      });
      const rows = await waitForFinal(t, published.deliveryIds);
      for (const row of rows) {
        expect(row).toMatchObject({ status: 'FAILED', attempts: 1 });
        expect(row.last_error).toMatch(
          /^SendGrid refused the API key: .*\(SendGrid 401: The provided authorization grant is invalid/,
        );
      }
      const keyLines = t.logs.slice(logLinesBefore).filter((line) => line.includes('API key'));
      expect(keyLines).toHaveLength(1);
      expect(keyLines[0]).toMatch(/SendGrid refused the API key: .*SENDGRID_API_KEY/);
    });
  });

  describe('kill switch', () => {
    afterEach(async () => {
      await t.gql(SET_KILL_SWITCH, { disabled: false });
    });

    it('suppresses every type but the two download notifications, and never sends them later', async () => {
      const owner = await createUser(t);
      const subscriber = await createUser(t);
      await t.gql(SUBSCRIBE, { input: { eventType: 'lineage_changed' } }, subscriber.token);
      const { errors } = await t.gql(SET_KILL_SWITCH, { disabled: true });
      expect(errors).toBeUndefined();

      const named = { recipientIds: [owner.user.id] };
      const inputs = [
        { type: 'notify_on_download_ready', payload: { exportId: 'e', exportName: 'X' }, ...named },
        {
          type: 'notify_on_download_failed',
          payload: { exportId: 'e', exportName: 'X' },
          ...named,
        },
        { type: 'scheduled_query_succeeded', payload: { queryId: 'q', queryName: 'Q' }, ...named },
        { type: 'scheduled_query_failed', payload: { queryId: 'q', queryName: 'Q' }, ...named },
        { type: 'system_health', payload: { status: 'down', summary: 'DB' } },
        { type: 'scheduled_job_status', payload: { jobName: 'J', status: 'failed' } },
        {
          type: 'subscription_event',
          payload: { eventType: 'lineage_changed', title: 'Lineage changed' },
        },
      ];
      const published = new Map<string, string[]>();
      for (const input of inputs) {
        const result = await publish(t, service.token, input);
        const exempt = input.type.startsWith('notify_on_download');
        expect(result.suppressedCount).toBe(exempt ? 0 : result.recipientCount);
        published.set(input.type, result.deliveryIds);
      }
      const [mention] = await t.app.get(DataSource).transaction((manager) =>
        t.app.get(NotificationsService).enqueue(manager, {
          type: 'conversation_mention',
          recipients: [{ userId: owner.user.id, email: owner.user.email }],
          payload: { actorName: 'G', conversationId: 'c', conversationTitle: 'T', postBody: 'hi' },
        }),
      );
      expect(mention.status).toBe('SUPPRESSED');
      published.set('conversation_mention', [mention.id]);

      const allIds = [...published.values()].flat();
      const rows = await waitForFinal(t, allIds);
      for (const row of rows) {
        if (row.type.startsWith('notify_on_download')) {
          expect(row.status).toBe('SENT');
        } else {
          expect(row).toMatchObject({ status: 'SUPPRESSED', attempts: 0 });
          expect(row.suppression_reason).toMatch(/Turn Off All Email Notifications for All Users/);
        }
      }
      const sentIds = fake
        .sent()
        .map((request) => request.body?.custom_args?.delivery_id)
        .sort();
      expect(sentIds).toEqual(
        [
          ...published.get('notify_on_download_ready')!,
          ...published.get('notify_on_download_failed')!,
        ].sort(),
      );

      // Turning notifications back on does not send what was suppressed.
      await t.gql(SET_KILL_SWITCH, { disabled: false });
      expect(await nextDeliveryPass(t.app)).toMatchObject({ claimed: 0, suppressed: 0 });
      expect(fake.sent()).toHaveLength(2);
      const after = await deliveryRows(t, allIds);
      expect(after.filter((row) => row.status === 'SUPPRESSED')).toHaveLength(allIds.length - 2);
    });

    it('checks again right before sending: rows enqueued while on are suppressed if it is off by then', async () => {
      const owner = await createUser(t);
      const notifications = t.app.get(NotificationsService);
      const ids = await t.app.get(DataSource).transaction(async (manager) => {
        const rows = await notifications.enqueue(manager, {
          type: 'conversation_assignment',
          recipients: [{ userId: owner.user.id, email: owner.user.email }],
          payload: { actorName: 'G', conversationId: 'c', conversationTitle: 'T' },
        });
        const exempt = await notifications.enqueue(manager, {
          type: 'notify_on_download_ready',
          recipients: [{ userId: owner.user.id, email: owner.user.email }],
          payload: { exportId: 'e', exportName: 'X' },
        });
        expect([rows[0].status, exempt[0].status]).toEqual(['PENDING', 'PENDING']);
        // Notifications are turned off after these rows were written, before the worker sees them.
        const { errors } = await t.gql(SET_KILL_SWITCH, { disabled: true });
        expect(errors).toBeUndefined();
        return [rows[0].id, exempt[0].id];
      });
      const [assignment, download] = await waitForFinal(t, ids).then((rows) =>
        ids.map((id) => rows.find((row) => row.id === id)!),
      );
      expect(assignment).toMatchObject({ status: 'SUPPRESSED', attempts: 0 });
      expect(download).toMatchObject({ status: 'SENT' });
      expect(fake.sent().map((request) => request.body?.custom_args?.delivery_id)).toEqual([
        download.id,
      ]);
    });
  });
});
