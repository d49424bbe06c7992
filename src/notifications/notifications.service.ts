import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { User } from '../auth/entities/user.entity.js';
import { UsersService } from '../auth/users.service.js';
import { isUuid } from '../common/uuid.js';
import { Metrics } from '../metrics/metrics.js';
import { AppConfig } from '../config/app-config.js';
import { EmailSettingsService } from '../settings/email-settings.service.js';
import { DeliveryStatus } from './delivery-status.enum.js';
import { EmailDelivery } from './entities/email-delivery.entity.js';
import { KILL_SWITCH_REASON } from './kill-switch.js';
import { CatalogLinks } from './catalog-links.js';
import {
  isKillSwitchExempt,
  isNotificationType,
  NOTIFICATION_TYPE_DEFINITIONS,
  publishableTypes,
  renderNotification,
  validatePayload,
} from './notification-catalogue.js';
import type { NotificationType } from './notification-type.js';
import { NotificationsErrorCode, NotificationsException } from './notifications.exception.js';
import {
  hasLineBreak,
  isHeaderName,
  messageIdDomainOf,
  RESERVED_HEADERS,
} from './outbound-headers.js';
import { OutboxRepository } from './outbox.repository.js';
import type { NewDelivery } from './outbox.repository.js';
import { OutboxWakeup } from './outbox-wakeup.js';
import { SubscriptionsService } from './subscriptions.service.js';

export interface NotificationRecipient {
  /** Null for an address that belongs to no user. */
  userId: string | null;
  email: string;
  name?: string;
}

/** What another module asks for, inside its own transaction. */
export interface EnqueueRequest {
  type: NotificationType;
  recipients: NotificationRecipient[];
  payload: Record<string, unknown>;
  replyTo?: string;
  /** Extra headers, e.g. a Message-ID carrying a reply token; it replaces the default one. */
  headers?: Record<string, string>;
  /** The catalog object the notification is about (`table:42`), for links. */
  objectRef?: string;
  /** The worker leaves the rows alone this long: the caller sends them itself first. */
  holdMs?: number;
}

/** `enqueueOnce`: one email to one recipient, at most once per key, at most N an hour. */
export interface OnceRequest extends Omit<EnqueueRequest, 'recipients'> {
  recipient: NotificationRecipient;
  /** Unique per email that must exist at most once, e.g. `reply_rejected:<incoming email id>`. */
  idempotencyKey: string;
  /** Emails of this type to this address in the last hour after which this one is not written. */
  maxPerRecipientPerHour: number;
}

export type OnceResult =
  | { kind: 'enqueued'; delivery: EmailDelivery; suppressed: boolean }
  | { kind: 'already_enqueued'; deliveryId: string; status: DeliveryStatus }
  | { kind: 'rate_limited'; recentCount: number };

const HOUR_MS = 3_600_000;

/** What a catalog service publishes through `publishEvent`. */
export interface PublishInput {
  type: string;
  payload: unknown;
  recipientIds?: string[] | null;
  objectRef?: string | null;
}

export interface PublishResult {
  type: NotificationType;
  deliveries: EmailDelivery[];
}

const MAX_NAMED_RECIPIENTS = 1000;

/**
 * Notifications: turns an event into one outbox row per recipient, rendered and, when the kill
 * switch is on and the type is not exempt, already SUPPRESSED. The delivery worker sends the rest.
 * A little over ~400 lines: its ways in (publish, enqueue in a caller's transaction, enqueue once
 * with a rate limit, insert) share recipient resolution and rendering, kept in one place.
 */
@Injectable()
export class NotificationsService {
  private readonly messageIdDomain: string;

  constructor(
    config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly wakeup: OutboxWakeup,
    private readonly settings: EmailSettingsService,
    private readonly users: UsersService,
    private readonly subscriptions: SubscriptionsService,
    private readonly metrics: Metrics,
    private readonly links: CatalogLinks,
  ) {
    this.messageIdDomain = messageIdDomainOf(config.mail.fromAddress);
  }

  /**
   * Writes one delivery per recipient with `manager`, so the emails exist exactly when the
   * caller's transaction commits; the worker is woken right after that commit. Returns the rows
   * (PENDING, or SUPPRESSED while notifications are turned off and the type is not exempt).
   */
  async enqueue(
    manager: EntityManager,
    request: EnqueueRequest,
    idempotencyKey: string | null = null,
  ): Promise<EmailDelivery[]> {
    const { type } = request;
    if (!isNotificationType(type)) throw unknownType(type);
    const problems = validatePayload(type, request.payload);
    if (Object.keys(problems).length > 0) throw invalidPayload(type, problems);
    const extraHeaders = checkedHeaders(request.headers ?? {});
    const recipients = uniqueByEmail(request.recipients);
    if (recipients.length === 0) return [];

    const suppressed = await heldByKillSwitch(this.settings, manager, type);
    const rows: NewDelivery[] = recipients.map((recipient) => {
      const id = randomUUID();
      const email = renderNotification(
        type,
        request.payload,
        this.links.contextFor(type, {
          recipientName: recipient.name,
          objectRef: request.objectRef,
        }),
      );
      return {
        id,
        type,
        recipientUserId: recipient.userId,
        recipientEmail: recipient.email,
        recipientName: recipient.name ?? null,
        replyTo: request.replyTo ?? null,
        subject: email.subject,
        textBody: email.text,
        htmlBody: email.html,
        headers: this.headersFor(id, type, extraHeaders),
        status: suppressed ? DeliveryStatus.SUPPRESSED : DeliveryStatus.PENDING,
        suppressionReason: suppressed ? KILL_SWITCH_REASON : null,
        idempotencyKey,
        resentFromId: null,
        holdMs: request.holdMs ?? 0,
      };
    });
    return this.insert(manager, type, rows);
  }

