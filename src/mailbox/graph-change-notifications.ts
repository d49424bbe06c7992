import { clientStateMatches } from './graph-subscriptions.js';
import type { MailboxWatchHint } from './mailbox-watcher.js';

/** The subscription whose notifications we accept: its id (once known) and clientState digest. */
export interface ExpectedSubscription {
  /** Null between saving the clientState digest and Graph answering with the id. */
  subscriptionId: string | null;
  clientStateDigest: Buffer;
}

export interface NotificationVerdict {
  /** What the verified notifications ask for, in order (duplicates removed). */
  hints: MailboxWatchHint[];
  accepted: number;
  /** Wrong or missing clientState, another subscription, or a shape Graph does not send. */
  rejected: number;
}

/** A batch holds at most this many; more is not Graph. */
const MAX_NOTIFICATIONS = 1000;
const LIFECYCLE_HINTS = new Map<string, MailboxWatchHint>([
  ['subscriptionRemoved', 'subscriptionRemoved'],
  ['reauthorizationRequired', 'reauthorizationRequired'],
  ['missed', 'missed'],
]);

/**
 * Checks a POST from Graph to the notification or lifecycle URL (`{ value: [...] }`). Anyone can
 * POST there, so nothing in it is trusted but the clientState (compared in constant time against
 * the stored digest) and the subscription id: a verified notification only says "look", and the
 * watch then asks Graph itself what changed. Null when the body is not a notification batch.
 */
export function verifyNotifications(
  body: unknown,
  expected: ExpectedSubscription | null,
): NotificationVerdict | null {
  const items = (body as { value?: unknown } | null)?.value;
  if (!Array.isArray(items) || items.length > MAX_NOTIFICATIONS) return null;
  const hints = new Set<MailboxWatchHint>();
  let accepted = 0;
  for (const item of items as unknown[]) {
    const hint = verifiedHint(item, expected);
    if (hint) {
      hints.add(hint);
      accepted++;
    }
  }
  return { hints: [...hints], accepted, rejected: items.length - accepted };
}

function verifiedHint(
  item: unknown,
  expected: ExpectedSubscription | null,
): MailboxWatchHint | null {
  if (!expected || typeof item !== 'object' || item === null) return null;
  const { subscriptionId, clientState, changeType, lifecycleEvent } = item as Record<
    string,
    unknown
  >;
  if (typeof subscriptionId !== 'string') return null;
  if (expected.subscriptionId !== null && subscriptionId !== expected.subscriptionId) return null;
  if (!clientStateMatches(clientState, expected.clientStateDigest)) return null;
  if (typeof lifecycleEvent === 'string') return LIFECYCLE_HINTS.get(lifecycleEvent) ?? null;
  return changeType === 'created' ? 'changed' : null;
}
