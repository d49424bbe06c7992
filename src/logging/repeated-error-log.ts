import type { LoggerService } from '@nestjs/common';

/** How often a repeating error is logged again, with the count of repeats in between. */
const INTERVAL_MS = 60_000;
/** Distinct errors remembered; past this the memory is cleared rather than grown. */
const MAX_REMEMBERED = 1000;

/**
 * Logs an error the first time, then at most once a minute with a count, so an outage (database
 * down, a provider failing every request) is visible without flooding the log. Keyed by the
 * context and the error text together.
 */
export class RepeatedErrorLog {
  private readonly seen = new Map<string, { loggedAt: number; repeats: number }>();

  constructor(
    private readonly logger: Pick<LoggerService, 'error' | 'warn'>,
    private readonly now: () => number = Date.now,
  ) {}

  error(context: string, detail: string): void {
    this.log('error', context, detail);
  }

  warn(context: string, detail: string): void {
    this.log('warn', context, detail);
  }

  private log(level: 'error' | 'warn', context: string, detail: string): void {
    const key = `${context}\u0000${detail}`;
    const now = this.now();
    const entry = this.seen.get(key);
    if (entry && now - entry.loggedAt < INTERVAL_MS) {
      entry.repeats += 1;
      return;
    }
    const repeats = entry?.repeats ? ` (repeated ${entry.repeats} times since last logged)` : '';
    this.logger[level](`${context}: ${detail}${repeats}`);
    if (this.seen.size > MAX_REMEMBERED) this.seen.clear();
    this.seen.set(key, { loggedAt: now, repeats: 0 });
  }
}
