import { errorMessage } from '../common/error-message.js';
import { MailTransportError } from './transport/mail-transport.error.js';
import { nextAttemptDelayMs, shouldRetry } from './transport/retry-policy.js';

export interface DeliveryRetryPolicy {
  maxAttempts: number;
  /** The first retry waits up to this long; each further one up to twice as long. */
  retryBaseMs: number;
  /** Backoff ceiling; a server's Retry-After may still ask for longer. */
  maxBackoffMs: number;
  /** Uniform in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

/** What a failed send becomes: another attempt after `delayMs`, or FAILED for good. */
export type DeliveryFailure =
  | { kind: 'retry'; message: string; delayMs: number; failure: MailTransportError }
  | { kind: 'failed'; message: string; failure: MailTransportError };

/**
 * Decides, without I/O, what becomes of attempt number `attempt` (1-based) that failed with
 * `error`. Transports throw only MailTransportError; anything else is unexpected and worth a retry.
 */
export function classifyDeliveryFailure(
  attempt: number,
  error: unknown,
  policy: DeliveryRetryPolicy,
): DeliveryFailure {
  const failure =
    error instanceof MailTransportError
      ? error
      : new MailTransportError(`Unexpected error while sending: ${errorMessage(error)}`, {
          kind: 'retryable',
        });
  if (shouldRetry(attempt, policy.maxAttempts, failure)) {
    const delayMs = nextAttemptDelayMs(attempt, failure, {
      baseMs: policy.retryBaseMs,
      maxMs: policy.maxBackoffMs,
      random: policy.random,
    });
    return { kind: 'retry', message: failure.message, delayMs, failure };
  }
  const message =
    failure.retryable && attempt > 1
      ? `Gave up after ${attempt} attempts: ${failure.message}`
      : failure.message;
  return { kind: 'failed', message, failure };
}
