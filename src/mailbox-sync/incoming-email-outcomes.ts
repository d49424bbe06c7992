import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { User } from '../auth/entities/user.entity.js';
import { errorMessage } from '../common/error-message.js';
import {
  ConversationsErrorCode,
  ConversationsException,
} from '../conversations/conversations.exception.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import { PostSource } from '../conversations/post-source.enum.js';
import { Metrics } from '../metrics/metrics.js';
import { IncomingEmailStatus } from './incoming-email-status.enum.js';
import {
  describeFailure,
  describePosted,
  describeRejection,
  IncomingEmailReasonCode,
  retryDelayMs,
} from './incoming-email-reasons.js';
import type { Rejection } from './incoming-email-reasons.js';
import type {
  BindingColumns,
  ClaimedIncomingEmail,
  ExtractionColumns,
  HeaderColumns,
} from './incoming-email-rows.js';
import { IncomingEmailRepository, MessageIdAlreadyPosted } from './incoming-email.repository.js';
import type { ExtractedReply } from './reply-extraction/index.js';
import { replyLatency } from './reply-latency.js';
import type { OnceResult } from '../notifications/notifications.service.js';
import { RejectionNotices } from './rejection-notices.js';
import type { ReplyVerdict, ResolvedIntent } from './reply-verdict.js';

/** What happened to one email. `UNCHANGED`: someone else finished it first. */
export type ProcessOutcome =
  | IncomingEmailStatus.POSTED
  | IncomingEmailStatus.REJECTED
  | IncomingEmailStatus.FAILED
  | 'UNCHANGED';

/** A `post` verdict with what posting it needs: the headers to record, the user and where. */
export type AcceptedReply = Extract<ReplyVerdict, { kind: 'post' }> & {
  headers: HeaderColumns;
  intent: ResolvedIntent;
  user: User;
  /** When it was written (its Date header) and arrived, for the reply latency. */
  timing: { dateHeader: Date | null; receivedAt: Date };
};

const MAX_ERROR_LENGTH = 2000;

/** Rolls back a post whose email turned out to be POSTED by someone else meanwhile. */
class AlreadyPosted extends Error {}

/**
 * Carries out and records what processing decided: a post together with its row's POSTED status
 * (one transaction that holds the row lock, so an email is posted at most once however many runs,
 * replicas or admins race), a rejection with its reason text, a failure with its next retry.
 */
@Injectable()
export class IncomingEmailOutcomes {
  private readonly logger = new Logger(IncomingEmailOutcomes.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly emails: IncomingEmailRepository,
    private readonly conversations: ConversationsService,
    private readonly metrics: Metrics,
    private readonly notices: RejectionNotices,
  ) {}

  async post(emailId: string, accepted: AcceptedReply): Promise<ProcessOutcome> {
    const { headers, intent, user } = accepted;
    const binding = { userId: user.id, conversationId: intent.conversation.id };
    const extraction = extractionColumns(accepted.extraction, accepted.text);
    try {
      const outcome = await this.dataSource.transaction(async (manager) => {
        const { post } = await this.conversations.addPost(
          user,
          intent.conversation.id,
          accepted.text,
          PostSource.EMAIL,
          manager,
        );
        const marked = await this.emails.markPosted(manager, emailId, {
          headers,
          binding,
          extraction,
          postId: post.id,
          reason: describePosted({
            username: user.username,
            conversationTitle: intent.conversation.title,
            source: intent.source,
            truncatedFrom: accepted.truncatedFrom,
          }),
        });
        // Lost a race with another run, replica or admin: roll this post back.
        if (!marked) throw new AlreadyPosted();
        return IncomingEmailStatus.POSTED as const;
      });
      this.metrics.countIncomingEmail(IncomingEmailStatus.POSTED, null);
      const latency = replyLatency(
        accepted.timing.dateHeader,
        accepted.timing.receivedAt,
        new Date(),
      );
      this.metrics.observeReplyLatency(latency.seconds, latency.start);
      return outcome;
    } catch (error) {
      if (error instanceof AlreadyPosted) return 'UNCHANGED';
      if (
        error instanceof ConversationsException &&
        error.code === ConversationsErrorCode.CONVERSATION_NOT_FOUND
      ) {
        // Deleted between resolving the token and posting.
        return this.reject(
          emailId,
          {
            code: IncomingEmailReasonCode.CONVERSATION_GONE,
            token: intent.token,
            source: intent.source,
          },
          { headers, binding: { ...binding, conversationId: null }, extraction },
        );
      }
      if (error instanceof MessageIdAlreadyPosted) {
        // The same email, stored under another mailbox key, was posted already.
        const postedAs = await this.emails.findPostedWithMessageId(error.messageId, emailId);
        return this.reject(
          emailId,
          {
            code: IncomingEmailReasonCode.DUPLICATE,
            messageId: error.messageId,
            postedAs: postedAs ?? 'another row',
          },
          { headers },
        );
      }
      throw error;
    }
  }

