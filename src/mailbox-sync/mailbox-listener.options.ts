import type { AppConfig } from '../config/app-config.js';
import type { WatchTimings } from '../mailbox/mailbox-watcher.js';

/** Tuning of the mailbox listener that operators rarely change; tests swap it through DI. */
export interface MailboxListenerOptions {
  /**
   * How often every replica checks: one that does not listen tries to take the listener over
   * (so a dead holder is replaced within this, plus the time Postgres takes to notice), the
   * holder that its lock still holds, that the settings did not change, and reports a heartbeat.
   */
  checkMs: number;
  /** After a server said it has no IDLE, ask again after this long (it may have been upgraded). */
  unsupportedRetryMs: number;
  timings: WatchTimings;
}

export const MAILBOX_LISTENER_OPTIONS = Symbol('MAILBOX_LISTENER_OPTIONS');

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export function listenerOptionsFrom(config: AppConfig): MailboxListenerOptions {
  const graphDeltaIntervalMs = config.listener.graphDeltaIntervalMs;
  return {
    checkMs: 10_000,
    unsupportedRetryMs: 15 * MINUTE,
    timings: {
      reconnect: { baseMs: 1_000, maxMs: 60_000 },
      imapIdleRenewMs: 25 * MINUTE,
      graphDeltaIntervalMs,
      // Notifications do the work; the delta still runs now and then for one that was lost.
      graphSubscribedDeltaIntervalMs: Math.max(graphDeltaIntervalMs, 5 * MINUTE),
      graphSubscriptionLifetimeMs: 3 * DAY,
      graphSubscriptionRenewBeforeMs: DAY,
      graphSubscriptionRetryMs: 15 * MINUTE,
    },
  };
}
