import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { User } from '../auth/entities/user.entity.js';
import { UsersService } from '../auth/users.service.js';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from '../metrics/metrics.js';
import { ConversationQueries } from '../conversations/conversation.queries.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { OnceResult } from '../notifications/notifications.service.js';
import { IncomingEmailReasonCode, megabytes } from './incoming-email-reasons.js';
import type { Rejection } from './incoming-email-reasons.js';
import type { BindingColumns, HeaderColumns } from './incoming-email-rows.js';

/**
 * What the person who wrote a rejected email is told, in their words, or null when they are not
 * told at all. Only reasons they can act on get a notice. Never AUTO_REPLY, BOUNCE or LOOP
 * (answering automated mail makes mail loops), never SENDER_MISMATCH (the From address is not the
 * one the mention went to: answering it is backscatter to a possibly forged address), and not
 * what an admin must fix (a deactivated user, a deleted conversation, a duplicate).
 */
export function senderExplanation(rejection: Rejection): string | null {
  switch (rejection.code) {
    case IncomingEmailReasonCode.NOT_REPLYABLE:
      return 'It answers a notification that cannot be answered by email: only mention emails can. Open the conversation and answer there.';
    case IncomingEmailReasonCode.EXPIRED_INTENT:
      return 'The mention email you answered is too old to be answered by email. Open the conversation and answer there, or answer a newer mention email.';
    case IncomingEmailReasonCode.UNKNOWN_INTENT:
      return "The reply address it was sent to is not one Replyline gave out (it may have been changed or copied incompletely). Answer the mention email itself, with your mail program's Reply button.";
    case IncomingEmailReasonCode.EMPTY_REPLY:
      return 'Nothing was written above the quoted email, so there was nothing to post. Write your answer at the top of the reply and send it again.';
    case IncomingEmailReasonCode.TOO_LARGE:
      return `The email was ${megabytes(rejection.sizeBytes)}, over the ${megabytes(rejection.limitBytes)} limit, and was not read. Send your answer again without attachments.`;
    case IncomingEmailReasonCode.MALFORMED:
      return 'Your mail program sent it in a form that could not be read. Send your answer again as a plain reply, or answer in the conversation.';
    // Automated mail, a mismatched sender (see above), mail that answers nothing of ours, and
    // what only an admin can fix: no notice.
    case IncomingEmailReasonCode.AUTO_REPLY:
    case IncomingEmailReasonCode.BOUNCE:
    case IncomingEmailReasonCode.LOOP:
    case IncomingEmailReasonCode.SENDER_MISMATCH:
    case IncomingEmailReasonCode.SPOOFED:
    case IncomingEmailReasonCode.NO_INTENT:
    case IncomingEmailReasonCode.USER_INACTIVE:
    case IncomingEmailReasonCode.CONVERSATION_GONE:
    case IncomingEmailReasonCode.DUPLICATE:
      return null;
  }
}

/** A notice worked out before the rejection's transaction (lookups use pooled connections). */
export interface PreparedNotice {
  recipient: User;
  payload: Record<string, unknown>;
}

/**
 * Rejection notices: a short `reply_rejected` email (Auto-Submitted: auto-replied) to the person
 * whose reply was not posted. It goes through the outbox like every notification (so the kill
 * switch suppresses it), only to an active user's own address, at most once per incoming email
 * (however often it is processed) and at most REJECTION_NOTICES_PER_HOUR per address.
 */
@Injectable()
export class RejectionNotices {
  private readonly logger = new Logger(RejectionNotices.name);

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly conversations: ConversationQueries,
    private readonly notifications: NotificationsService,
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
  ) {}

  /** Who to tell and what, or null when no notice is due. */
  async prepare(
    rejection: Rejection,
    columns: { headers?: HeaderColumns; binding?: BindingColumns; forgedSender?: string | null },
  ): Promise<PreparedNotice | null> {
    if (this.config.rejectionNoticesPerHour === 0) return null;
    // The receiving server says the From is forged: answering it would be backscatter.
    if (columns.forgedSender) return null;
    const explanation = senderExplanation(rejection);
    const sender = singleAddress(columns.headers?.fromAddress);
    if (explanation === null || sender === null) return null;
    const recipient = await this.users.findActiveByEmail(sender);
    if (!recipient) return null;
    // A token names the user it was issued to: a notice about it goes to that user only.
    const boundUser = columns.binding?.userId;
    if (boundUser && boundUser !== recipient.id) return null;
    const payload: Record<string, unknown> = { reasonCode: rejection.code, explanation };
    const subject = columns.headers?.subject?.trim();
    if (subject) payload.originalSubject = subject.slice(0, 200);
    const conversationId = columns.binding?.conversationId;
    if (conversationId) {
      const conversation = await this.conversations.get(conversationId);
      if (conversation) {
        payload.conversationId = conversation.id;
        payload.conversationTitle = conversation.title;
      }
    }
    return { recipient, payload };
  }

  /** Writes the notice in the rejection's transaction, keyed by the incoming email. */
  async enqueue(
    manager: EntityManager,
    incomingEmailId: string,
    notice: PreparedNotice,
  ): Promise<OnceResult> {
    const { recipient } = notice;
    const result = await this.notifications.enqueueOnce(manager, {
      type: 'reply_rejected',
      recipient: { userId: recipient.id, email: recipient.email, name: recipient.displayName },
      payload: notice.payload,
      idempotencyKey: `reply_rejected:${incomingEmailId}`,
      maxPerRecipientPerHour: this.config.rejectionNoticesPerHour,
    });
    if (result.kind === 'rate_limited') {
      this.logger.log(
        `No rejection notice for incoming email ${incomingEmailId}: ${recipient.username} had ${result.recentCount} in the last hour`,
      );
    }
    return result;
  }

  /**
   * A notice for a rejection recorded without processing (TOO_LARGE at intake), in a transaction
   * of its own; keyed by the email like every notice, so it is written once.
   */
  async noticeForStoredRejection(
    incomingEmailId: string,
    rejection: Rejection,
    headers: { fromAddress: string; subject: string | null },
  ): Promise<void> {
    const notice = await this.prepare(rejection, {
      headers: { messageId: null, fromName: null, toAddresses: null, ...headers },
    });
    if (!notice) return;
    const result = await this.dataSource.transaction((manager) =>
      this.enqueue(manager, incomingEmailId, notice),
    );
    this.count(result);
  }

  /** Counts what became of a notice, once the rejection's transaction committed. */
  count(result: OnceResult): void {
    if (result.kind === 'rate_limited') this.metrics.countRejectionNotice('rate_limited');
    else if (result.kind === 'enqueued') {
      this.metrics.countRejectionNotice(result.suppressed ? 'suppressed' : 'enqueued');
    }
  }
}

/** The one From address, or null when there are none or several (whom would we answer?). */
function singleAddress(fromColumn: string | null | undefined): string | null {
  if (!fromColumn) return null;
  const addresses = fromColumn.split(',').map((part) => part.trim());
  return addresses.length === 1 && addresses[0].includes('@') ? addresses[0] : null;
}
