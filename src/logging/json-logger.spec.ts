import { JsonLogger, redactSecrets } from './json-logger.js';

describe('JsonLogger', () => {
  const capture = (level: 'info' | 'debug' = 'info') => {
    const lines: string[] = [];
    return { logger: new JsonLogger(level, (line) => lines.push(line)), lines };
  };

  it('writes one JSON object per line with level, context and message', () => {
    const { logger, lines } = capture();
    logger.log('started', 'Bootstrap');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'info',
      context: 'Bootstrap',
      msg: 'started',
    });
  });

  it('drops messages below the configured level', () => {
    const { logger, lines } = capture('info');
    logger.debug('noise');
    logger.warn('kept');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['kept']);
  });

  it('never writes an API token or bearer credential', () => {
    const { logger, lines } = capture();
    logger.error('request failed: Authorization: Bearer rl_abcdefghijklmnopqrstuvwxyz0123456789');
    expect(lines[0]).not.toContain('abcdefghijklmnop');
  });

  it('redacts password-like fields in structured text', () => {
    expect(redactSecrets('{"password":"hunter2","user":"a"}')).toBe(
      '{"password":"[redacted]","user":"a"}',
    );
  });
});
