import { isRunDue, nextScheduledRun } from './sync-schedule.js';

describe('sync schedule', () => {
  const start = new Date('2025-03-01T10:00:00Z');
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

  it('runs at once when nothing ever ran', () => {
    expect(isRunDue(null, 3, start)).toBe(true);
    expect(nextScheduledRun(null, 3, start)).toEqual(start);
  });

  it('waits one poll interval after the last run started', () => {
    expect(isRunDue(start, 3, at(2.9))).toBe(false);
    expect(isRunDue(start, 3, at(3))).toBe(true);
    expect(nextScheduledRun(start, 3, at(1))).toEqual(at(3));
  });

  it('applies a changed interval on the next check', () => {
    expect(isRunDue(start, 10, at(3))).toBe(false);
    expect(isRunDue(start, 1, at(1))).toBe(true);
  });
});
