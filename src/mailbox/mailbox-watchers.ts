import { Injectable } from '@nestjs/common';
import { GraphMailboxWatcher } from './graph-mailbox.watcher.js';
import { ImapMailboxWatcher } from './imap-mailbox.watcher.js';
import type { MailboxWatch, MailboxWatcher, WatchOptions } from './mailbox-watcher.js';
import { MailboxAuthMethod } from './mailbox.types.js';
import type { MailboxAccount, MailboxAccountFor } from './mailbox.types.js';

type WatcherRegistry = { [M in MailboxAuthMethod]: MailboxWatcher<MailboxAccountFor<M>> };

/** Picks the watcher for an account's auth method, as {@link MailboxProviders} does providers. */
@Injectable()
export class MailboxWatchers {
  private readonly registry: WatcherRegistry;

  constructor(imap: ImapMailboxWatcher, graph: GraphMailboxWatcher) {
    this.registry = {
      [MailboxAuthMethod.BASIC]: imap,
      [MailboxAuthMethod.MICROSOFT_OAUTH]: graph,
    };
  }

  watch(account: MailboxAccount, options: WatchOptions): MailboxWatch {
    // TypeScript cannot relate the account's auth method to the registry's key, though they match.
    const watcher = this.registry[account.authMethod] as MailboxWatcher;
    return watcher.watch(account, options);
  }
}
