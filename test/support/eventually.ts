import { setTimeout as sleep } from 'node:timers/promises';

export interface EventuallyOptions {
  /** How long to keep trying before failing the test. A safety net, not a performance limit. */
  timeoutMs?: number;
  /** Pause between attempts. */
  intervalMs?: number;
  /** Stops retrying once aborted (the caller no longer needs the answer); the last failure is thrown. */
  signal?: AbortSignal;
}

/**
 * Retries `check` until it passes, and returns what it returned. "Passes" means it neither threw
 * (so jest `expect` calls work inside it) nor returned `false`/`undefined`/`null`. On timeout the
 * last failure is rethrown, so the test reports the real difference rather than "timed out".
 *
 * For "it happens". For "it does not happen", wait for a real completion signal (the worker's next
 * finished tick, the sync run's row) and then assert once: waiting a while proves nothing.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 15_000, intervalMs = 25, signal }: EventuallyOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastFailure: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result !== false && result !== undefined && result !== null) {
        return result;
      }
      lastFailure = new Error(`eventually(): the check still returned ${String(result)}`);
    } catch (error) {
      lastFailure = error;
    }
    if (signal?.aborted) throw lastFailure;
    if (Date.now() >= deadline) {
      if (lastFailure instanceof Error) {
        lastFailure.message = `Not within ${timeoutMs} ms: ${lastFailure.message}`;
      }
      throw lastFailure;
    }
    await sleep(intervalMs);
  }
}
