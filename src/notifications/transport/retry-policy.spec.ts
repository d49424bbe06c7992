import { MailTransportError } from './mail-transport.error.js';
import { nextAttemptDelayMs, shouldRetry } from './retry-policy.js';

const retryable = (retryAfterMs?: number) =>
  new MailTransportError('SendGrid 503: service unavailable', {
    kind: 'retryable',
    statusCode: 503,
    retryAfterMs,
  });
const permanent = new MailTransportError('SendGrid 400: bad', {
  kind: 'permanent',
  statusCode: 400,
});

describe('nextAttemptDelayMs', () => {
  const opts = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles the ceiling per attempt, with the top of the jitter range reaching it', () => {
    const almostOne = () => 0.999_999_9;
    expect(
      [1, 2, 3, 4, 5].map((attempt) =>
        nextAttemptDelayMs(attempt, retryable(), { ...opts, random: almostOne }),
      ),
    ).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
  });

  it('spreads delays over the whole range (full jitter), down to zero', () => {
    expect(nextAttemptDelayMs(3, retryable(), { ...opts, random: () => 0 })).toBe(0);
    expect(nextAttemptDelayMs(3, retryable(), { ...opts, random: () => 0.5 })).toBe(2_000);
  });

  it('never exceeds maxMs, even for very large attempt numbers', () => {
    const top = { ...opts, random: () => 0.999_999_9 };
    expect(nextAttemptDelayMs(7, retryable(), top)).toBe(60_000);
    expect(nextAttemptDelayMs(10_000, retryable(), top)).toBe(60_000);
    expect(
      nextAttemptDelayMs(10_000, retryable(), { baseMs: 0, maxMs: 10, random: () => 0.9 }),
    ).toBe(0);
  });

  it('treats Retry-After as a floor, above the jittered delay and above maxMs', () => {
    expect(nextAttemptDelayMs(1, retryable(5_000), { ...opts, random: () => 0.1 })).toBe(5_000);
    expect(nextAttemptDelayMs(6, retryable(500), { ...opts, random: () => 0.5 })).toBe(16_000);
    expect(nextAttemptDelayMs(1, retryable(120_000), { ...opts, random: () => 0.5 })).toBe(120_000);
  });

  it('stays within range with the real random source', () => {
    for (let i = 0; i < 1_000; i++) {
      const delay = nextAttemptDelayMs(4, retryable(), opts);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(8_000);
      expect(Number.isInteger(delay)).toBe(true);
    }
  });

  it('treats attempt numbers below 1 as the first attempt', () => {
    expect(nextAttemptDelayMs(0, retryable(), { ...opts, random: () => 0.999_999_9 })).toBe(1_000);
  });
});

describe('shouldRetry', () => {
  it('retries retryable errors until the attempt limit', () => {
    expect(shouldRetry(1, 5, retryable())).toBe(true);
    expect(shouldRetry(4, 5, retryable())).toBe(true);
    expect(shouldRetry(5, 5, retryable())).toBe(false);
    expect(shouldRetry(6, 5, retryable())).toBe(false);
  });

  it('never retries permanent errors', () => {
    expect(shouldRetry(1, 5, permanent)).toBe(false);
  });
});
