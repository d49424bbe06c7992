import { Clock } from '../../src/common/clock.js';

/**
 * A Clock a test moves forward by hand (`overrideProvider(Clock).useValue(clock)`), to step past a
 * Retry-After or a replay window without sleeping. It runs with real time otherwise.
 */
export class ManualClock extends Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
