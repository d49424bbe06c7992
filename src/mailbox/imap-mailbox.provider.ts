import { Inject, Injectable, Logger } from '@nestjs/common';
import { IpNetworkSet } from '../common/ip-networks.js';
import { HostResolver } from './host-resolver.js';
import { connectImap } from './imap-connection.js';
import type { ImapConnection } from './imap-connection.js';
import { connectionPrefix } from './imap-connection-errors.js';
import { ImapMailboxSession } from './imap-mailbox.session.js';
import { MAILBOX_OPTIONS } from './mailbox.options.js';
import type { MailboxOptions } from './mailbox.options.js';
import { MailboxProvider, failureMessage } from './mailbox.provider.js';
import { MailboxAuthMethod } from './mailbox.types.js';
import type {
  ConnectionTestOptions,
  ConnectionTestResult,
  ImapAccount,
  MailboxSession,
} from './mailbox.types.js';

/**
 * Basic-auth IMAP through imapflow: the connection (with its deadline and the admin-readable
 * reasons it fails for) is imap-connection.ts, the mailbox operations imap-mailbox.session.ts.
 */
@Injectable()
export class ImapMailboxProvider extends MailboxProvider<ImapAccount> {
  readonly authMethod = MailboxAuthMethod.BASIC;
  private readonly logger = new Logger(ImapMailboxProvider.name);

  private readonly allowedNetworks: IpNetworkSet;

  constructor(
    @Inject(MAILBOX_OPTIONS) private readonly options: MailboxOptions,
    private readonly resolver: HostResolver,
  ) {
    super();
    this.allowedNetworks = new IpNetworkSet(options.imapAllowedNetworks);
  }

  async testConnection(
    account: ImapAccount,
    options: ConnectionTestOptions = {},
  ): Promise<ConnectionTestResult> {
    try {
      const session = await this.connect(
        account,
        options.timeoutMs ?? this.options.connectTimeoutMs,
      );
      await session.close();
      return { ok: true, message: connectedMessage(account, session.encrypted) };
    } catch (error) {
      return { ok: false, message: failureMessage(error, connectionPrefix(account)) };
    }
  }

  open(account: ImapAccount): Promise<MailboxSession> {
    return this.connect(account, this.options.connectTimeoutMs);
  }

  /**
   * A logged-in connection with INBOX open, made the one way Replyline connects to IMAP (deadline,
   * trusted CAs, request timeout, resolved and allowed addresses, STARTTLS): for sessions, and for
   * the listener's long-lived IDLE one.
   */
  async connection(
    account: ImapAccount,
    timeoutMs = this.options.connectTimeoutMs,
  ): Promise<ImapConnection> {
    const connection = await connectImap(account, {
      timeoutMs,
      requestTimeoutMs: this.options.requestTimeoutMs,
      trustedCaCerts: this.options.imapTrustedCaCerts,
      resolveHost: (host) => this.resolver.resolve(host),
      allowedNetworks: this.allowedNetworks,
      logger: this.logger,
    });
    if (!connection.encrypted) {
      this.logger.warn(
        `Signed in to IMAP server ${account.host}:${account.port} without TLS (sign-in without TLS is allowed): the password crossed the network unencrypted`,
      );
    }
    return connection;
  }

  private async connect(account: ImapAccount, timeoutMs: number): Promise<ImapMailboxSession> {
    const { client, inbox, encrypted } = await this.connection(account, timeoutMs);
    return new ImapMailboxSession(client, account, inbox, encrypted);
  }
}

/** What a passed test says, with a warning when the password travelled unencrypted. */
function connectedMessage(account: ImapAccount, encrypted: boolean): string {
  const server = `IMAP server ${account.host}:${account.port}`;
  if (!encrypted) {
    return `Connected to ${server} and opened INBOX, but without TLS: the server offers no STARTTLS, so the password crossed the network unencrypted (allowed by "Allow sign-in without TLS"). Prefer the server's TLS port with "Server uses SSL" on.`;
  }
  if (!account.ssl) return `Connected to ${server}, secured with STARTTLS, and opened INBOX.`;
  return `Connected to ${server} and opened INBOX.`;
}
