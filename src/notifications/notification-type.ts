import type {
  DownloadFailedPayload,
  DownloadReadyPayload,
  ScheduledJobStatusPayload,
  ScheduledQueryFailedPayload,
  ScheduledQuerySucceededPayload,
  SubscriptionEventPayload,
  SystemHealthPayload,
} from './templates/catalog.templates.js';
import {
  renderDownloadFailed,
  renderDownloadReady,
  renderScheduledJobStatus,
  renderScheduledQueryFailed,
  renderScheduledQuerySucceeded,
  renderSubscriptionEvent,
  renderSystemHealth,
} from './templates/catalog.templates.js';
import type {
  ConversationAssignmentPayload,
  ConversationMentionPayload,
} from './templates/conversation.templates.js';
import {
  renderConversationAssignment,
  renderConversationMention,
} from './templates/conversation.templates.js';
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

type FieldKind = 'string' | 'number' | 'boolean';
interface FieldSpec {
  kind: FieldKind;
  optional?: boolean;
}

// Post bodies go up to 20,000 characters; nothing in a notification needs more.
export const MAX_PAYLOAD_STRING_LENGTH = 20_000;

type FieldsOf<P> = { [K in keyof P]-?: FieldSpec };

export interface NotificationTypeDefinition<P = Record<string, unknown>> {
  type: NotificationType;
  recipients: RecipientRule;
  fields: FieldsOf<P>;
  render(payload: P, context: TemplateContext): RenderedEmail;
}

const required = (kind: FieldKind): FieldSpec => ({ kind });
const optional = (kind: FieldKind): FieldSpec => ({ kind, optional: true });

function define<P>(definition: NotificationTypeDefinition<P>): NotificationTypeDefinition {
  // Safe: `validatePayload` checks every field of P before `render` ever sees a payload.
  return definition as unknown as NotificationTypeDefinition;
}

/** Every type: a `Record` over the key union, so a new key without a definition does not compile. */
export const NOTIFICATION_TYPE_DEFINITIONS: Record<NotificationType, NotificationTypeDefinition> = {
  subscription_event: define<SubscriptionEventPayload>({
    type: 'subscription_event',
    recipients: 'subscribers',
    fields: {
      eventType: required('string'),
      title: required('string'),
      message: optional('string'),
    },
    render: renderSubscriptionEvent,
  }),
  notify_on_download_ready: define<DownloadReadyPayload>({
    type: 'notify_on_download_ready',
    recipients: 'named',
    fields: {
      exportId: required('string'),
      exportName: required('string'),
      expiresAt: optional('string'),
    },
    render: renderDownloadReady,
  }),
  notify_on_download_failed: define<DownloadFailedPayload>({
    type: 'notify_on_download_failed',
    recipients: 'named',
    fields: {
      exportId: required('string'),
      exportName: required('string'),
      reason: optional('string'),
    },
    render: renderDownloadFailed,
  }),
  scheduled_query_succeeded: define<ScheduledQuerySucceededPayload>({
    type: 'scheduled_query_succeeded',
    recipients: 'named',
    fields: {
      queryId: required('string'),
      queryName: required('string'),
      rowCount: optional('number'),
    },
    render: renderScheduledQuerySucceeded,
  }),
  scheduled_query_failed: define<ScheduledQueryFailedPayload>({
    type: 'scheduled_query_failed',
    recipients: 'named',
    fields: {
      queryId: required('string'),
      queryName: required('string'),
      error: optional('string'),
    },
    render: renderScheduledQueryFailed,
  }),
  system_health: define<SystemHealthPayload>({
    type: 'system_health',
    recipients: 'admins',
    fields: {
      status: required('string'),
      summary: required('string'),
      details: optional('string'),
    },
    render: renderSystemHealth,
  }),
  scheduled_job_status: define<ScheduledJobStatusPayload>({
    type: 'scheduled_job_status',
    recipients: 'admins',
    fields: {
      jobName: required('string'),
      status: required('string'),
      details: optional('string'),
    },
    render: renderScheduledJobStatus,
  }),
  conversation_mention: define<ConversationMentionPayload>({
    type: 'conversation_mention',
    recipients: 'in_process',
    fields: {
      actorName: required('string'),
      conversationId: required('string'),
      conversationTitle: required('string'),
      postBody: required('string'),
      replyByEmail: optional('boolean'),
    },
    render: renderConversationMention,
  }),
  conversation_assignment: define<ConversationAssignmentPayload>({
    type: 'conversation_assignment',
    recipients: 'in_process',
    fields: {
      actorName: required('string'),
      conversationId: required('string'),
      conversationTitle: required('string'),
    },
    render: renderConversationAssignment,
  }),
};

export function isNotificationType(value: string): value is NotificationType {
  return Object.hasOwn(NOTIFICATION_TYPE_DEFINITIONS, value);
}

/**
 * Problems with a payload for `type`, keyed `payload.<field>` as GraphQL `extensions.fields`
 * reports them; empty when the payload is usable. Fields the type does not know are ignored,
 * so a publisher can send more than this version of Replyline reads.
 */
export function validatePayload(
  type: NotificationType,
  payload: unknown,
): Record<string, string[]> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return { payload: ['must be a JSON object'] };
  }
  const values = payload as Record<string, unknown>;
  const problems: Record<string, string[]> = {};
  for (const [name, spec] of Object.entries<FieldSpec>(
    NOTIFICATION_TYPE_DEFINITIONS[type].fields,
  )) {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined || value === null) {
      if (!spec.optional) problems[`payload.${name}`] = [`is required for ${type}`];
      continue;
    }
    const problem = fieldProblem(spec.kind, value);
    if (problem) problems[`payload.${name}`] = [problem];
  }
  return problems;
}

function fieldProblem(kind: FieldKind, value: unknown): string | undefined {
  switch (kind) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      if (value.trim() === '') return 'must not be empty';
      if (value.length > MAX_PAYLOAD_STRING_LENGTH)
        return `must be at most ${MAX_PAYLOAD_STRING_LENGTH} characters`;
      return undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
  }
}

/** Renders a payload that `validatePayload` accepted. */
export function renderNotification(
  type: NotificationType,
  payload: Record<string, unknown>,
  context: TemplateContext,
): RenderedEmail {
  return NOTIFICATION_TYPE_DEFINITIONS[type].render(payload, context);
}
