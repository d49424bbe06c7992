import { FailedTokenGate } from './failed-token-gate.js';

describe('FailedTokenGate', () => {
  let now: number;
  const gate = (failuresPerMinute = 3) => new FailedTokenGate(failuresPerMinute, () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('lets every token through to a lookup at first', () => {
    expect(gate().verdict('hash', '10.0.0.1')).toEqual({ action: 'lookup' });
  });

  it('answers a token that was unknown from memory for a minute, then looks again', () => {
    const g = gate();
    g.recordFailure('bad', '10.0.0.1', true);
    expect(g.verdict('bad', '10.0.0.2')).toEqual({ action: 'known-bad' });
    now += 60_000;
    expect(g.verdict('bad', '10.0.0.2')).toEqual({ action: 'lookup' });
  });

  it('does not remember a failure that may change (a deactivated user)', () => {
    const g = gate();
    g.recordFailure('inactive', '10.0.0.1', false);
    expect(g.verdict('inactive', '10.0.0.1')).toEqual({ action: 'lookup' });
  });

  it('forgets a hash once a token with it is created', () => {
    const g = gate();
    g.recordFailure('new', '10.0.0.1', true);
    g.forget('new');
    expect(g.verdict('new', '10.0.0.1')).toEqual({ action: 'lookup' });
  });

  it('throttles an address after its failures for the minute, until the minute is over', () => {
    const g = gate(3);
    for (const hash of ['a', 'b', 'c']) g.recordFailure(hash, '10.0.0.1', true);
    now += 20_000;
    expect(g.verdict('d', '10.0.0.1')).toEqual({ action: 'throttled', retryAfterSeconds: 40 });
    expect(g.verdict('d', '10.0.0.9')).toEqual({ action: 'lookup' });
    now += 40_000;
    expect(g.verdict('d', '10.0.0.1')).toEqual({ action: 'lookup' });
  });

  it('still looks up a recently valid token from a throttled address', () => {
    const g = gate(1);
    g.recordSuccess('good');
    g.recordFailure('bad', '10.0.0.1', true);
    expect(g.verdict('good', '10.0.0.1')).toEqual({ action: 'lookup' });
    expect(g.verdict('other', '10.0.0.1').action).toBe('throttled');
  });

  it('never throttles when the budget is 0', () => {
    const g = gate(0);
    for (let i = 0; i < 100; i += 1) g.recordFailure(`h${i}`, '10.0.0.1', true);
    expect(g.verdict('next', '10.0.0.1')).toEqual({ action: 'lookup' });
  });

  it('keeps its memory bounded', () => {
    const g = gate(0);
    for (let i = 0; i < 10_001; i += 1) g.recordFailure(`h${i}`, '10.0.0.1', true);
    expect(g.verdict('h0', '10.0.0.1')).toEqual({ action: 'lookup' });
    expect(g.verdict('h10000', '10.0.0.1')).toEqual({ action: 'known-bad' });
  });
});
