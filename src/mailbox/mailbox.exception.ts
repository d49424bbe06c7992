export enum MailboxErrorCode {
  /** The server refused the user name/password, or the tenant, client id or secret. */
  AUTHENTICATION_FAILED = 'AUTHENTICATION_FAILED',
  /** Signed in, but not allowed to read or change the mailbox (e.g. Graph permissions). */
  PERMISSION_DENIED = 'PERMISSION_DENIED',
  /** Host not found, connection refused or dropped, unexpected server answers. */
  CONNECTION_FAILED = 'CONNECTION_FAILED',
  TLS_FAILED = 'TLS_FAILED',
  /** The server's address is one Replyline refuses to connect to (link-local, metadata, ...). */
  ADDRESS_REFUSED = 'ADDRESS_REFUSED',
  TIMEOUT = 'TIMEOUT',
  /** The mailbox, folder or message does not exist. */
  NOT_FOUND = 'NOT_FOUND',
  /** The server kept asking us to slow down beyond the retry budget. */
  THROTTLED = 'THROTTLED',
  /** The folder's UIDVALIDITY changed since the refs were listed: their UIDs mean nothing now. */
  STALE_REFERENCE = 'STALE_REFERENCE',
  /** A command was issued while the session was busy (e.g. during a fetchRaw iteration). */
  SESSION_BUSY = 'SESSION_BUSY',
  /** The server rejected an operation (e.g. COPY failed, folder could not be created). */
  OPERATION_FAILED = 'OPERATION_FAILED',
}

/**
 * Every failure of the mailbox module. The message is written for a Server Admin (it is what
 * `testConnection` and the sync status show), never contains a secret, and names what to fix.
 */
export class MailboxException extends Error {
  override readonly name = 'MailboxException';

  constructor(
    readonly code: MailboxErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** "15 s", "0.5 s": timeouts as admins read them. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
