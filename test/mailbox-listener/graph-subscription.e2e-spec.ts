import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { GraphNotificationsController } from '../../src/mailbox-sync/graph-notifications.controller.js';
import type { NotificationReceipt } from '../../src/mailbox-sync/graph-notifications.controller.js';
import { MailboxListenerService } from '../../src/mailbox-sync/mailbox-listener.service.js';
import { eventually } from '../support/eventually.js';
import { createUser } from '../support/factories.js';
import type { FakeSubscription } from '../support/microsoft-fake-push.js';
import { nextOf } from '../support/next-signal.js';
import { replyTo } from '../mailbox-sync/support/reply-factory.js';
import {
  REPLY_TO,
  expectNoErrors,
  mention,
  postsOf,
} from '../mailbox-sync/support/sync-harness.js';
import { startSubscribedApp } from './support/graph-push-harness.js';
import type { SubscribedApp } from './support/graph-push-harness.js';
import { listenerUntil } from './support/listener-harness.js';

const NOTIFICATIONS = '/webhooks/graph/notifications';
const LIFECYCLE = '/webhooks/graph/lifecycle';

/**
 * Change notifications: with an https PUBLIC_URL the listener subscribes, Graph (the fake)
 * validates the URLs and then POSTs a notification for every new message, and only a
 * notification with our clientState makes the listener run the delta. The delta interval is
 * ten minutes here, so whatever is posted quickly was posted because of a notification.
 */
