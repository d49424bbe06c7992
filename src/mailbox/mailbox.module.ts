import { readFileSync } from 'node:fs';
import { Module } from '@nestjs/common';
import type { DynamicModule, Provider } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { GraphMailboxProvider } from './graph-mailbox.provider.js';
import { HostResolver, SystemHostResolver } from './host-resolver.js';
import { ImapMailboxProvider } from './imap-mailbox.provider.js';
import { MailboxProviders } from './mailbox-providers.js';
import { MAILBOX_OPTIONS, resolveMailboxOptions } from './mailbox.options.js';
import type { MailboxOptions } from './mailbox.options.js';
import { MicrosoftTokenAttempts } from './microsoft-token-attempts.js';
import { MicrosoftTokenService } from './microsoft-token.service.js';

const PROVIDERS = [
  { provide: HostResolver, useClass: SystemHostResolver },
  ImapMailboxProvider,
  GraphMailboxProvider,
  MicrosoftTokenService,
  MicrosoftTokenAttempts,
  MailboxProviders,
  { provide: Clock, useClass: SystemClock },
];
const EXPORTS = [MailboxProviders, MicrosoftTokenAttempts, MAILBOX_OPTIONS];

/** Options from the application's validated config when it is there, defaults otherwise. */
const OPTIONS_FROM_APP_CONFIG: Provider = {
  provide: MAILBOX_OPTIONS,
  inject: [{ token: AppConfig, optional: true }],
  useFactory: (config: AppConfig | undefined) =>
    resolveMailboxOptions(
      config && {
        graphBaseUrl: config.microsoft.graphBaseUrl,
        microsoftLoginBaseUrl: config.microsoft.loginBaseUrl,
        connectTimeoutMs: config.mailbox.connectTimeoutMs,
        imapTrustedCaCerts: config.mailbox.imapCaFile
          ? [readFileSync(config.mailbox.imapCaFile, 'utf8')]
          : [],
        imapAllowedNetworks: config.mailbox.imapAllowedNetworks,
      },
    ),
};

/**
 * The mailbox strategies. Other modules import `MailboxModule` and inject
 * {@link MailboxProviders}; options come from the global `AppConfig` (Graph and login base URLs,
 * connection test timeout, IMAP CAs and allowed networks) or, without it, from
 * {@link DEFAULT_MAILBOX_OPTIONS}. {@link HostResolver} (the system resolver) can be overridden too.
 *
 * Tests and tools that run without the app's config pass options explicitly:
 *
 * ```ts
 * MailboxModule.register({ graphBaseUrl: fake.url, microsoftLoginBaseUrl: fake.url })
 * ```
 * or override the token: `.overrideProvider(MAILBOX_OPTIONS).useValue(resolveMailboxOptions({...}))`.
 */
@Module({ providers: [OPTIONS_FROM_APP_CONFIG, ...PROVIDERS], exports: EXPORTS })
export class MailboxModule {
  // Nest registers a dynamic module's providers after the static ones, so the MAILBOX_OPTIONS
  // given here replace the AppConfig-based one (the e2e specs depend on it and would reach the
  // real Microsoft endpoints otherwise).
  static register(options: Partial<MailboxOptions> = {}): DynamicModule {
    return {
      module: MailboxModule,
      providers: [{ provide: MAILBOX_OPTIONS, useValue: resolveMailboxOptions(options) }],
    };
  }
}
