import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@sendgrid/client';
import type { MailDataRequired } from '@sendgrid/mail';
import { MailService } from '@sendgrid/mail';
import { Metrics } from '../../metrics/metrics.js';
import type { MailTransportName, OutboundEmail, SendResult } from './mail-transport.js';
import { MailTransport } from './mail-transport.js';
import { MailTransportError } from './mail-transport.error.js';
import { classifySendGridError, headerValue } from './sendgrid-error.classifier.js';
import type { MailTransportOptions } from './transport.options.js';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_SENDGRID_BASE_URL,
  MAIL_TRANSPORT_OPTIONS,
} from './transport.options.js';

/**
 * Sends through SendGrid's v3 Mail Send API with @sendgrid/mail. Each instance owns its own
 * `MailService` and `Client`, because the library's default export is a process-wide singleton
 * whose API key and base URL would otherwise be shared by every test app and replica in a process.
 */
@Injectable()
export class SendGridTransport extends MailTransport {
  readonly name: MailTransportName = 'sendgrid';
  readonly baseUrl: string;
  readonly description: string;
  private readonly mail = new MailService();
  private readonly requestTimeoutMs: number;

  constructor(
    @Inject(MAIL_TRANSPORT_OPTIONS) options: MailTransportOptions,
    private readonly metrics: Metrics,
  ) {
    super();
    const apiKey = options.sendGridApiKey?.trim();
    if (!apiKey) {
      throw new Error('SendGridTransport needs an API key; without one use LocalSinkTransport');
    }
    this.baseUrl = (options.sendGridBaseUrl || DEFAULT_SENDGRID_BASE_URL).replace(/\/+$/, '');
    this.description = `SendGrid at ${this.baseUrl}`;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const client = new Client();
    this.mail.setClient(client);
    this.mail.setApiKey(apiKey);
    // setApiKey() resets the base URL to the region default, so this must come after it.
    client.setDefaultRequest('baseUrl', this.baseUrl);
    this.mail.setTimeout(this.requestTimeoutMs);
  }

  async send(message: OutboundEmail): Promise<SendResult> {
    const data = toMailData(message);
    try {
      // axios rejects every status outside 2xx, so reaching the next line means accepted (202).
      const [response] = await this.mail.send(data);
      this.metrics.countSendGridResponse(response.statusCode);
      return { providerMessageId: headerValue(response.headers, 'x-message-id') ?? null };
    } catch (error) {
      const failure = classifySendGridError(error, {
        requestTimeoutMs: this.requestTimeoutMs,
        fromAddress: message.from.email,
      });
      if (failure.statusCode !== undefined) this.metrics.countSendGridResponse(failure.statusCode);
      // A retryable failure without a status is the network's (refused, reset, timed out); a
      // permanent one never left the process, so SendGrid gave no answer to count.
      else if (failure.retryable) this.metrics.countSendGridResponse('network');
      if (failure.failureClass) this.metrics.countSendGridRefusal(failure.failureClass);
      throw failure;
    }
  }
}

/** The v3 payload: one personalization per email, so a recipient never sees other recipients. */
export function toMailData(message: OutboundEmail): MailDataRequired {
  return {
    to: address(message.to),
    from: address(message.from),
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    content: contentOf(message),
    headers: { ...message.headers },
    customArgs: { delivery_id: message.deliveryId },
    // Our bodies are already rendered; the library's template-syntax warnings do not apply.
    hideWarnings: true,
  };
}

/** A v3 `content` block (@sendgrid/helpers' MailContent, which @sendgrid/mail does not export). */
interface ContentBlock {
  type: string;
  value: string;
}

/**
 * Text first, as SendGrid requires. An empty part is left out: SendGrid answers 400 "The content
 * value must be a string at least one character in length." (field `content.N.value`) for any
 * empty block, whatever the other part holds. Without any part the email cannot be sent at all.
 */
function contentOf(message: OutboundEmail): [ContentBlock, ...ContentBlock[]] {
  const parts: ContentBlock[] = [
    ...(message.text ? [{ type: 'text/plain', value: message.text }] : []),
    ...(message.html ? [{ type: 'text/html', value: message.html }] : []),
  ];
  const [first, ...rest] = parts;
  if (!first) {
    throw new MailTransportError(
      'The email has neither a text nor an HTML part; SendGrid refuses empty content',
      { kind: 'permanent' },
    );
  }
  return [first, ...rest];
}

function address(value: OutboundEmail['to']): { email: string; name?: string } {
  return value.name ? { email: value.email, name: value.name } : { email: value.email };
}
