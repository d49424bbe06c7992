import { Injectable } from '@nestjs/common';
import { GraphMailboxProvider } from './graph-mailbox.provider.js';
import { ImapMailboxProvider } from './imap-mailbox.provider.js';
import type { MailboxProvider } from './mailbox.provider.js';
import { MailboxAuthMethod } from './mailbox.types.js';
import type {
  ConnectionTestOptions,
  ConnectionTestResult,
  MailboxAccount,
  MailboxAccountFor,
  MailboxSession,
} from './mailbox.types.js';

type ProviderRegistry = { [M in MailboxAuthMethod]: MailboxProvider<MailboxAccountFor<M>> };

/**
 * The module's entry point: picks the strategy for an account's auth method. The registry is a
 * mapped type over the enum, so adding an auth method without a provider does not compile.
 */
@Injectable()
export class MailboxProviders {
  private readonly registry: ProviderRegistry;

  constructor(imap: ImapMailboxProvider, graph: GraphMailboxProvider) {
    this.registry = {
      [MailboxAuthMethod.BASIC]: imap,
      [MailboxAuthMethod.MICROSOFT_OAUTH]: graph,
    };
  }

  for<A extends MailboxAccount>(account: A): MailboxProvider<A> {
    // TypeScript cannot relate `A['authMethod']` to the registry's key, though they always match.
    return this.registry[account.authMethod] as unknown as MailboxProvider<A>;
  }

  testConnection(
    account: MailboxAccount,
    options?: ConnectionTestOptions,
  ): Promise<ConnectionTestResult> {
    return this.for(account).testConnection(account, options);
  }

  open(account: MailboxAccount): Promise<MailboxSession> {
    return this.for(account).open(account);
  }

  withSession<T>(
    account: MailboxAccount,
    work: (session: MailboxSession) => Promise<T>,
  ): Promise<T> {
    return this.for(account).withSession(account, work);
  }
}
