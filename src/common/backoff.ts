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
 * Delay before the next attempt, after attempt number `attempt` (1-based) failed: exponential
 * backoff with full jitter (uniform in [0, min(maxMs, baseMs * 2^(attempt-1))]), so that
 * processes that failed together (replicas of one deployment, clients of one restarted server) do
 * not retry together.
 */
export function backoffDelayMs(attempt: number, opts: BackoffOptions): number {
  const random = opts.random ?? Math.random;
  const exponent = Math.min(Math.max(Math.floor(attempt), 1) - 1, MAX_EXPONENT);
  const ceiling = Math.max(0, Math.min(opts.maxMs, opts.baseMs * 2 ** exponent));
  const jittered = Math.floor(random() * (ceiling + 1));
  return Math.min(jittered, ceiling);
}