  /**
   * One email to one recipient, written at most once per `idempotencyKey` and at most
   * `maxPerRecipientPerHour` of its type to that address per rolling hour, counted in the
   * database under a per-address lock so that it holds across replicas. Must run in the caller's
   * transaction (the lock lasts until it ends).
   */
  async enqueueOnce(manager: EntityManager, request: OnceRequest): Promise<OnceResult> {
    const { type, recipient, idempotencyKey } = request;
    await this.outbox.lockRecipient(manager, type, recipient.email);
    const existing = await this.outbox.findByIdempotencyKey(manager, idempotencyKey);
    if (existing)
      return { kind: 'already_enqueued', deliveryId: existing.id, status: existing.status };
    const recentCount = await this.outbox.countRecentTo(manager, type, recipient.email, HOUR_MS);
    if (recentCount >= request.maxPerRecipientPerHour) return { kind: 'rate_limited', recentCount };
    const [delivery] = await this.enqueue(
      manager,
      { ...request, recipients: [recipient] },
      idempotencyKey,
    );
    return {
      kind: 'enqueued',
      delivery,
      suppressed: delivery.status === DeliveryStatus.SUPPRESSED,
    };
  }
  /**
   * Writes rows the caller built (rendered, or copied for a resend), wakes the worker once the
   * transaction commits, and counts them in the metrics then.
   */
  async insert(
    manager: EntityManager,
    type: string,
    rows: NewDelivery[],
  ): Promise<EmailDelivery[]> {
    const createdAt = await this.outbox.insertMany(manager, rows);
    const pending = rows.filter((row) => row.status === DeliveryStatus.PENDING).length;
    this.wakeup.afterCommitOf(manager, {
      wake: pending > 0,
      then: () => {
        this.metrics.countDelivery(type, 'enqueued', pending);
        this.metrics.countDelivery(type, 'suppressed', rows.length - pending);
      },
    });
    return rows.map((row) => toEntity(row, createdAt));
  }

  /**
   * `publishEvent`: checks the whole input at once (so the publisher sees every problem),
   * resolves the recipients by the type's rule, and enqueues in one transaction.
   */
  async publish(input: PublishInput): Promise<PublishResult> {
    const { type } = input;
    if (!isNotificationType(type)) throw unknownType(type);
    const definition = NOTIFICATION_TYPE_DEFINITIONS[type];
    if (definition.recipients === 'in_process') {
      throw new NotificationsException(
        NotificationsErrorCode.NOT_PUBLISHABLE,
        `${type} is sent by Replyline's conversations and cannot be published`,
        {
          type: [
            `${type} cannot be published; publishable types: ${publishableTypes().join(', ')}`,
          ],
        },
      );
    }
    const problems = validatePayload(type, input.payload);
    const recipientIds = input.recipientIds ?? [];
    const objectRef = input.objectRef ?? null;
    if (definition.recipients === 'named') {
      if (recipientIds.length === 0) {
        problems.recipientIds = [`are required for ${type}: name the user(s) to notify`];
      } else if (recipientIds.length > MAX_NAMED_RECIPIENTS) {
        problems.recipientIds = [`must name at most ${MAX_NAMED_RECIPIENTS} users`];
      }
    } else if (recipientIds.length > 0) {
      problems.recipientIds = [
        definition.recipients === 'admins'
          ? `must not be given for ${type}: it goes to every active Server Admin`
          : `must not be given for ${type}: it goes to the users subscribed to payload.eventType`,
      ];
    }
    if (objectRef !== null && definition.recipients !== 'subscribers') {
      problems.objectRef = [`only applies to subscription_event`];
    }
    if (Object.keys(problems).length > 0) throw invalidPayload(type, problems);

    const payload = input.payload as Record<string, unknown>;
    const users = await this.recipientsFor(definition.recipients, {
      recipientIds,
      eventType: payload.eventType as string | undefined,
      objectRef,
    });
    if (users.length === 0) return { type, deliveries: [] };
    // Recipients are read before the transaction: the embedded database runs one transaction
    // at a time, and the user lookups use pooled connections.
    const deliveries = await this.dataSource.transaction((manager) =>
      this.enqueue(manager, {
        type,
        payload,
        objectRef: objectRef ?? undefined,
        recipients: users.map((user) => ({
          userId: user.id,
          email: user.email,
          name: user.displayName,
        })),
      }),
    );
    return { type, deliveries };
  }

