import { backoffDelayMs } from './backoff.js';

describe('backoffDelayMs', () => {
  const options = { baseMs: 1_000, maxMs: 60_000 };
  const highest = (attempt: number) =>
    backoffDelayMs(attempt, { ...options, random: () => 0.999999 });

  it('doubles the ceiling with every failed attempt, up to maxMs', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(highest)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000,
    ]);
  });

  it('waits anywhere from 0 to the ceiling (full jitter), so clients that failed together spread out', () => {
    expect(backoffDelayMs(3, { ...options, random: () => 0 })).toBe(0);
    expect(backoffDelayMs(3, { ...options, random: () => 0.5 })).toBe(2_000);
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelayMs(6, options)));
    expect(delays.size).toBeGreaterThan(40);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(32_000);
    }
  });

  it('stays finite for absurd attempt numbers and a zero base', () => {
    expect(highest(10_000)).toBe(60_000);
    expect(backoffDelayMs(10_000, { baseMs: 0, maxMs: 60_000 })).toBe(0);
    expect(highest(0)).toBe(1_000);
  });
});
