export { MailboxModule } from './mailbox.module.js';
export type { MailboxModuleAsyncOptions } from './mailbox.module.js';
export { MailboxProviders } from './mailbox-providers.js';
export { MailboxProvider } from './mailbox.provider.js';
export { ImapMailboxProvider } from './imap-mailbox.provider.js';
export { GraphMailboxProvider } from './graph-mailbox.provider.js';
export { MailboxErrorCode, MailboxException } from './mailbox.exception.js';
export {
  MAILBOX_OPTIONS,
  DEFAULT_MAILBOX_OPTIONS,
  resolveMailboxOptions,
} from './mailbox.options.js';
export type { MailboxOptions } from './mailbox.options.js';
export * from './mailbox.types.js';
