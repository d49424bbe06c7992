import type { FactoryProvider, Provider } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { Metrics } from '../../metrics/metrics.js';
import { LocalSinkTransport } from './local-sink.transport.js';
import { MailTransport } from './mail-transport.js';
import { SendGridTransport } from './sendgrid.transport.js';
import type { MailTransportOptions } from './transport.options.js';
import { MAIL_TRANSPORT_OPTIONS } from './transport.options.js';

export { LocalSinkTransport } from './local-sink.transport.js';
export { SendGridTransport } from './sendgrid.transport.js';

/** SendGrid when an API key is configured, otherwise the local .eml sink. */
export function createMailTransport(
  options: MailTransportOptions,
  metrics: Metrics,
): MailTransport {
  const logger = new Logger('MailTransport');
  if (options.sendGridApiKey?.trim()) {
    const transport = new SendGridTransport(options, metrics);
    logger.log(`Outbound mail goes through SendGrid at ${transport.baseUrl}`);
    return transport;
  }
  const transport = new LocalSinkTransport(options);
  logger.log(
    `No SendGrid API key set: outbound mail is written as .eml files under ${transport.outboxDir}`,
  );
  return transport;
}

export const mailTransportProvider: FactoryProvider<MailTransport> = {
  provide: MailTransport,
  inject: [MAIL_TRANSPORT_OPTIONS, Metrics],
  useFactory: createMailTransport,
};

/** Maps the validated configuration to the transport's options, for the module's options provider. */
export function mailTransportOptionsFromConfig(config: AppConfig): MailTransportOptions {
  return {
    sendGridApiKey: config.mail.sendGridApiKey,
    sendGridBaseUrl: config.mail.sendGridBaseUrl,
    dataDir: config.dataDir,
  };
}

/**
 * The transport layer's providers. The notifications module adds the options, e.g.
 * `{ provide: MAIL_TRANSPORT_OPTIONS, inject: [AppConfig], useFactory: mailTransportOptionsFromConfig }`.
 */
export const mailTransportProviders: Provider[] = [mailTransportProvider];
