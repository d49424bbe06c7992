import { rootCertificates } from 'node:tls';
import type { Logger } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import type { MailboxObject } from 'imapflow';
import { connectionError, connectionPrefix, describeImapError } from './imap-connection-errors.js';
import type { ImapFailure } from './imap-connection-errors.js';
import { MailboxErrorCode, MailboxException, formatSeconds } from './mailbox.exception.js';
import type { ImapAccount } from './mailbox.types.js';

export const INBOX = 'INBOX';

export interface ImapConnectOptions {
  /** Connect, log in and open INBOX within this long, or fail with TIMEOUT. */
  timeoutMs: number;
  /** Each command of the open session gives up after this long. */
  requestTimeoutMs: number;
  /** Extra CAs (PEM) trusted besides Node's bundled roots. */
  trustedCaCerts: readonly string[];
  logger: Logger;
}

export interface ImapConnection {
  client: ImapFlow;
  inbox: MailboxObject;
}

/**
 * Connects, logs in and opens INBOX, all within `timeoutMs`, and turns whatever failed into a
 * MailboxException that tells the admin what to fix. TLS is implicit when `ssl` is on; when it is
 * off the connection stays plain (`doSTARTTLS: false`), because an opportunistic upgrade would
 * fail on the very servers admins configure without SSL, and the product's setting says "plain".
 */
export async function connectImap(
  account: ImapAccount,
  options: ImapConnectOptions,
): Promise<ImapConnection> {
  const { timeoutMs } = options;
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.ssl,
    doSTARTTLS: account.ssl ? undefined : false,
    auth: { user: account.username, pass: account.password },
    tls: options.trustedCaCerts.length
      ? // `ca` replaces Node's trust store, so the extra CAs are added to the bundled roots.
        { ca: [...rootCertificates, ...options.trustedCaCerts] }
      : undefined,
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: timeoutMs,
    // Shorter than the overall deadline so that a TLS-only port (silent until it sees a
    // ClientHello) gets its own explanation instead of a bare "timed out".
    greetingTimeout: Math.max(500, Math.floor((timeoutMs * 2) / 3)),
    socketTimeout: Math.max(options.requestTimeoutMs, timeoutMs),
  });
  // imapflow also emits connection errors as events; an unhandled 'error' event would crash.
  client.on('error', (error: Error) => {
    options.logger.debug(`IMAP ${account.host}:${account.port}: ${error.message}`);
  });

  const timedOutError = () =>
    new MailboxException(
      MailboxErrorCode.TIMEOUT,
      `${connectionPrefix(account)}: timed out after ${formatSeconds(timeoutMs)}`,
    );
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      client.close();
      reject(timedOutError());
    }, timeoutMs);
  });
  const steps = (async () => {
    await client.connect();
    try {
      return await client.mailboxOpen(INBOX);
    } catch (error) {
      throw new MailboxException(
        MailboxErrorCode.NOT_FOUND,
        `${connectionPrefix(account)}: logged in but could not open INBOX (${describeImapError(error)})`,
        { cause: error },
      );
    }
  })();
  // Once the deadline wins, the abandoned steps reject later; that rejection is expected.
  steps.catch(() => undefined);

  try {
    const inbox = await Promise.race([steps, deadline]);
    return { client, inbox };
  } catch (error) {
    client.close();
    if (error instanceof MailboxException) throw error;
    if (timedOut) throw timedOutError();
    throw connectionError(account, error as ImapFailure);
  } finally {
    clearTimeout(timer);
  }
}
