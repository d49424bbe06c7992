import { Inject, Injectable, Logger } from '@nestjs/common';
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

  constructor(@Inject(MAILBOX_OPTIONS) private readonly options: MailboxOptions) {
    super();
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
      return {
        ok: true,
        message: `Connected to IMAP server ${account.host}:${account.port} and opened INBOX.`,
      };
    } catch (error) {
      return { ok: false, message: failureMessage(error, connectionPrefix(account)) };
    }
  }

  open(account: ImapAccount): Promise<MailboxSession> {
    return this.connect(account, this.options.connectTimeoutMs);
  }

  /**
   * A logged-in connection with INBOX open, made the one way Replyline connects to IMAP (deadline,
   * trusted CAs, request timeout): for sessions, and for the listener's long-lived IDLE one.
   */
  connection(
    account: ImapAccount,
    timeoutMs = this.options.connectTimeoutMs,
  ): Promise<ImapConnection> {
    return connectImap(account, {
      timeoutMs,
      requestTimeoutMs: this.options.requestTimeoutMs,
      trustedCaCerts: this.options.imapTrustedCaCerts,
      logger: this.logger,
    });
  }

  private async connect(account: ImapAccount, timeoutMs: number): Promise<ImapMailboxSession> {
    const { client, inbox } = await this.connection(account, timeoutMs);
    return new ImapMailboxSession(client, account, inbox);
  }
}