  /**
   * Which notification an email answers, from a Message-ID in its In-Reply-To or References:
   * the type of the delivery that was sent with that default Message-ID (`<deliveryId@domain>`),
   * or null when it is not one of ours. Lets mailbox-sync tell a reply to a non-replyable
   * notification (an assignment) from a stray email.
   */
  async findDeliveryTypeByMessageId(
    messageId: string,
    manager?: EntityManager,
  ): Promise<NotificationType | null> {
    const bare = messageId.trim().replace(/^<|>$/g, '');
    const at = bare.lastIndexOf('@');
    const deliveryId = at > 0 ? bare.slice(0, at) : '';
    if (!isUuid(deliveryId)) return null;
    const type = await this.outbox.typeOfMessageId(deliveryId, `<${bare}>`, manager);
    return type !== null && isNotificationType(type) ? type : null;
  }

  private async recipientsFor(
    rule: 'subscribers' | 'named' | 'admins',
    target: { recipientIds: string[]; eventType?: string; objectRef: string | null },
  ): Promise<User[]> {
    switch (rule) {
      case 'admins':
        return this.users.findActiveAdmins();
      case 'named': {
        const ids = [...new Set(target.recipientIds)];
        const found = (await this.users.findByIds(ids)).filter((user) => user.active);
        const foundIds = new Set(found.map((user) => user.id));
        const unknown = ids.filter((id) => !foundIds.has(id));
        if (unknown.length > 0) {
          throw new NotificationsException(
            NotificationsErrorCode.INVALID_RECIPIENTS,
            `Unknown or deactivated recipients: ${unknown.join(', ')}`,
            { recipientIds: [`unknown or deactivated users: ${unknown.join(', ')}`] },
          );
        }
        return found;
      }
      case 'subscribers': {
        const ids = await this.subscriptions.subscriberIds(
          target.eventType as string,
          target.objectRef,
        );
        return (await this.users.findByIds(ids)).filter((user) => user.active);
      }
    }
  }

  /**
   * Every notification says it is automated (RFC 3834), so well-behaved auto-responders stay
   * quiet; the default Message-ID is unique per delivery and in our own domain.
   */
  private headersFor(
    id: string,
    type: NotificationType,
    extra: Record<string, string>,
  ): Record<string, string> {
    const headers: Record<string, string> = {};
    if (!Object.keys(extra).some((name) => name.toLowerCase() === 'message-id')) {
      headers['Message-ID'] = `<${id}@${this.messageIdDomain}>`;
    }
    for (const [name, value] of Object.entries(extra)) {
      if (name.toLowerCase() !== 'auto-submitted') headers[name] = value;
    }
    headers['Auto-Submitted'] = NOTIFICATION_TYPE_DEFINITIONS[type].autoSubmitted;
    return headers;
  }
}

/** Whether the kill switch holds back a new email of `type` now (read in the caller's transaction). */
export async function heldByKillSwitch(
  settings: EmailSettingsService,
  manager: EntityManager,
  type: string,
): Promise<boolean> {
  return !isKillSwitchExempt(type) && (await settings.areNotificationsDisabled(manager));
}

function toEntity(row: NewDelivery, createdAt: Date): EmailDelivery {
  const { holdMs, ...columns } = row;
  return Object.assign(new EmailDelivery(), {
    ...columns,
    attempts: 0,
    nextAttemptAt: new Date(createdAt.getTime() + holdMs),
    lockedUntil: null,
    lockedBy: null,
    lastError: null,
    providerMessageId: null,
    transport: null,
    createdAt,
    updatedAt: createdAt,
    sentAt: null,
  });
}

function uniqueByEmail(recipients: NotificationRecipient[]): NotificationRecipient[] {
  const seen = new Set<string>();
  return recipients.filter((recipient) => {
    const key = recipient.email.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function checkedHeaders(headers: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(headers)) {
    if (!isHeaderName(name) || RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new NotificationsException(
        NotificationsErrorCode.INVALID_PAYLOAD,
        `Header ${JSON.stringify(name)} cannot be set on a notification`,
        { headers: [`${name} is not allowed`] },
      );
    }
    if (hasLineBreak(value)) {
      throw new NotificationsException(
        NotificationsErrorCode.INVALID_PAYLOAD,
        `Header ${name} contains a line break`,
        { headers: [`${name} must be one line`] },
      );
    }
  }
  return headers;
}

function unknownType(type: string): NotificationsException {
  return new NotificationsException(
    NotificationsErrorCode.UNKNOWN_TYPE,
    `Unknown notification type "${type}"`,
    {
      type: [`unknown notification type "${type}"; known types: ${publishableTypes().join(', ')}`],
    },
  );
}

function invalidPayload(type: string, problems: Record<string, string[]>): NotificationsException {
  const summary = Object.entries(problems)
    .map(([field, messages]) => `${field} ${messages.join('; ')}`)
    .join(', ');
  return new NotificationsException(
    NotificationsErrorCode.INVALID_PAYLOAD,
    `Invalid ${type} event: ${summary}`,
    problems,
  );
}
