export interface MailAddress {
  email: string;
  name?: string;
}

/** One rendered notification email, ready to hand to a provider. */
export interface OutboundEmail {
  /** The outbox row's id; travels to SendGrid as `custom_args.delivery_id` for event webhooks. */
  deliveryId: string;
  to: MailAddress;
  from: MailAddress;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  /** Extra RFC 5322 headers: Message-ID, Auto-Submitted, In-Reply-To, References. ASCII values. */
  headers: Record<string, string>;
}

export interface SendResult {
  /** SendGrid's `x-message-id`, `local-<deliveryId>` for the local sink, null if none came back. */
  providerMessageId: string | null;
}

export type MailTransportName = 'sendgrid' | 'local';

/**
 * Port for outbound mail, and its DI token. Implementations throw `MailTransportError` (and only
 * that), so the delivery worker decides between retrying and failing without knowing the provider.
 */
export abstract class MailTransport {
  abstract readonly name: MailTransportName;
  /** Where mail goes, for the admin: the SendGrid endpoint, or the sink's folder. */
  abstract readonly description: string;

  abstract send(message: OutboundEmail): Promise<SendResult>;
}
