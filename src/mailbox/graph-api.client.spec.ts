import { retryDelayMs } from './graph-api.client.js';

describe('retryDelayMs', () => {
  it('reads Retry-After in seconds, as Graph sends it', () => {
    expect(retryDelayMs('3', 0)).toBe(3_000);
    expect(retryDelayMs('0', 2)).toBe(0);
  });

  it('reads Retry-After as an HTTP date', () => {
    const now = Date.parse('2025-03-01T10:00:00Z');
    expect(retryDelayMs('Sat, 01 Mar 2025 10:00:05 GMT', 0, now)).toBe(5_000);
    expect(retryDelayMs('Sat, 01 Mar 2025 09:00:00 GMT', 0, now)).toBe(0);
  });

  it('backs off exponentially without a usable Retry-After', () => {
    expect(retryDelayMs(null, 0)).toBe(1_000);
    expect(retryDelayMs('soon', 3)).toBe(8_000);
    expect(retryDelayMs(null, 10)).toBe(32_000);
  });
});
