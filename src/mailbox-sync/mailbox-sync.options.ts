/** Tuning of the sync job that operators rarely change; tests swap it through DI. */
export interface MailboxSyncOptions {
  /**
   * How often the scheduler checks whether a run is due (the poll interval itself is a setting).
   * 0 turns the timer off: runs then happen only through `syncMailboxNow` or `tick()`.
   */
  tickMs: number;
  /**
   * Emails processed in parallel. Each mostly waits on database round trips, so more than the
   * cores pays off; the pool (20 connections on a real Postgres) leaves room for the outbox worker
   * and the advisory lock.
   */
  processingConcurrency: number;
}

export const MAILBOX_SYNC_OPTIONS = Symbol('MAILBOX_SYNC_OPTIONS');

export const DEFAULT_MAILBOX_SYNC_OPTIONS: MailboxSyncOptions = {
  tickMs: 15_000,
  processingConcurrency: 12,
};
