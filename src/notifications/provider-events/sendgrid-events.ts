import { isUuid } from '../../common/uuid.js';
import { EmailProviderStatus, PROVIDER_STATUS_RANK } from '../provider-status.enum.js';

/**
 * SendGrid Event Webhook posts, read without I/O. A post is a JSON array of event objects
 * (twilio.com/docs/sendgrid/for-developers/tracking-events/event): each has `email`,
 * `timestamp` (Unix seconds), `event`, `sg_event_id` (unique per event), `sg_message_id` (the
 * `x-message-id` of the send plus a suffix), and the `custom_args` of the send flattened into it,
 * so our `delivery_id` arrives as a top-level field. Delivery events carry `reason` (dropped,
 * bounce, deferred), `status` (the SMTP enhanced code of a bounce), `response` (the receiving
 * server's answer for delivered and deferred), `attempt` (deferred) and, on bounces, `type`
 * ("bounce" or "blocked").
 */

/** Events kept in a delivery's history; engagement events (open, click) are not. */
const RECORDED_EVENTS = new Set([
  'processed',
  'deferred',
  'delivered',
  'bounce',
  'dropped',
  'spamreport',
  'unsubscribe',
  'group_unsubscribe',
  'group_resubscribe',
]);

/** Far more than one post holds (SendGrid batches up to about 768 KB). */
export const MAX_EVENTS_PER_POST = 10_000;
const MAX_TEXT = 1000;

export interface SendGridEvent {
  eventId: string;
  event: string;
  occurredAt: Date;
  deliveryId: string;
  providerMessageId: string | null;
  attempt: number | null;
  /** What the admin reads: SendGrid's reason, status and response in one line. */
  detail: string | null;
  verdict: { status: EmailProviderStatus; rank: number } | null;
}

export interface ParsedPost {
  /** Recorded events that name one of our deliveries. */
  events: SendGridEvent[];
  /** Events without our delivery id (another application's mail on the same account). */
  foreign: number;
  /** Events of a kind we do not record (open, click), or malformed ones. */
  ignored: number;
}

export class EventPostError extends Error {}

export function parseSendGridPost(body: Buffer): ParsedPost {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new EventPostError('The body is not JSON');
  }
  if (!Array.isArray(parsed)) throw new EventPostError('The body is not a JSON array of events');
  if (parsed.length > MAX_EVENTS_PER_POST) {
    throw new EventPostError(`More than ${MAX_EVENTS_PER_POST} events in one post`);
  }
  const result: ParsedPost = { events: [], foreign: 0, ignored: 0 };
  const seen = new Set<string>();
  for (const item of parsed) {
    const event = readEvent(item);
    if (event === 'foreign') result.foreign += 1;
    else if (!event || seen.has(event.eventId)) result.ignored += 1;
    else {
      seen.add(event.eventId);
      result.events.push(event);
    }
  }
  return result;
}

function readEvent(item: unknown): SendGridEvent | 'foreign' | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const fields = item as Record<string, unknown>;
  const event = identifier(fields.event, 32);
  const eventId = identifier(fields.sg_event_id, 100);
  const timestamp = fields.timestamp;
  if (!event || !eventId || typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
    return undefined;
  }
  const deliveryId = identifier(fields.delivery_id, 36);
  if (!deliveryId || !isUuid(deliveryId)) return 'foreign';
  if (!RECORDED_EVENTS.has(event)) return undefined;
  const attempt = Number(fields.attempt);
  const detailed = {
    event,
    reason: text(fields.reason, MAX_TEXT),
    status: text(fields.status, 32),
    response: text(fields.response, MAX_TEXT),
    type: text(fields.type, 16),
    attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : null,
  };
  const status = verdictOf(event, detailed.type);
  return {
    eventId,
    event,
    occurredAt: new Date(Math.round(timestamp * 1000)),
    deliveryId: deliveryId.toLowerCase(),
    providerMessageId: text(fields.sg_message_id, 255) ?? null,
    attempt: detailed.attempt,
    detail: detailOf(detailed),
    verdict: status ? { status, rank: PROVIDER_STATUS_RANK[status] } : null,
  };
}

function verdictOf(event: string, type: string | undefined): EmailProviderStatus | undefined {
  switch (event) {
    case 'delivered':
      return EmailProviderStatus.DELIVERED;
    case 'deferred':
      return EmailProviderStatus.DEFERRED;
    case 'bounce':
      // `type: "blocked"` is a bounce the receiving side gave for reputation or content.
      return type === 'bounce' || type === 'blocked' || type === undefined
        ? EmailProviderStatus.BOUNCED
        : undefined;
    case 'dropped':
      return EmailProviderStatus.DROPPED;
    case 'spamreport':
      return EmailProviderStatus.SPAM_REPORT;
    default:
      return undefined;
  }
}

function detailOf(event: {
  event: string;
  reason?: string;
  status?: string;
  response?: string;
  type?: string;
  attempt: number | null;
}): string | null {
  switch (event.event) {
    case 'bounce':
      return `${event.type === 'blocked' ? 'Blocked' : 'Bounced'}${event.status ? ` (${event.status})` : ''}: ${event.reason ?? 'no reason given'}`;
    case 'dropped':
      return `Dropped by SendGrid: ${event.reason ?? 'no reason given'}`;
    case 'deferred':
      return `Deferred${event.attempt ? ` (attempt ${event.attempt})` : ''}: ${event.response ?? event.reason ?? 'no reason given'}`;
    case 'delivered':
      return event.response ? `Delivered: ${event.response}` : 'Delivered';
    case 'spamreport':
      return 'The recipient marked the email as spam';
    default:
      return event.reason ?? null;
  }
}

/** An id or a name: a non-empty string of at most `max` characters, or absent (never cut). */
function identifier(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}

/** A free-text field, trimmed and cut to `max` characters; anything else is absent. */
function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  return trimmed.length > max ? `${trimmed.slice(0, max)}…` : trimmed;
}
