import type { Clock } from '../common/clock.js';
import type { TokenFailure } from './microsoft-token-failure.js';

/** Apps remembered at once; only a handful are ever in use (one saved, one being tested). */
const MAX_ENTRIES = 64;

/**
 * Remembers, per tenant and client, that the token endpoint asked us to wait (429 with
 * Retry-After, or an outage), so that no request is sent before that time, and the refusal is
 * reported with its real cause and time instead. The same protection msal's throttling cache
 * gives, but on our clock and with our classification; and once the time has passed the next
 * request really goes out, which msal's cache (keyed by request, on the wall clock) cannot be
 * told to do.
 */
export class TokenEndpointBackoff {
  private readonly waits = new Map<string, TokenFailure & { retryAt: number }>();

  constructor(private readonly clock: Clock) {}

  /** The outage still in force for this app, if any. */
  pending(key: string): (TokenFailure & { retryAt: number }) | undefined {
    const wait = this.waits.get(key);
    if (!wait) return undefined;
    if (wait.retryAt <= this.clock.now()) {
      this.waits.delete(key);
      return undefined;
    }
    return wait;
  }

  /** Records an answer: an outage with a retry time starts a wait, anything else ends it. */
  record(key: string, failure: TokenFailure | undefined): void {
    if (failure?.retryAt === undefined) {
      this.waits.delete(key);
      return;
    }
    if (this.waits.size >= MAX_ENTRIES) {
      const oldest = this.waits.keys().next().value;
      if (oldest !== undefined) this.waits.delete(oldest);
    }
    this.waits.set(key, { ...failure, retryAt: failure.retryAt });
  }
}

/** The key of an app at the token endpoint: tenant (from the URL path) and client id. */
export function tokenEndpointKey(tenant: string, clientId: string): string {
  return `${tenant.toLowerCase()}\u0000${clientId.toLowerCase()}`;
}
