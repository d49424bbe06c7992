import type { FieldKind, FieldSpec, NotificationType, RecipientRule } from './notification-type.js';
import type { NotificationTypeDefinition } from './notification-type.js';
import {
  define,
  MAX_PAYLOAD_STRING_LENGTH,
  NOTIFICATION_TYPES,
  optional,
  required,
} from './notification-type.js';
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
import type { ReplyRejectedPayload, TestEmailPayload } from './templates/replyline.templates.js';
import { renderReplyRejected, renderTestEmail } from './templates/replyline.templates.js';

const CONVERSATION_LINK = { conversation: '/conversations/{conversationId}' };
const ADMIN_LINK = { admin: '/admin' };

/**
 * Every notification type: a `Record` over the key union, so a new key without a definition does
 * not compile. The `notificationTypes` query, payload validation, the kill switch's exemptions and
 * the README's payload reference (`npm run docs:update`) all read this one table.
 */
export const NOTIFICATION_TYPE_DEFINITIONS: Record<NotificationType, NotificationTypeDefinition> = {
  subscription_event: define<SubscriptionEventPayload>({
    type: 'subscription_event',
    description:
      'A catalog event (a table was updated, a glossary term changed, ...) for the users subscribed to its event type, on every object or on the one it concerns.',
    recipients: 'subscribers',
    exemptFromKillSwitch: false,
    autoSubmitted: 'auto-generated',
    fields: {
      eventType: required(
        'string',
        'The catalog event type users subscribe to, e.g. table_updated',
      ),
      title: required('string', 'One line saying what happened; it is the subject'),
      message: optional('string', 'More detail, quoted in the email'),
    },
    links: { object: '/catalog/{objectRef}', subscriptions: '/profile/subscriptions' },
    render: renderSubscriptionEvent,
  }),
  notify_on_download_ready: define<DownloadReadyPayload>({
    type: 'notify_on_download_ready',
    description: 'A data export the user requested is ready for download.',
    recipients: 'named',
    exemptFromKillSwitch: true,
    autoSubmitted: 'auto-generated',
    fields: {
      exportId: required('string', "The export's id in the catalog"),
      exportName: required('string', 'The name the user gave the export'),
      expiresAt: optional(
        'string',
        'Until when the file can be downloaded, as the catalog words it',
      ),
    },
    links: { export: '/exports/{exportId}' },
    render: renderDownloadReady,
  }),
  notify_on_download_failed: define<DownloadFailedPayload>({
    type: 'notify_on_download_failed',
    description: 'A data export the user requested has failed.',
    recipients: 'named',
    exemptFromKillSwitch: true,
    autoSubmitted: 'auto-generated',
    fields: {
      exportId: required('string', "The export's id in the catalog"),
      exportName: required('string', 'The name the user gave the export'),
      reason: optional('string', 'Why it failed, quoted in the email'),
    },
    links: { export: '/exports/{exportId}' },
    render: renderDownloadFailed,
  }),
  scheduled_query_succeeded: define<ScheduledQuerySucceededPayload>({
    type: 'scheduled_query_succeeded',
    description: "A scheduled query ran successfully; sent to the query's owner.",
    recipients: 'named',
    exemptFromKillSwitch: false,
    autoSubmitted: 'auto-generated',
    fields: {
      queryId: required('string', "The query's id in the catalog"),
      queryName: required('string', "The query's name"),
      rowCount: optional('number', 'How many rows it returned'),
    },
    links: { query: '/queries/{queryId}' },
    render: renderScheduledQuerySucceeded,
  }),
  scheduled_query_failed: define<ScheduledQueryFailedPayload>({
    type: 'scheduled_query_failed',
    description: "A scheduled query failed; sent to the query's owner.",
    recipients: 'named',
    exemptFromKillSwitch: false,
    autoSubmitted: 'auto-generated',
    fields: {
      queryId: required('string', "The query's id in the catalog"),
      queryName: required('string', "The query's name"),
      error: optional('string', 'The error, quoted in the email'),
    },
    links: { query: '/queries/{queryId}' },
    render: renderScheduledQueryFailed,
  }),
  system_health: define<SystemHealthPayload>({
    type: 'system_health',
    description:
      "The catalog's health changed (degraded, down, recovered); sent to every Server Admin.",
    recipients: 'admins',
    exemptFromKillSwitch: false,
    autoSubmitted: 'auto-generated',
    fields: {
      status: required('string', 'e.g. degraded, down, recovered'),
      summary: required('string', 'One line saying what is wrong or what recovered'),
      details: optional('string', 'More detail, quoted in the email'),
    },
    links: ADMIN_LINK,
    render: renderSystemHealth,
  }),
  scheduled_job_status: define<ScheduledJobStatusPayload>({
    type: 'scheduled_job_status',
    description:
      'A scheduled job of the catalog finished, failed or was skipped; sent to every Server Admin.',
    recipients: 'admins',
    exemptFromKillSwitch: false,
    autoSubmitted: 'auto-generated',
    fields: {
      jobName: required('string', "The job's name"),
      status: required('string', 'e.g. succeeded, failed, skipped'),
      details: optional('string', 'More detail, quoted in the email'),
    },
    links: ADMIN_LINK,
    render: renderScheduledJobStatus,
  }),
  conversation_mention: define<ConversationMentionPayload>({
    type: 'conversation_mention',
    description:
      '"<Username> mentioned you in <Conversation name>": the post, a link, and (with reply by email on) a reply token and the prompt line.',
    recipients: 'in_process',
    exemptFromKillSwitch: false,
    autoSubmitted: 'auto-generated',
    fields: {
      actorName: required('string', 'Who wrote the post'),
      conversationId: required('string', "The conversation's id"),
      conversationTitle: required('string', "The conversation's name"),
      postBody: required('string', 'The post, as written'),
      replyByEmail: optional('boolean', 'Whether the email can be answered by replying to it'),
    },
    links: CONVERSATION_LINK,
    render: renderConversationMention,
  }),
  conversation_assignment: define<ConversationAssignmentPayload>({
    type: 'conversation_assignment',
    description: '"<Username> assigned you to this Conversation"; it cannot be answered by email.',
    recipients: 'in_process',
    exemptFromKillSwitch: false,
    autoSubmitted: 'auto-generated',
    fields: {
      actorName: required('string', 'Who assigned the conversation'),
      conversationId: required('string', "The conversation's id"),
      conversationTitle: required('string', "The conversation's name"),
    },
    links: CONVERSATION_LINK,
    render: renderConversationAssignment,
  }),
  reply_rejected: define<ReplyRejectedPayload>({
    type: 'reply_rejected',
    description:
      'Tells a user that the email they sent to the reply-to address was not posted, why, and where to answer instead (at most a few per address per hour).',
    recipients: 'in_process',
    exemptFromKillSwitch: false,
    autoSubmitted: 'auto-replied',
    fields: {
      reasonCode: required('string', "The incoming email's reason code, e.g. EMPTY_REPLY"),
      explanation: required('string', 'What went wrong and what to do, in plain words'),
      originalSubject: optional('string', 'The subject of the email that was not posted'),
      conversationId: optional('string', 'The conversation it answered, when known'),
      conversationTitle: optional('string', "That conversation's name"),
    },
    links: CONVERSATION_LINK,
    render: renderReplyRejected,
  }),
  test_email: define<TestEmailPayload>({
    type: 'test_email',
    description:
      "A Server Admin's test of the outbound path (sendTestEmail); sent even while notifications are turned off.",
    recipients: 'in_process',
    exemptFromKillSwitch: true,
    autoSubmitted: 'auto-generated',
    fields: {
      requestedBy: required('string', 'The Server Admin who sent it'),
      transport: required('string', 'The transport it went through'),
    },
    links: {},
    render: renderTestEmail,
  }),
};

