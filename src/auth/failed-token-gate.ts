/** What to do with a presented token before asking the database. */
export type TokenVerdict =
  | { action: 'lookup' }
  /** Looked up recently and unknown (or revoked): answer UNAUTHENTICATED at no cost. */
  | { action: 'known-bad' }
  /** This address used up its failed lookups for the minute: answer 429 at no cost. */
  | { action: 'throttled'; retryAfterSeconds: number };

const WINDOW_MS = 60_000;
const KNOWN_BAD_TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/** A Map used as a bounded LRU: the oldest entry goes when a new one would exceed the bound. */
class BoundedMap<K, V> extends Map<K, V> {
  override set(key: K, value: V): this {
    this.delete(key);
    super.set(key, value);
    if (this.size > MAX_ENTRIES) this.delete(this.keys().next().value as K);
    return this;
  }
}

/**
 * Keeps bad tokens cheap. A token hash that was just looked up and not found is answered from
 * memory for a minute; an address that causes more than `failuresPerMinute` failed lookups is
 * refused further lookups until its minute is over, except for tokens that recently proved valid
 * (so a real user behind the same address keeps working). Authentication itself never trusts
 * this memory: a token is accepted only by a database lookup. Per process, bounded in size.
 */
export class FailedTokenGate {
  private readonly knownBad = new BoundedMap<string, number>();
  private readonly recentlyValid = new BoundedMap<string, true>();
  private readonly failures = new BoundedMap<string, { windowStart: number; count: number }>();

  constructor(
    private readonly failuresPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  verdict(tokenHash: string, address: string): TokenVerdict {
    const badUntil = this.knownBad.get(tokenHash);
    if (badUntil !== undefined) {
      if (badUntil > this.now()) return { action: 'known-bad' };
      this.knownBad.delete(tokenHash);
    }
    if (this.failuresPerMinute > 0 && !this.recentlyValid.has(tokenHash)) {
      const window = this.currentWindow(address);
      if (window && window.count >= this.failuresPerMinute) {
        const retryAfterMs = window.windowStart + WINDOW_MS - this.now();
        return {
          action: 'throttled',
          retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
        };
      }
    }
    return { action: 'lookup' };
  }

  /** A lookup found nothing usable. `remember`: the answer cannot change by itself (unknown, revoked). */
  recordFailure(tokenHash: string, address: string, remember: boolean): void {
    if (remember) this.knownBad.set(tokenHash, this.now() + KNOWN_BAD_TTL_MS);
    const window = this.currentWindow(address);
    if (window) window.count += 1;
    else this.failures.set(address, { windowStart: this.now(), count: 1 });
  }

  recordSuccess(tokenHash: string): void {
    this.recentlyValid.set(tokenHash, true);
  }

  /** A token with this hash was just created: it is no longer unknown. */
  forget(tokenHash: string): void {
    this.knownBad.delete(tokenHash);
  }

  private currentWindow(address: string): { windowStart: number; count: number } | undefined {
    const window = this.failures.get(address);
    if (!window) return undefined;
    if (this.now() - window.windowStart >= WINDOW_MS) {
      this.failures.delete(address);
      return undefined;
    }
    return window;
  }
}
