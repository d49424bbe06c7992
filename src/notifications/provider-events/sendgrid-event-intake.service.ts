import { Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { Clock } from '../../common/clock.js';
import { parseP256PublicKey } from '../../common/p256-public-key.js';
import { Signal } from '../../common/signal.js';
import { AppConfig } from '../../config/app-config.js';
import { RepeatedErrorLog } from '../../logging/repeated-error-log.js';
import type { EmailProviderStatus } from '../provider-status.enum.js';
import { DeliveryEventsRepository } from './delivery-events.repository.js';
import { EventPostError, parseSendGridPost } from './sendgrid-events.js';
import { verifySendGridSignature } from './sendgrid-signature.js';

/** What one accepted post did, as the endpoint answers it (only to a valid signer). */
export interface EventPostSummary {
  received: number;
  /** Newly recorded in a delivery's history. */
  recorded: number;
  /** Already recorded (SendGrid retried, or the post was replayed). */
  duplicates: number;
  /** Naming no delivery of ours: other mail on the account, or a delivery since deleted. */
  unmatched: number;
  /** Kinds not recorded (open, click) and malformed events. */
  ignored: number;
}

/** A post as it arrived: the exact bytes and the two signature headers. */
export interface EventPost {
  body: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
}

export type EventPostOutcome =
  | { kind: 'accepted'; summary: EventPostSummary }
  | { kind: 'not-configured' | 'refused' | 'malformed'; message: string };

/** Announced after every accepted post: for metrics (counts by verdict) and for tests. */
export interface RecordedEvents {
  summary: EventPostSummary;
  verdicts: Partial<Record<EmailProviderStatus, number>>;
}

/**
 * Takes SendGrid Event Webhook posts: checks the signature over the exact bytes and the replay
 * window, reads the events, and records those that name one of our deliveries (by the
 * `delivery_id` custom arg every send carries) with the verdict they imply.
 */
@Injectable()
export class SendGridEventIntake implements OnApplicationBootstrap {
  readonly recorded = new Signal<RecordedEvents>('SendGridEventIntake.recorded');
  private readonly logger = new Logger('SendGridEventWebhook');
  private readonly errors = new RepeatedErrorLog(this.logger);
  private readonly publicKey: KeyObject | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly events: DeliveryEventsRepository,
  ) {
    const key = config.mail.eventWebhookPublicKey;
    // Validated at boot (environment.ts), so this cannot throw for a configured key.
    this.publicKey = key ? parseP256PublicKey(key) : undefined;
  }

  onApplicationBootstrap(): void {
    if (this.config.mail.sendGridApiKey && !this.publicKey) {
      this.logger.log(
        'SENDGRID_WEBHOOK_PUBLIC_KEY is not set: SendGrid event posts are refused, so deliveries ' +
          'show only that SendGrid accepted them, not whether they were delivered or bounced.',
      );
    }
  }

  async take(post: EventPost): Promise<EventPostOutcome> {
    if (!this.publicKey) {
      const message =
        'The SendGrid Event Webhook is not configured here: SENDGRID_WEBHOOK_PUBLIC_KEY is not set';
      this.errors.warn(
        'Refused a SendGrid event post',
        `${message} (set it to the Verification Key of the Signed Event Webhook in SendGrid: ` +
          'Settings > Mail Settings > Event Webhook)',
      );
      return { kind: 'not-configured', message };
    }
    const verdict = verifySendGridSignature({
      publicKey: this.publicKey,
      signature: post.signature,
      timestamp: post.timestamp,
      body: post.body,
      nowMs: this.clock.now(),
      maxAgeSeconds: this.config.mail.eventWebhookMaxAgeSeconds,
    });
    if (!verdict.ok) {
      // Fixed texts only: nothing an unsigned sender chose reaches the log.
      this.errors.warn('Refused a SendGrid event post', verdict.message);
      return { kind: 'refused', message: verdict.message };
    }
    let parsed;
    try {
      parsed = parseSendGridPost(post.body);
    } catch (error) {
      if (!(error instanceof EventPostError)) throw error;
      this.errors.warn('Refused a signed SendGrid event post', error.message);
      return { kind: 'malformed', message: error.message };
    }
    const batch = await this.events.recordProviderEvents(parsed.events);
    const summary: EventPostSummary = {
      received: parsed.events.length + parsed.foreign + parsed.ignored,
      recorded: batch.recorded,
      duplicates: batch.matched - batch.recorded,
      unmatched: parsed.events.length - batch.matched + parsed.foreign,
      ignored: parsed.ignored,
    };
    const verdicts: RecordedEvents['verdicts'] = {};
    for (const event of parsed.events) {
      if (event.verdict) verdicts[event.verdict.status] = (verdicts[event.verdict.status] ?? 0) + 1;
    }
    this.recorded.emit({ summary, verdicts });
    this.logger.debug(`SendGrid event post: ${JSON.stringify(summary)}`);
    return { kind: 'accepted', summary };
  }
}