  async reject(
    emailId: string,
    rejection: Rejection,
    columns: {
      headers?: HeaderColumns;
      binding?: BindingColumns;
      extraction?: ExtractionColumns;
      /** The receiving server's verdict that the sender is forged (`dmarc=fail`): no notice. */
      forgedSender?: string | null;
    },
  ): Promise<ProcessOutcome> {
    const { forgedSender, ...stored } = columns;
    const rejected = {
      ...stored,
      reasonCode: rejection.code,
      reason: describeRejection(rejection),
    };
    const notice = await this.notices.prepare(rejection, { ...stored, forgedSender });
    // The notice is written with the REJECTED status or not at all: a crash between the two
    // can neither lose it nor, on reprocessing, write a second (it is keyed by this email).
    let noticeResult: OnceResult | undefined;
    const changed = notice
      ? await this.dataSource.transaction(async (manager) => {
          if (!(await this.emails.markRejected(emailId, rejected, manager))) return false;
          noticeResult = await this.notices.enqueue(manager, emailId, notice);
          return true;
        })
      : await this.emails.markRejected(emailId, rejected);
    if (!changed) return 'UNCHANGED';
    if (noticeResult) this.notices.count(noticeResult);
    this.metrics.countIncomingEmail(IncomingEmailStatus.REJECTED, rejection.code);
    return IncomingEmailStatus.REJECTED;
  }

  /** Records an error: FAILED, retried later with backoff until the attempts run out. */
  async fail(
    email: ClaimedIncomingEmail,
    maxAttempts: number,
    error: unknown,
  ): Promise<ProcessOutcome> {
    const message = errorMessage(error).slice(0, MAX_ERROR_LENGTH);
    this.logger.warn(`Incoming email ${email.id} failed on attempt ${email.attempts}: ${message}`);
    const nextAttemptAt =
      email.attempts < maxAttempts ? new Date(Date.now() + retryDelayMs(email.attempts)) : null;
    try {
      const changed = await this.emails.markFailed(email.id, {
        lastError: message,
        reason: describeFailure({
          attempt: email.attempts,
          maxAttempts,
          error: message,
          nextAttemptAt,
        }),
        nextAttemptAt,
      });
      if (!changed) return 'UNCHANGED';
      this.metrics.countIncomingEmail(IncomingEmailStatus.FAILED, null);
      return IncomingEmailStatus.FAILED;
    } catch (recordError) {
      // The database itself is failing: the row keeps its status and the next run retries it.
      this.logger.error(
        `Could not record the failure of incoming email ${email.id}: ${errorMessage(recordError)}`,
      );
      return IncomingEmailStatus.FAILED;
    }
  }

  /**
   * An email still RECEIVED after its last attempt was claimed never finished processing: the
   * process died on it (memory, a hang, a kill). Retrying it forever could take every run down,
   * so it is set aside for an admin. Returns how many.
   */
  async giveUpOnInterrupted(maxAttempts: number): Promise<number> {
    const count = await this.emails.giveUpOnInterrupted(maxAttempts, {
      lastError: 'Processing never finished: the process stopped while handling this email',
      reason: describeFailure({
        attempt: maxAttempts,
        maxAttempts,
        error: 'processing never finished (the process stopped while handling this email)',
        nextAttemptAt: null,
      }),
    });
    this.metrics.countIncomingEmail(IncomingEmailStatus.FAILED, null, count);
    return count;
  }
}

/** What the admin sees of the extraction: the text as posted (or found), and what was cut. */
export function extractionColumns(extraction: ExtractedReply, text: string): ExtractionColumns {
  return { extractedText: text, removedText: extraction.removed, extractionRule: extraction.rule };
}
