import type { MailTransportError } from './mail-transport.error.js';

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Uniform in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

// 2 ** 52 * baseMs is already far beyond any sensible maxMs; capping the exponent keeps the
// arithmetic finite (and avoids 0 * Infinity = NaN when baseMs is 0).
const MAX_EXPONENT = 52;

/**
 * Delay before the next attempt, after attempt number `attempt` (1-based) failed with `error`.
 * Exponential backoff with full jitter (uniform in [0, min(maxMs, baseMs * 2^(attempt-1))]),
 * so replicas that failed together do not retry together. A server-sent Retry-After is a floor:
 * retrying earlier would only be rate-limited again, so it wins even over `maxMs`.
 */
export function nextAttemptDelayMs(
  attempt: number,
  error: Pick<MailTransportError, 'retryAfterMs'>,
  opts: BackoffOptions,
): number {
  const random = opts.random ?? Math.random;
  const exponent = Math.min(Math.max(Math.floor(attempt), 1) - 1, MAX_EXPONENT);
  const ceiling = Math.max(0, Math.min(opts.maxMs, opts.baseMs * 2 ** exponent));
  const jittered = Math.floor(random() * (ceiling + 1));
  const delay = Math.min(jittered, ceiling);
  return Math.max(delay, Math.ceil(error.retryAfterMs ?? 0));
}

/** Whether attempt number `attempt` (1-based), which failed with `error`, deserves another try. */
export function shouldRetry(
  attempt: number,
  maxAttempts: number,
  error: Pick<MailTransportError, 'kind'>,
): boolean {
  return error.kind === 'retryable' && attempt < maxAttempts;
}