export function isNotificationType(value: string): value is NotificationType {
  return Object.hasOwn(NOTIFICATION_TYPE_DEFINITIONS, value);
}

/** Types still sent while the kill switch is on (the product page names the export types). */
export const KILL_SWITCH_EXEMPT_TYPES: readonly NotificationType[] = NOTIFICATION_TYPES.filter(
  (type) => NOTIFICATION_TYPE_DEFINITIONS[type].exemptFromKillSwitch,
);

export function isKillSwitchExempt(type: string): boolean {
  return isNotificationType(type) && NOTIFICATION_TYPE_DEFINITIONS[type].exemptFromKillSwitch;
}

/** Types a catalog service may send through `publishEvent`. */
export function publishableTypes(): NotificationType[] {
  return NOTIFICATION_TYPES.filter(
    (type) => NOTIFICATION_TYPE_DEFINITIONS[type].recipients !== 'in_process',
  );
}

/**
 * Why `eventType` cannot be subscribed to, or undefined when it can. Users subscribe to catalog
 * event types (table_updated, ...), which arrive as subscription_event emails; the catalogue's own
 * keys are not event types: each has its recipients already (the export's requester, the admins).
 */
export function eventTypeProblem(eventType: string): string | undefined {
  if (!isNotificationType(eventType)) return undefined;
  const who: Record<RecipientRule, string> = {
    subscribers: 'it is how subscribed events arrive',
    named: 'it goes to the users its publisher names',
    admins: 'it goes to every Server Admin',
    in_process: 'Replyline sends it to the users concerned',
  };
  return (
    `is a notification type, not a catalog event type (${who[NOTIFICATION_TYPE_DEFINITIONS[eventType].recipients]}); ` +
    'subscribe to catalog event types such as table_updated, which arrive as subscription_event emails'
  );
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
  if (type === 'subscription_event' && typeof values.eventType === 'string') {
    const problem = eventTypeProblem(values.eventType);
    if (problem && !problems['payload.eventType']) problems['payload.eventType'] = [problem];
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
