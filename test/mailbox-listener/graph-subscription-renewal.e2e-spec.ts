import { eventually } from '../support/eventually.js';
import { startSubscribedApp } from './support/graph-push-harness.js';
import type { SubscribedApp } from './support/graph-push-harness.js';
import { listenerUntil } from './support/listener-harness.js';

/**
 * Subscriptions that live seconds instead of days (the default asks for three days and renews
 * with one left), so that renewal and its failure happen within a test.
 */
describe('Microsoft Graph subscription renewal', () => {
  let push: SubscribedApp;

  const live = () => push.graph.push.subscriptions();

  beforeAll(async () => {
    push = await startSubscribedApp({
      graphSubscribedDeltaIntervalMs: 10 * 60_000,
      graphSubscriptionLifetimeMs: 6_000,
      graphSubscriptionRenewBeforeMs: 5_000,
    });
    await push.enable();
    await listenerUntil(push.t, (listener) =>
      expect(listener).toMatchObject({ mode: 'SUBSCRIPTION', connected: true }),
    );
  });
  afterAll(async () => {
    await push?.close();
  });

  it('renews the subscription before it expires, keeping its id', async () => {
    const [subscription] = live();
    const firstExpiry = Date.parse(subscription.expirationDateTime);
    const renewed = await eventually(() => {
      const [current] = live();
      return current &&
        current.id === subscription.id &&
        Date.parse(current.expirationDateTime) > firstExpiry
        ? { ...current }
        : undefined;
    });
    expect(renewed.id).toBe(subscription.id);
    expect(
      push.graph.requests.filter(
        (request) => request.method === 'PATCH' && request.path.endsWith(subscription.id),
      ).length,
    ).toBeGreaterThanOrEqual(1);
  });

  it('subscribes again when renewing finds the subscription gone (404)', async () => {
    const [subscription] = live();
    // Graph drops subscriptions without a word sometimes; the renewal is what notices.
    await push.graph.push.removeSubscription(subscription.id);
    const replaced = await eventually(() => live().find((entry) => entry.id !== subscription.id));
    expect(
      push.graph.requests.some(
        (request) =>
          request.method === 'PATCH' &&
          request.path.endsWith(subscription.id) &&
          request.status === 404,
      ),
    ).toBe(true);
    expect(replaced.clientState).not.toBe(subscription.clientState);
    await listenerUntil(push.t, (listener) =>
      expect(listener).toMatchObject({ mode: 'SUBSCRIPTION', connected: true }),
    );
  });
});
