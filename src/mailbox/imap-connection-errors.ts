import { MailboxErrorCode, MailboxException } from './mailbox.exception.js';
import type { ImapAccount } from './mailbox.types.js';

/** Node's codes for a certificate the client does not trust. */
const CERTIFICATE_ERROR_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** OpenSSL's answer when the "TLS" peer sent plaintext (an IMAP greeting) instead of a handshake. */
const PLAINTEXT_PEER_TLS_CODES = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_HTTP_REQUEST',
  'ERR_SSL_UNKNOWN_PROTOCOL',
]);

/** The fields imapflow, Node's socket/TLS layer and DNS put on the errors they throw. */
export interface ImapFailure extends Error {
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  responseText?: string;
  serverResponseCode?: string;
  reason?: string;
}

export function connectionPrefix(account: ImapAccount): string {
  return `Error connecting to IMAP server ${account.host}:${account.port}`;
}

/** Maps what imapflow, Node's socket/TLS layer or DNS threw while connecting to an admin's reason. */
export function connectionError(account: ImapAccount, error: ImapFailure): MailboxException {
  const prefix = connectionPrefix(account);
  const code = error.code ?? '';
  const fail = (errorCode: MailboxErrorCode, reason: string) =>
    new MailboxException(errorCode, `${prefix}: ${reason}`, { cause: error });

  if (error.authenticationFailed) {
    return fail(
      MailboxErrorCode.AUTHENTICATION_FAILED,
      'authentication failed (the server rejected the user name or password)',
    );
  }
  // The STARTTLS upgrade was required (no opt-in for unencrypted sign-in) and not possible.
  if (!account.ssl && error.tlsFailed && !code && /STARTTLS/.test(error.message)) {
    return fail(
      MailboxErrorCode.TLS_FAILED,
      `the server does not offer STARTTLS, so signing in would send the password unencrypted; it was not sent. Use the server's TLS port with "Server uses SSL" on, or allow sign-in without TLS if the network to the server is trusted`,
    );
  }
  const handshake = account.ssl ? 'TLS handshake failed' : 'TLS handshake after STARTTLS failed';
  if (CERTIFICATE_ERROR_CODES.has(code)) {
    // Node 24 appends advice to run Node with --use-system-ca, which an admin cannot act on.
    const problem = error.message.split(';')[0];
    return fail(
      MailboxErrorCode.TLS_FAILED,
      `${handshake}: ${problem} (the server's certificate is not trusted)`,
    );
  }
  if (PLAINTEXT_PEER_TLS_CODES.has(code)) {
    return fail(
      MailboxErrorCode.TLS_FAILED,
      `TLS handshake failed: ${error.reason ?? error.message} (the port expects plain IMAP: turn off "Server uses SSL" or use the server's TLS port, usually 993)`,
    );
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || error.tlsFailed) {
    return fail(MailboxErrorCode.TLS_FAILED, `${handshake}: ${error.reason ?? error.message}`);
  }
  switch (code) {
    case 'GREETING_TIMEOUT':
    case 'ClosedAfterConnectText':
      return fail(
        MailboxErrorCode.CONNECTION_FAILED,
        `no IMAP greeting from the server (the port expects TLS: turn on "Server uses SSL" or use the server's plain IMAP port, usually 143)`,
      );
    case 'ClosedAfterConnectTLS':
      return fail(
        MailboxErrorCode.CONNECTION_FAILED,
        'the server closed the connection right after the TLS handshake',
      );
    case 'ECONNREFUSED':
      return fail(
        MailboxErrorCode.CONNECTION_FAILED,
        `connection refused (nothing accepts connections on port ${account.port})`,
      );
    case 'ENOTFOUND':
      return fail(MailboxErrorCode.CONNECTION_FAILED, 'host not found');
    case 'EAI_AGAIN':
      return fail(MailboxErrorCode.CONNECTION_FAILED, 'host not found (DNS lookup failed)');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return fail(MailboxErrorCode.CONNECTION_FAILED, 'host unreachable');
    case 'ECONNRESET':
      return fail(MailboxErrorCode.CONNECTION_FAILED, 'connection reset by the server');
    case 'ETIMEDOUT':
    case 'CONNECT_TIMEOUT':
      return fail(MailboxErrorCode.TIMEOUT, 'timed out while connecting');
    default:
      return fail(MailboxErrorCode.CONNECTION_FAILED, describeImapError(error));
  }
}

/** The server's own words when it gave some, else the error's message. */
export function describeImapError(error: unknown): string {
  // Duck-typed: socket errors come from another realm under jest's VM modules.
  const failure = (error ?? {}) as Partial<ImapFailure>;
  return failure.responseText ?? failure.message ?? String(error);
}
