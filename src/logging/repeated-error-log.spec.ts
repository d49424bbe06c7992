import { RepeatedErrorLog } from './repeated-error-log.js';

describe('RepeatedErrorLog', () => {
  let now = 0;
  let lines: string[] = [];
  const logger = {
    error: (message: unknown) => lines.push(`error ${String(message)}`),
    warn: (message: unknown) => lines.push(`warn ${String(message)}`),
  };

  beforeEach(() => {
    now = 0;
    lines = [];
  });

  it('logs an error once a minute, then says how often it repeated', () => {
    const log = new RepeatedErrorLog(logger, () => now);
    log.error('Could not claim outbox rows', 'connection refused');
    now = 30_000;
    log.error('Could not claim outbox rows', 'connection refused');
    log.error('Could not claim outbox rows', 'connection refused');
    now = 60_000;
    log.error('Could not claim outbox rows', 'connection refused');
    expect(lines).toEqual([
      'error Could not claim outbox rows: connection refused',
      'error Could not claim outbox rows: connection refused (repeated 2 times since last logged)',
    ]);
  });

  it('keeps different errors and contexts apart', () => {
    const log = new RepeatedErrorLog(logger, () => now);
    log.warn('An email failed', 'SendGrid 400: bad address');
    log.warn('An email failed', 'SendGrid 413: too large');
    log.error('Could not record email outcomes', 'SendGrid 400: bad address');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('warn An email failed: SendGrid 400: bad address');
  });
});
