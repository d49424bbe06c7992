import type { LoggerService } from '@nestjs/common';
import type { LogLevel } from '../config/environment.js';
import { currentRequestId } from './request-context.js';

const SEVERITY: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

// Last line of defence: our own API tokens and bearer headers never reach a log, even if some
// error message quotes a request.
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/\brl_[A-Za-z0-9_-]{16,}/g, 'rl_[redacted]'],
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  [/\b(password|secret|client_secret)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1$2[redacted]'],
];

export function redactSecrets(text: string): string {
  return SECRET_PATTERNS.reduce(
    (current, [pattern, replacement]) => current.replace(pattern, replacement),
    text,
  );
}

/**
 * Nest logger writing one JSON object per line (time, level, context, msg, requestId, and an
 * error's name and stack), which log shippers parse without configuration.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly level: LogLevel = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {}

  log(message: unknown, ...optional: unknown[]): void {
    this.emit('info', message, optional);
  }

  error(message: unknown, ...optional: unknown[]): void {
    this.emit('error', message, optional);
  }

  warn(message: unknown, ...optional: unknown[]): void {
    this.emit('warn', message, optional);
  }

  debug(message: unknown, ...optional: unknown[]): void {
    this.emit('debug', message, optional);
  }

  verbose(message: unknown, ...optional: unknown[]): void {
    this.emit('debug', message, optional);
  }

  fatal(message: unknown, ...optional: unknown[]): void {
    this.emit('error', message, optional);
  }

  private emit(level: LogLevel, message: unknown, optional: unknown[]): void {
    if (SEVERITY[level] > SEVERITY[this.level]) return;
    // Nest passes the context as the last string argument, and a stack (for errors) before it.
    const params = [...optional];
    const context = typeof params.at(-1) === 'string' ? (params.pop() as string) : undefined;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level };
    if (context) entry.context = context;
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.err = { name: message.name, stack: message.stack };
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry.msg = String(message);
    }
    const stack = params.find((param): param is string => typeof param === 'string');
    if (stack) entry.stack = stack;
    const requestId = currentRequestId();
    if (requestId) entry.requestId = requestId;
    this.write(`${redactSecrets(JSON.stringify(entry))}\n`);
  }
}
