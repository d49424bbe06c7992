import { postgresLogLevel, postgresLogRouter } from './postgres-log.js';

describe('embedded PostgreSQL log lines', () => {
  it('maps the server severity to a level of the JSON log', () => {
    const at = (severity: string) =>
      postgresLogLevel(`2026-12-01 01:09:02.123 UTC [42] ${severity}:  text`);
    expect(at('LOG')).toBe('debug');
    expect(at('NOTICE')).toBe('debug');
    expect(at('WARNING')).toBe('warn');
    expect(at('ERROR')).toBe('warn');
    expect(at('FATAL')).toBe('error');
    expect(at('PANIC')).toBe('error');
    expect(at('DETAIL')).toBeUndefined();
  });

  it('joins chunks into lines and gives continuation lines the level before them', () => {
    const seen: Array<[string, string]> = [];
    const route = postgresLogRouter((level, line) => seen.push([level, line]));
    route(
      '2026-12-01 UTC [1] FATAL:  password authentication failed for user "postgres"\n2026-12-01 UTC [1] DET',
    );
    route(
      'AIL:  Connection matched file "pg_hba.conf" line 1\n\n2026-12-01 UTC [1] LOG:  checkpoint\n',
    );
    expect(seen).toEqual([
      ['error', '2026-12-01 UTC [1] FATAL:  password authentication failed for user "postgres"'],
      ['error', '2026-12-01 UTC [1] DETAIL:  Connection matched file "pg_hba.conf" line 1'],
      ['debug', '2026-12-01 UTC [1] LOG:  checkpoint'],
    ]);
  });
});
