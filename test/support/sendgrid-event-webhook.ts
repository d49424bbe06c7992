/**
 * SendGrid's Signed Event Webhook, as the fake side of it: a P-256 key pair generated per test
 * file (SendGrid generates one per account and shows the public half, base64 DER SPKI, as the
 * "Verification Key"), events built the way SendGrid builds them for a send the SendGrid fake
 * accepted, and posts signed over `timestamp + body` with the two headers SendGrid sends
 * (twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features).
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { RecordedRequest } from './sendgrid-fake.js';

export const EVENT_WEBHOOK_PATH = '/webhooks/sendgrid/events';

export interface SignedPost {
  headers: Record<string, string>;
  body: Buffer;
}

export class SendGridEventWebhook {
  /** What an operator copies from SendGrid into SENDGRID_WEBHOOK_PUBLIC_KEY. */
  readonly publicKey: string;
  private readonly privateKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  }

  /**
   * An event about a send the SendGrid fake accepted: the recipient, `sg_message_id` built on
   * the send's `x-message-id`, a fresh `sg_event_id`, and the send's custom_args flattened in.
   */
  event(
    send: RecordedRequest,
    event: string,
    fields: Record<string, unknown> = {},
    at: Date = new Date(),
  ): Record<string, unknown> {
    const body = send.body;
    const personalization = body?.personalizations[0];
    return {
      email: personalization?.to[0]?.email,
      timestamp: Math.floor(at.getTime() / 1000),
      'smtp-id': `<${send.messageId ?? 'unknown'}@ismtpd0001p1iad2.sendgrid.net>`,
      event,
      category: [],
      sg_event_id: randomBytes(16).toString('base64url').slice(0, 22),
      sg_message_id: `${send.messageId ?? 'unknown'}.filterdrecv-5645d9c87f-8dxwp-1-6566B2A1-4.0`,
      ...body?.custom_args,
      ...personalization?.custom_args,
      ...fields,
    };
  }

  /** A post of `body` (events, or exact bytes) signed at `timestamp` (Unix seconds). */
  sign(
    body: unknown,
    timestamp = Math.floor(Date.now() / 1000),
    key = this.privateKey,
  ): SignedPost {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const signature = sign('sha256', Buffer.concat([Buffer.from(String(timestamp)), bytes]), key);
    return {
      headers: {
        'Content-Type': 'application/json',
        'X-Twilio-Email-Event-Webhook-Signature': signature.toString('base64'),
        'X-Twilio-Email-Event-Webhook-Timestamp': String(timestamp),
      },
      body: bytes,
    };
  }

  /** A post signed by someone else's key: what a forger can make. */
  forge(body: unknown): SignedPost {
    return this.sign(
      body,
      undefined,
      generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey,
    );
  }
}
