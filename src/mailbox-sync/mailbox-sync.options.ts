/** Tuning of the sync job that operators rarely change; tests swap it through DI. */
export interface MailboxSyncOptions {
  /**
   * How often the scheduler checks whether a run is due (the poll interval itself is a setting).
   * 0 turns the timer off: runs then happen only through `syncMailboxNow` or `tick()`.
   */
  tickMs: number;
  /** Emails processed in parallel. The pool has 10 connections; one holds the advisory lock. */
  processingConcurrency: number;
}

export const MAILBOX_SYNC_OPTIONS = Symbol('MAILBOX_SYNC_OPTIONS');

export const DEFAULT_MAILBOX_SYNC_OPTIONS: MailboxSyncOptions = {
  tickMs: 15_000,
  processingConcurrency: 6,
};
