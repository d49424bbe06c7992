import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';
import type { Logger } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import type { MailboxObject } from 'imapflow';
import type { IpNetworkSet } from '../common/ip-networks.js';
import { connectionError, connectionPrefix, describeImapError } from './imap-connection-errors.js';
import type { ImapFailure } from './imap-connection-errors.js';
import { MailboxErrorCode, MailboxException, formatSeconds } from './mailbox.exception.js';
import type { ImapAccount } from './mailbox.types.js';
import { isMetadataHostName, judgeDestination, unbracketed } from './network-destination.js';
import type { ResolvedAddress } from './network-destination.js';

export const INBOX = 'INBOX';

export interface ImapConnectOptions {
  /** Resolve, connect, log in and open INBOX within this long, or fail with TIMEOUT. */
  timeoutMs: number;
  /** Each command of the open session gives up after this long. */
  requestTimeoutMs: number;
  /** Extra CAs (PEM) trusted besides Node's bundled roots. */
  trustedCaCerts: readonly string[];
  /** Resolves the host name, once; the connection goes to exactly the addresses it returned. */
  resolveHost: (host: string) => Promise<ResolvedAddress[]>;
  /** Addresses allowed although network-destination.ts refuses them by default. */
  allowedNetworks: IpNetworkSet;
  logger: Logger;
}

export interface ImapConnection {
  client: ImapFlow;
  inbox: MailboxObject;
  /** Whether the session is encrypted: implicit TLS, or plain IMAP upgraded with STARTTLS. */
  encrypted: boolean;
}

/**
 * Connects, logs in and opens INBOX, all within `timeoutMs`, and turns whatever failed into a
 * MailboxException that tells the admin what to fix. The password only leaves over TLS: implicit
 * when `ssl` is on, else STARTTLS, which is required unless the account allows unencrypted sign-in
 * (then it is still used whenever the server offers it). The host is resolved once and checked
 * (network-destination.ts) before anything is sent, and the socket connects to the addresses that
 * were checked, while TLS still verifies the certificate against the host name.
 */
export async function connectImap(
  account: ImapAccount,
  options: ImapConnectOptions,
): Promise<ImapConnection> {
  const { timeoutMs } = options;
  let client: ImapFlow | undefined;
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
      client?.close();
      reject(timedOutError());
    }, timeoutMs);
  });
  const steps = (async () => {
    const addresses = await checkedAddresses(account, options);
    if (timedOut) throw timedOutError();
    const connecting = createClient(account, options, addresses);
    client = connecting;
    await connecting.connect();
    try {
      return { client: connecting, inbox: await connecting.mailboxOpen(INBOX) };
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
    const opened = await Promise.race([steps, deadline]);
    return { ...opened, encrypted: opened.client.secureConnection };
  } catch (error) {
    client?.close();
    if (error instanceof MailboxException) throw error;
    if (timedOut) throw timedOutError();
    throw connectionError(account, error as ImapFailure);
  } finally {
    clearTimeout(timer);
  }
}

/** The host's addresses, resolved once and checked; a refused destination never sees a byte. */
async function checkedAddresses(
  account: ImapAccount,
  options: ImapConnectOptions,
): Promise<ResolvedAddress[]> {
  const host = unbracketed(account.host);
  const family = isIP(host);
  let addresses: ResolvedAddress[] = [];
  if (family !== 0) {
    addresses = [{ address: host, family: family === 4 ? 4 : 6 }];
  } else if (!isMetadataHostName(host)) {
    addresses = await options.resolveHost(host);
    if (!addresses.length) throw Object.assign(new Error('no addresses'), { code: 'ENOTFOUND' });
  }
  const verdict = judgeDestination(account.host, addresses, options.allowedNetworks);
  if (!verdict.allowed) {
    throw new MailboxException(
      MailboxErrorCode.ADDRESS_REFUSED,
      `${connectionPrefix(account)}: refused to connect: ${verdict.reason}. Replyline does not connect mail servers on link-local, cloud metadata, unspecified, broadcast or multicast addresses; if the IMAP server really is there, add its address to IMAP_ALLOWED_NETWORKS.`,
    );
  }
  return verdict.addresses;
}

function createClient(
  account: ImapAccount,
  options: ImapConnectOptions,
  addresses: readonly ResolvedAddress[],
): ImapFlow {
  const { timeoutMs } = options;
  const host = unbracketed(account.host);
  const client = new ImapFlow({
    host,
    port: account.port,
    secure: account.ssl,
    // Required STARTTLS fails before LOGIN when the server does not offer it; with the opt-in it
    // is still used whenever offered, and only a server without it gets the password in clear.
    doSTARTTLS: account.ssl || account.allowUnencryptedLogin ? undefined : true,
    auth: { user: account.username, pass: account.password },
    // imapflow passes these to net.connect and tls.connect alike: the pinned lookup makes a name
    // connect to the checked addresses (an IP literal needs no lookup), and `ca` replaces Node's
    // trust store, so the extra CAs are added to the bundled roots.
    tls: {
      lookup: pinnedLookup(addresses),
      ...(options.trustedCaCerts.length
        ? { ca: [...rootCertificates, ...options.trustedCaCerts] }
        : {}),
    },
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
  return client;
}

/** A lookup that answers with the addresses already checked, instead of asking DNS again. */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, lookupOptions, callback) => {
    const requested = lookupOptions.family;
    const family =
      requested === 4 || requested === 'IPv4' ? 4 : requested === 6 || requested === 'IPv6' ? 6 : 0;
    const usable = addresses.filter((entry) => family === 0 || entry.family === family);
    if (!usable.length) {
      callback(
        Object.assign(new Error('no address of the requested family'), { code: 'ENOTFOUND' }),
        '',
        0,
      );
      return;
    }
    if (lookupOptions.all)
      callback(
        null,
        usable.map((entry) => ({ ...entry })),
      );
    else callback(null, usable[0].address, usable[0].family);
  };
}
