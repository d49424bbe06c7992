export type PostgresLogLevel = 'debug' | 'info' | 'warn' | 'error';

const SEVERITY =
  /\b(DEBUG\d?|INFO|NOTICE|LOG|WARNING|ERROR|FATAL|PANIC|DETAIL|HINT|CONTEXT|STATEMENT|LOCATION):\s{1,2}/;

/**
 * PostgreSQL's severity in a server log line, as a level of our JSON log. LOG lines (start-up,
 * checkpoints) are routine; ERROR is a failed statement the application sees and reports itself,
 * so it is only a warning here; FATAL and PANIC are the server's own trouble (including a failed
 * password, which on this loopback-only server means a local process guessing). DETAIL, HINT and
 * the like belong to the line before them; `undefined` means "same as the previous line".
 */
export function postgresLogLevel(line: string): PostgresLogLevel | undefined {
  const severity = SEVERITY.exec(line)?.[1];
  switch (severity) {
    case 'FATAL':
    case 'PANIC':
      return 'error';
    case 'ERROR':
    case 'WARNING':
      return 'warn';
    case 'DETAIL':
    case 'HINT':
    case 'CONTEXT':
    case 'STATEMENT':
    case 'LOCATION':
    case undefined:
      return undefined;
    default:
      return 'debug';
  }
}

/** Splits the server's stderr into lines and hands each to `emit` with its level. */
export function postgresLogRouter(
  emit: (level: PostgresLogLevel, line: string) => void,
): (chunk: Buffer | string) => void {
  let partial = '';
  let previous: PostgresLogLevel = 'debug';
  return (chunk) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      previous = postgresLogLevel(line) ?? previous;
      emit(previous, line);
    }
  };
}
