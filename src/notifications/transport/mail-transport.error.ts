export type MailTransportErrorKind = 'retryable' | 'permanent';

export interface MailTransportErrorDetails {
  kind: MailTransportErrorKind;
  statusCode?: number;
  retryAfterMs?: number;
  authProblem?: boolean;
  /** Machine-readable cause for network failures, e.g. `ECONNREFUSED`. */
  code?: string;
}

/**
 * The one error a `MailTransport` throws. `kind` drives retry vs. FAILED; `authProblem` marks a bad
 * or under-privileged API key, which fails every message alike, so the worker can report it once
 * instead of once per email.
 */
export class MailTransportError extends Error {
  readonly kind: MailTransportErrorKind;
  readonly statusCode?: number;
  readonly retryAfterMs?: number;
  readonly authProblem: boolean;
  readonly code?: string;

  constructor(message: string, details: MailTransportErrorDetails) {
    super(message);
    this.name = 'MailTransportError';
    this.kind = details.kind;
    this.statusCode = details.statusCode;
    this.retryAfterMs = details.retryAfterMs;
    this.authProblem = details.authProblem ?? false;
    this.code = details.code;
  }

  get retryable(): boolean {
    return this.kind === 'retryable';
  }
}