describe('mailbox listener with Microsoft Graph change notifications', () => {
  let push: SubscribedApp;
  let subscription: FakeSubscription;

  const t = () => push.t;
  const deltaRounds = () => push.graph.push.deltaRequests.filter((r) => r.kind !== 'page');
  const onlySubscription = async () =>
    eventually(() => {
      const live = push.graph.push.subscriptions();
      return live.length === 1 ? live[0] : undefined;
    });
  const postNotification = (path: string, body: unknown) =>
    t()
      .http()
      .post(path)
      .set('Content-Type', 'application/json')
      .send(body as object);

  beforeAll(async () => {
    push = await startSubscribedApp({ graphSubscribedDeltaIntervalMs: 10 * 60_000 });
  });
  afterAll(async () => {
    await push?.close();
  });

  it('subscribes once PUBLIC_URL is https, after Graph validated both URLs', async () => {
    await push.enable();
    await listenerUntil(t(), (listener) =>
      expect(listener).toMatchObject({ mode: 'SUBSCRIPTION', connected: true }),
    );
    subscription = await onlySubscription();
    expect(subscription).toMatchObject({
      changeType: 'created',
      resource: `users/${REPLY_TO}/mailFolders('inbox')/messages`,
      notificationUrl: `${push.proxy.origin}${NOTIFICATIONS}`,
      lifecycleNotificationUrl: `${push.proxy.origin}${LIFECYCLE}`,
    });
    const lifetimeMs = Date.parse(subscription.expirationDateTime) - Date.now();
    expect(lifetimeMs).toBeGreaterThan(2 * 24 * 3600_000);
    expect(lifetimeMs).toBeLessThanOrEqual(10_070 * 60_000);
    expect(
      push.graph.push.deliveries
        .filter((delivery) => delivery.kind === 'validation')
        .map((delivery) => [delivery.url, delivery.status]),
    ).toEqual([
      [subscription.notificationUrl, 200],
      [subscription.lifecycleNotificationUrl, 200],
    ]);

    // Only a digest of the clientState is stored, never the secret itself.
    const clientState = subscription.clientState!;
    expect(clientState.length).toBeGreaterThanOrEqual(43);
    const [row] = await t()
      .app.get(DataSource)
      .query<Array<Record<string, unknown>>>(`SELECT * FROM mailbox_listener_state WHERE id = 1`);
    expect(row.graph_subscription_id).toBe(subscription.id);
    expect(row.graph_client_state_digest).toEqual(
      createHash('sha256').update(clientState).digest(),
    );
    expect(JSON.stringify(row)).not.toContain(clientState);
  });

  it('runs the delta as soon as Graph notifies a new message, and posts the reply', async () => {
    const author = await createUser(t());
    const recipient = await createUser(t());
    const { conversationId, mention: mentionEmail } = await mention(
      t(),
      push.sendgrid,
      author,
      recipient,
    );
    const roundsBefore = deltaRounds().length;
    const text = 'Notified, then read by the delta.';
    push.graph.addMessage(REPLY_TO, replyTo(mentionEmail, 'outlook', { text }));
    await eventually(
      async () => {
        expect((await postsOf(t(), conversationId)).map((post) => post.body)).toContain(text);
        return true;
      },
      { intervalMs: 50 },
    );
    expect(deltaRounds().length).toBeGreaterThan(roundsBefore);
    const change = push.graph.push.deliveries.filter((delivery) => delivery.kind === 'change');
    expect(change.map((delivery) => delivery.status)).toEqual([202]);
  });

  it('echoes a validation token as plain text, and nothing else', async () => {
    const token = 'Validation: Testing client application reachability <b>for</b> subscription';
    const answer = await t()
      .http()
      .post(`${NOTIFICATIONS}?validationToken=${encodeURIComponent(token)}`)
      .set('Content-Type', 'text/plain')
      .send('');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain/);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.text).toBe(token);
    const tooLong = await t()
      .http()
      .post(`${LIFECYCLE}?validationToken=${'x'.repeat(2000)}`)
      .send('');
    expect(tooLong.status).toBe(400);
  });

  it('rejects notifications without our clientState: they trigger nothing', async () => {
    const listener = t().app.get(MailboxListenerService);
    const receipts = t().app.get(GraphNotificationsController).receipts;
    const roundsBefore = deltaRounds().length;
    const forged = [
      { subscriptionId: subscription.id, clientState: 'a guess', changeType: 'created' },
      { subscriptionId: subscription.id, changeType: 'created' },
      { subscriptionId: 'another', clientState: subscription.clientState, changeType: 'created' },
      { subscriptionId: subscription.id, clientState: subscription.clientState, changeType: 'x' },
    ];
    const receipt = nextOf<NotificationReceipt>(receipts, 'notification receipt');
    const answer = await postNotification(NOTIFICATIONS, { value: forged });
    expect(answer.status).toBe(202);
    expect(await receipt).toEqual({ accepted: 0, rejected: 4 });
    const lifecycle = nextOf<NotificationReceipt>(receipts, 'notification receipt');
    await postNotification(LIFECYCLE, {
      value: [
        { subscriptionId: subscription.id, clientState: 'nope', lifecycleEvent: 'missed' },
        {
          subscriptionId: subscription.id,
          clientState: subscription.clientState,
          lifecycleEvent: 'constructor',
        },
      ],
    });
    expect(await lifecycle).toEqual({ accepted: 0, rejected: 2 });
    expect((await postNotification(NOTIFICATIONS, { nothing: true })).status).toBe(400);
    expect((await postNotification(NOTIFICATIONS, [1, 2, 3])).status).toBe(400);

    // Two full checks later, still no delta round was asked for.
    await nextOf(listener.checks, 'listener check');
    await nextOf(listener.checks, 'listener check');
    expect(deltaRounds()).toHaveLength(roundsBefore);
  });

  it('runs the delta when Graph says notifications were missed', async () => {
    const roundsBefore = deltaRounds().length;
    await push.graph.push.sendLifecycle(subscription.id, 'missed');
    expect(push.graph.push.deliveries.at(-1)).toMatchObject({ kind: 'lifecycle', status: 202 });
    await eventually(() => deltaRounds().length > roundsBefore);
  });

  it('renews the subscription when Graph asks to reauthorize it', async () => {
    const before = subscription.expirationDateTime;
    const patches = () =>
      push.graph.requests.filter(
        (request) =>
          request.method === 'PATCH' && request.path === `/v1.0/subscriptions/${subscription.id}`,
      );
    expect(patches()).toHaveLength(0);
    await push.graph.push.sendLifecycle(subscription.id, 'reauthorizationRequired');
    await eventually(() => patches().some((request) => request.status === 200));
    expect(Date.parse((await onlySubscription()).expirationDateTime)).toBeGreaterThan(
      Date.parse(before),
    );
  });

  it('subscribes again at once when Graph removes the subscription', async () => {
    await push.graph.push.removeSubscription(subscription.id, { notify: true });
    const replaced = await onlySubscription();
    expect(replaced.id).not.toBe(subscription.id);
    expect(replaced.clientState).not.toBe(subscription.clientState);
    await listenerUntil(t(), (listener) =>
      expect(listener).toMatchObject({ mode: 'SUBSCRIPTION', connected: true }),
    );
    subscription = replaced;
  });

  it('deletes the subscription when reply by email is turned off', async () => {
    const off = await t().gql(`mutation { disableReplyByEmail { replyByEmail { enabled } } }`);
    expectNoErrors(off);
    await eventually(() => push.graph.push.subscriptions().length === 0);
    expect(
      push.graph.requests.some(
        (request) =>
          request.method === 'DELETE' &&
          request.path === `/v1.0/subscriptions/${subscription.id}` &&
          request.status === 204,
      ),
    ).toBe(true);
    await listenerUntil(t(), (listener) =>
      expect(listener).toMatchObject({ mode: 'POLL', connected: false }),
    );
    // Its clientState no longer verifies anywhere.
    const [row] = await t()
      .app.get(DataSource)
      .query<
        Array<{ graph_client_state_digest: Buffer | null; graph_subscription_id: string | null }>
      >(`SELECT graph_client_state_digest, graph_subscription_id FROM mailbox_listener_state`);
    expect(row).toEqual({ graph_client_state_digest: null, graph_subscription_id: null });
  });
});
