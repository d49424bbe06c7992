import { backoffDelayMs } from '../../common/backoff.js';
import type { BackoffOptions } from '../../common/backoff.js';
import type { MailTransportError } from './mail-transport.error.js';

/**
 * Delay before the next attempt, after attempt number `attempt` (1-based) failed with `error`:
 * {@link backoffDelayMs} (exponential, full jitter). A server-sent Retry-After is a floor:
 * retrying earlier would only be rate-limited again, so it wins even over `maxMs`.
 */
export function nextAttemptDelayMs(
  attempt: number,
  error: Pick<MailTransportError, 'retryAfterMs'>,
  opts: BackoffOptions,
): number {
  return Math.max(backoffDelayMs(attempt, opts), Math.ceil(error.retryAfterMs ?? 0));
}

/** Whether attempt number `attempt` (1-based), which failed with `error`, deserves another try. */
export function shouldRetry(
  attempt: number,
  maxAttempts: number,
  error: Pick<MailTransportError, 'kind'>,
): boolean {
  return error.kind === 'retryable' && attempt < maxAttempts;
}
