/**
 * The time, as one small adapter, so code that waits out a window an outside service asked for
 * (a token endpoint's Retry-After, a webhook's replay window) can be driven by a test through
 * Nest DI (`overrideProvider(Clock)`) instead of by sleeping.
 */
export abstract class Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  abstract now(): number;
}

export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
}
