import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { GraphRequestException } from './graph-api.client.js';
import type { GraphApiClient } from './graph-api.client.js';
import type { MicrosoftAccount } from './mailbox.types.js';
import type { StoredSubscription } from './mailbox-watcher.js';

/**
 * Graph's ceiling for subscriptions on Outlook messages. The documentation says "under 7 days"
 * (10080 minutes), but Graph refuses anything beyond 10070 minutes with ExtensionError
 * "Subscription expiration can only be 10070 minutes in the future."
 */
export const MAX_MESSAGE_SUBSCRIPTION_MINUTES = 10_070;

interface SubscriptionAnswer {
  id: string;
  expirationDateTime: string;
}

export interface NewSubscription {
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  clientState: string;
  expiresAt: Date;
}

/** A new clientState: the secret Graph sends back with every notification, 256 random bits. */
export function newClientState(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored of a clientState: whoever receives notifications compares digests. */
export function clientStateDigest(clientState: string): Buffer {
  return createHash('sha256').update(clientState, 'utf8').digest();
}

/** Constant-time: how long the comparison takes says nothing about the stored secret. */
export function clientStateMatches(received: unknown, digest: Buffer): boolean {
  if (typeof received !== 'string' || received.length > 512) return false;
  const candidate = clientStateDigest(received);
  return candidate.length === digest.length && timingSafeEqual(candidate, digest);
}

/**
 * POST /subscriptions for new messages in the Inbox. Graph first POSTs a validation request to
 * both URLs and creates the subscription only if they echo its token within 10 seconds.
 */
export async function createSubscription(
  graph: GraphApiClient,
  account: MicrosoftAccount,
  subscription: NewSubscription,
): Promise<StoredSubscription> {
  const answer = await graph.json<SubscriptionAnswer>({
    method: 'POST',
    path: '/subscriptions',
    body: {
      changeType: 'created',
      notificationUrl: subscription.notificationUrl,
      lifecycleNotificationUrl: subscription.lifecycleNotificationUrl,
      resource: `users/${account.mailbox}/mailFolders('inbox')/messages`,
      expirationDateTime: subscription.expiresAt.toISOString(),
      clientState: subscription.clientState,
    },
  });
  return { id: answer.id, expiresAt: new Date(answer.expirationDateTime) };
}

/** PATCH /subscriptions/{id} with a later expiry; also re-authorizes it. 404: it is gone. */
export async function renewSubscription(
  graph: GraphApiClient,
  id: string,
  expiresAt: Date,
): Promise<StoredSubscription> {
  const answer = await graph.json<SubscriptionAnswer>({
    method: 'PATCH',
    path: `/subscriptions/${encodeURIComponent(id)}`,
    body: { expirationDateTime: expiresAt.toISOString() },
  });
  return { id: answer.id, expiresAt: new Date(answer.expirationDateTime) };
}

/** DELETE /subscriptions/{id}; one that is gone already counts as deleted. */
export async function deleteSubscription(graph: GraphApiClient, id: string): Promise<void> {
  try {
    await graph.json({ method: 'DELETE', path: `/subscriptions/${encodeURIComponent(id)}` });
  } catch (error) {
    if (!isSubscriptionGone(error)) throw error;
  }
}

export function isSubscriptionGone(error: unknown): boolean {
  return error instanceof GraphRequestException && error.status === 404;
}
