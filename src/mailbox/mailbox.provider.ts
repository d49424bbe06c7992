import type {
  ConnectionTestOptions,
  ConnectionTestResult,
  MailboxAccount,
  MailboxAuthMethod,
  MailboxSession,
} from './mailbox.types.js';
import { MailboxException } from './mailbox.exception.js';

/**
 * The port every mailbox strategy implements. Implementations are stateless about accounts: the
 * account and its credentials come with every call (only token caches are kept, keyed by the
 * credentials), so a settings change applies on the next call without any reset.
 */
export abstract class MailboxProvider<A extends MailboxAccount = MailboxAccount> {
  abstract readonly authMethod: MailboxAuthMethod;

  /** Connects, signs in and checks the Inbox is readable. Throws {@link MailboxException}. */
  abstract open(account: A): Promise<MailboxSession>;

  /**
   * The "Test" button: connects, signs in and reads the Inbox within `timeoutMs`. Never throws;
   * on failure the message says what to fix.
   */
  abstract testConnection(
    account: A,
    options?: ConnectionTestOptions,
  ): Promise<ConnectionTestResult>;

  /** Runs `work` on one session and always closes it, so a sync run reuses one connection. */
  async withSession<T>(account: A, work: (session: MailboxSession) => Promise<T>): Promise<T> {
    const session = await this.open(account);
    try {
      return await work(session);
    } finally {
      await session.close().catch(() => undefined);
    }
  }
}

/** Turns any failure into the message a test shows; only MailboxException texts are trusted. */
export function failureMessage(error: unknown, fallbackPrefix: string): string {
  if (error instanceof MailboxException) return error.message;
  const reason = (error as { message?: string } | undefined)?.message ?? String(error);
  return `${fallbackPrefix}: ${reason}`;
}
