import type { RenderedEmail, TemplateContext } from './templates/rendering.js';

/** Stable keys: stored on every delivery row and used by publishers; never rename one. */
export const NOTIFICATION_TYPES = [
  'subscription_event',
  'notify_on_download_ready',
  'notify_on_download_failed',
  'scheduled_query_succeeded',
  'scheduled_query_failed',
  'system_health',
  'scheduled_job_status',
  'conversation_mention',
  'conversation_assignment',
  'reply_rejected',
  'test_email',
] as const;

export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/**
 * Who receives a type when it is published:
 * - `subscribers`: users subscribed to the payload's event type (optionally narrowed to an object);
 * - `named`: the users the publisher names in `recipientIds` (the export's requester, the query owner);
 * - `admins`: every active Server Admin;
 * - `in_process`: only Replyline's own modules enqueue it, with their own recipients.
 */
export type RecipientRule = 'subscribers' | 'named' | 'admins' | 'in_process';

export type FieldKind = 'string' | 'number' | 'boolean';

export interface FieldSpec {
  kind: FieldKind;
  optional?: boolean;
  /** What the field holds, for the catalogue and the README. */
  description: string;
}

// Post bodies go up to 20,000 characters; nothing in a notification needs more.
export const MAX_PAYLOAD_STRING_LENGTH = 20_000;

type FieldsOf<P> = { [K in keyof P]-?: FieldSpec };

/**
 * One notification type: who gets it, what its payload holds, where its links point and how it
 * is written. The catalogue (notification-catalogue.ts) holds one per type; `notificationTypes`
 * and the README's payload reference are generated from it.
 */
export interface NotificationTypeDefinition<P = Record<string, unknown>> {
  type: NotificationType;
  /** One sentence: when it is sent and what it says. */
  description: string;
  recipients: RecipientRule;
  /** Still sent while "Turn Off All Email Notifications for All Users" is on. */
  exemptFromKillSwitch: boolean;
  /**
   * RFC 3834: `auto-replied` for answers to a person's email (so their auto-responder stays quiet
   * and we never loop), `auto-generated` for everything else.
   */
  autoSubmitted: 'auto-generated' | 'auto-replied';
  fields: FieldsOf<P>;
  /**
   * The catalog pages its emails link to, by name: a path under CATALOG_URL (or an absolute URL)
   * with `{field}` placeholders filled from the payload (and `{objectRef}`). Overridable per type
   * through CATALOG_LINK_TEMPLATES.
   */
  links: Record<string, string>;
  render(payload: P, context: TemplateContext): RenderedEmail;
}

export const required = (kind: FieldKind, description: string): FieldSpec => ({
  kind,
  description,
});
export const optional = (kind: FieldKind, description: string): FieldSpec => ({
  kind,
  optional: true,
  description,
});

export function define<P>(definition: NotificationTypeDefinition<P>): NotificationTypeDefinition {
  // Safe: `validatePayload` checks every field of P before `render` ever sees a payload.
  return definition as unknown as NotificationTypeDefinition;
}
