import type { BackoffOptions } from '../common/backoff.js';
import type { MailboxAccount, MailboxMessageRef } from './mailbox.types.js';

/** How a watch learns of new mail; the GraphQL enum `MailboxListenerMode` adds `POLL`. */
export enum WatchMode {
  /** IMAP IDLE: the server tells us at once. */
  IDLE = 'IDLE',
  /** Graph delta query at a short interval. */
  DELTA = 'DELTA',
  /** Graph delta query, run at once when a Graph change notification arrives. */
  SUBSCRIPTION = 'SUBSCRIPTION',
}

export type MailboxWatchEvent =
  /** Watching, or watching again after a reconnect, or the mode changed. */
  | { kind: 'connected'; mode: WatchMode }
  /**
   * Unread Inbox messages that arrived: `catchUp` when they were found on (re)connecting rather
   * than pushed (what arrived while nobody watched). The watch waits for the handler: for Graph,
   * the delta link moves past these messages only once the handler has returned.
   */
  | { kind: 'new-mail'; refs: MailboxMessageRef[]; catchUp: boolean }
  /** Lost the connection (or a round failed); tries again in `retryInMs`. */
  | { kind: 'disconnected'; error: string; retryInMs: number }
  /** Something went wrong that the watch recovered from by itself (e.g. an expired delta link). */
  | { kind: 'warning'; message: string }
  /** The server cannot push (no IDLE capability): the watch has ended, the poll alone reads. */
  | { kind: 'unsupported'; reason: string };

/**
 * What the caller learned about the mailbox from elsewhere: a Graph change notification
 * (`changed`) or lifecycle notification. IMAP watches ignore hints.
 */
export type MailboxWatchHint =
  'changed' | 'missed' | 'subscriptionRemoved' | 'reauthorizationRequired';

/** A running watch; all of its connection state lives here, none in the watcher. */
export interface MailboxWatch {
  hint(hint: MailboxWatchHint): void;
  /**
   * Ends the watch and closes its connection; resolves once the watch has stopped. Idempotent.
   * `forget`: the mailbox settings changed, so what the watch set up at the provider (a Graph
   * subscription) is of no use any more and is removed; without it, a successor reuses it.
   */
  stop(options?: { forget?: boolean }): Promise<void>;
}

/** A Graph subscription as the watch keeps it between rounds, restarts and replicas. */
export interface StoredSubscription {
  id: string;
  expiresAt: Date;
}

/**
 * Where a Graph watch keeps what must outlive it (a restart, a takeover by another replica): the
 * delta link, and the change notification subscription with the digest of its clientState (for
 * whoever receives the notifications). Kept by the caller, so the watcher stays stateless.
 */
export interface WatchStateStore {
  loadDeltaLink(): Promise<string | null>;
  saveDeltaLink(link: string | null): Promise<void>;
  loadSubscription(): Promise<StoredSubscription | null>;
  /** Saved before the subscription is created, so notifications arriving at once verify. */
  saveClientStateDigest(digest: Buffer): Promise<void>;
  saveSubscription(subscription: StoredSubscription | null): Promise<void>;
}

export interface WatchTimings {
  /** Waits between reconnect attempts (or failed Graph rounds). */
  reconnect: BackoffOptions;
  /** IMAP: IDLE is ended and issued again this often (servers drop an IDLE after ~29 minutes). */
  imapIdleRenewMs: number;
  /** Graph: a delta round this often (also with notifications, as a safety net). */
  graphDeltaIntervalMs: number;
  /** Graph: with notifications, a delta round at least this often. */
  graphSubscribedDeltaIntervalMs: number;
  /** Graph: subscriptions are asked for this long (Outlook messages allow at most 10070 minutes). */
  graphSubscriptionLifetimeMs: number;
  /** Graph: a subscription is renewed when less than this is left. */
  graphSubscriptionRenewBeforeMs: number;
  /** Graph: after a subscription could not be created, try again after this long. */
  graphSubscriptionRetryMs: number;
}

export interface WatchOptions {
  /** Awaited: the watch goes on once the handler has returned (or thrown, which is logged). */
  onEvent(event: MailboxWatchEvent): Promise<void>;
  /** At most this many refs a `new-mail` event. */
  batchSize: number;
  timings: WatchTimings;
  /** Graph: where the delta link and the subscription are kept (required for Graph). */
  store?: WatchStateStore;
  /** Graph: subscribe to change notifications at these https URLs; absent: delta alone. */
  notifications?: { notificationUrl: string; lifecycleNotificationUrl: string };
}

/**
 * The port for being told about new mail, beside the stateless {@link MailboxProvider}: a watch
 * is a long-lived thing (a held IDLE connection, a delta loop), so `watch` returns a handle that
 * owns it, and the watcher itself keeps nothing. The account comes with the call, as everywhere.
 */
export abstract class MailboxWatcher<A extends MailboxAccount = MailboxAccount> {
  abstract watch(account: A, options: WatchOptions): MailboxWatch;
}
