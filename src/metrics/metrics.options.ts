export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');

export interface MetricsOptions {
  /**
   * Values that cost a database query (the outbox depth) are read at most once per this many
   * milliseconds, however often and however many scrapers ask: a scrape storm costs one query.
   */
  refreshIntervalMs: number;
  /** A monotonic clock in milliseconds; injectable so that tests need not wait. */
  now?: () => number;
}

export const DEFAULT_METRICS_OPTIONS: MetricsOptions = { refreshIntervalMs: 5_000 };
