import type { DeliveryFailureClass } from '../delivery-failure-class.enum.js';

export type MailTransportErrorKind = 'retryable' | 'permanent';

export interface MailTransportErrorDetails {
  kind: MailTransportErrorKind;
  statusCode?: number;
  retryAfterMs?: number;
  /** The provider refused the account (key, permission, sender, account state), not the email. */
  failureClass?: DeliveryFailureClass;
  /** Machine-readable cause for network failures, e.g. `ECONNREFUSED`. */
  code?: string;
}

/**
 * The one error a `MailTransport` throws. `kind` drives retry vs. FAILED; `failureClass` marks a
 * refusal of the account (bad or under-privileged key, unverified sender, disabled account), which
 * fails every message alike, so the worker can report it once per class instead of once per email.
 */
export class MailTransportError extends Error {
  readonly kind: MailTransportErrorKind;
  readonly statusCode?: number;
  readonly retryAfterMs?: number;
  readonly failureClass?: DeliveryFailureClass;
  readonly code?: string;

  constructor(message: string, details: MailTransportErrorDetails) {
    super(message);
    this.name = 'MailTransportError';
    this.kind = details.kind;
    this.statusCode = details.statusCode;
    this.retryAfterMs = details.retryAfterMs;
    this.failureClass = details.failureClass;
    this.code = details.code;
  }

  get retryable(): boolean {
    return this.kind === 'retryable';
  }
}
