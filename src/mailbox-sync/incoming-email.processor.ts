import { Injectable, Logger } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import type { User } from '../auth/entities/user.entity.js';
import { batchesOf, forEachConcurrently } from '../common/batches.js';
import { errorMessage } from '../common/error-message.js';
import { AppConfig } from '../config/app-config.js';
import {
  ConversationsErrorCode,
  ConversationsException,
} from '../conversations/conversations.exception.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import { PostSource } from '../conversations/post-source.enum.js';
import { ReplyIntentsService } from '../conversations/reply-intents.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { EmailSettingsService } from '../settings/email-settings.service.js';
import type { OwnMail } from './automated-mail.js';
import { IncomingEmailStatus } from './incoming-email-status.enum.js';
import {
  describeFailure,
  describePosted,
  describeRejection,
  IncomingEmailReasonCode,
  retryDelayMs,
} from './incoming-email-reasons.js';
import type { Rejection } from './incoming-email-reasons.js';
import {
  headerColumnsOf,
  IncomingEmailRepository,
  MessageIdAlreadyPosted,
} from './incoming-email.repository.js';
import type {
  ClaimedIncomingEmail,
  ExtractionColumns,
  HeaderColumns,
} from './incoming-email.repository.js';
import { domainOf, messageFacts } from './message-facts.js';
import type { MessageFacts } from './message-facts.js';
import type { ExtractedReply } from './reply-extraction/index.js';
import { answeredMessageIds, findReplyTokens } from './reply-token-search.js';
import type { TokenCandidate } from './reply-token-search.js';
import {
  judgeReply,
  rejectionForUnusableTokens,
  rejectionWithoutToken,
  screenMessage,
} from './reply-verdict.js';
import type { ReplyBinding, ReplyVerdict, ResolvedIntent, UnusableToken } from './reply-verdict.js';

export interface ProcessingCounts {
  posted: number;
  rejected: number;
  failed: number;
}

export interface ProcessPendingOptions {
  /** At most this many emails in this call. */
  limit: number;
  concurrency: number;
  /** Checked between chunks: a shutting-down process stops taking new work. */
  shouldStop?: () => boolean;
}

/** What happened to one email. `UNCHANGED`: someone else finished it first. */
export type ProcessOutcome =
  | IncomingEmailStatus.POSTED
  | IncomingEmailStatus.REJECTED
  | IncomingEmailStatus.FAILED
  | 'UNCHANGED';

/** What every email of one call is judged against, read once per call. */
interface ProcessingSettings {
  ownMail: OwnMail;
  /** Domains our outbound Message-IDs use, to recognise answers to non-replyable notifications. */
  ourMessageIdDomains: string[];
  maxAttempts: number;
}

type Rejected = Extract<ReplyVerdict, { kind: 'reject' }>;
type Accepted = Extract<ReplyVerdict, { kind: 'post' }>;

/** A verdict with the header columns to record, and for a post, whom it posts as and where. */
type Decision =
  | (Rejected & { headers?: HeaderColumns })
  | (Accepted & { headers: HeaderColumns; intent: ResolvedIntent; user: User });

/** Chunks of claimed emails: their raw bytes are loaded together, so a chunk is bounded by both. */
const CHUNK_ROWS = 100;
const CHUNK_BYTES = 32 * 1024 * 1024;
/** A hostile email can carry hundreds of plus-tagged addresses; each costs a lookup. */
const MAX_TOKEN_LOOKUPS = 5;
const MAX_ERROR_LENGTH = 2000;

const PARSER_OPTIONS = {
  // The reply extractor reads the HTML itself; converting it here as well would double the work.
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipImageLinks: true,
  skipTextLinks: true,
} as const;

/** Rolls back a post whose email turned out to be POSTED by someone else meanwhile. */
class AlreadyPosted extends Error {}

/**
 * Turns stored emails into posts or reasoned rejections. It gathers the facts (parses the
 * message, looks up its reply token and what it answers), lets the pure functions of
 * reply-verdict.ts decide, and records the outcome through the repository. The post and the
 * row's POSTED status commit in one transaction that holds the row lock, so however many runs,
 * replicas or admins process an email at once, it is posted at most once.
 */
@Injectable()
export class IncomingEmailProcessor {
  private readonly logger = new Logger(IncomingEmailProcessor.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly emails: IncomingEmailRepository,
    private readonly config: AppConfig,
    private readonly settings: EmailSettingsService,
    private readonly conversations: ConversationsService,
    private readonly replyIntents: ReplyIntentsService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Processes stored emails that await processing: RECEIVED ones, and FAILED ones due a retry. */
  async processPending(options: ProcessPendingOptions): Promise<ProcessingCounts> {
    const counts: ProcessingCounts = { posted: 0, rejected: 0, failed: 0 };
    const settings = await this.processingSettings();
    counts.failed += await this.giveUpOnInterrupted(settings.maxAttempts);

    const due = await this.emails.findDue(settings.maxAttempts, options.limit);
    const chunks = batchesOf(due, {
      maxItems: CHUNK_ROWS,
      maxBytes: CHUNK_BYTES,
      sizeOf: (email) => email.sizeBytes,
    });
    for (const chunk of chunks) {
      if (options.shouldStop?.()) break;
      const claimed = await this.emails.claimPending(chunk.map((email) => email.id));
      await forEachConcurrently(claimed, options.concurrency, async (email) => {
        const outcome = await this.handle(email, settings);
        if (outcome === IncomingEmailStatus.POSTED) counts.posted++;
        else if (outcome === IncomingEmailStatus.REJECTED) counts.rejected++;
        else if (outcome === IncomingEmailStatus.FAILED) counts.failed++;
      });
    }
    return counts;
  }

  /**
   * Processes one stored email again, whatever its status, except a POSTED one, which stays as it
   * is. The caller has checked that the raw message still exists.
   */
  async reprocess(id: string): Promise<ProcessOutcome> {
    const email = await this.emails.claimForReprocessing(id);
    if (!email) return 'UNCHANGED';
    return this.handle(email, await this.processingSettings());
  }

  private async processingSettings(): Promise<ProcessingSettings> {
    const replyByEmail = await this.settings.getReplyByEmail();
    const ownMail: OwnMail = {
      replyToAddress: replyByEmail.replyToAddress,
      fromAddress: this.config.mail.fromAddress,
    };
    const domains = [ownMail.fromAddress, ownMail.replyToAddress]
      .filter((address): address is string => !!address)
      .map(domainOf);
    return {
      ownMail,
      ourMessageIdDomains: [...new Set(domains)],
      maxAttempts: this.config.mailbox.incomingMaxAttempts,
    };
  }

  /**
   * An email still RECEIVED after its last attempt was claimed never finished processing: the
   * process died on it (memory, a hang, a kill). Retrying it forever could take every run down,
   * so it is set aside for an admin.
   */
  private giveUpOnInterrupted(maxAttempts: number): Promise<number> {
    return this.emails.giveUpOnInterrupted(maxAttempts, {
      lastError: 'Processing never finished: the process stopped while handling this email',
      reason: describeFailure({
        attempt: maxAttempts,
        maxAttempts,
        error: 'processing never finished (the process stopped while handling this email)',
        nextAttemptAt: null,
      }),
    });
  }

  private async handle(
    email: ClaimedIncomingEmail,
    settings: ProcessingSettings,
  ): Promise<ProcessOutcome> {
    try {
      const decision = await this.decide(email, settings);
      if (decision.kind === 'post') return await this.post(email, decision);
      const { headers, rejection, binding, extraction } = decision;
      return await this.recordRejection(email.id, rejection, {
        headers,
        binding,
        extraction: extraction && extractionColumns(extraction, extraction.text),
      });
    } catch (error) {
      return this.recordFailure(email, settings, error);
    }
  }

  /** Gathers what the verdict needs, cheapest first: headers, then lookups, then extraction. */
  private async decide(
    email: ClaimedIncomingEmail,
    settings: ProcessingSettings,
  ): Promise<Decision> {
    const reject = (
      rejection: Rejection,
      headers?: HeaderColumns,
      binding?: ReplyBinding,
    ): Decision => ({ kind: 'reject', rejection, headers, binding });
    let parsed: ParsedMail;
    try {
      parsed = await simpleParser(email.raw, PARSER_OPTIONS);
    } catch (error) {
      return reject({
        code: IncomingEmailReasonCode.MALFORMED,
        problem: `its MIME structure cannot be parsed (${errorMessage(error)})`,
      });
    }
    const facts = messageFacts(parsed);
    const headers = headerColumnsOf(facts, email.messageId);

    const screened = screenMessage(facts, settings.ownMail);
    if (screened) return reject(screened, headers);

    const candidates = findReplyTokens(facts).slice(0, MAX_TOKEN_LOOKUPS);
    if (!candidates.length) {
      const answered = await this.answeredNotificationType(facts, settings);
      return reject(rejectionWithoutToken(answered), headers);
    }
    const lookup = await this.lookUpIntent(candidates);
    if ('unusable' in lookup) {
      const { rejection, binding } = rejectionForUnusableTokens(lookup.unusable);
      return reject(rejection, headers, binding);
    }
    const verdict = judgeReply(
      facts,
      { text: parsed.text ?? null, html: parsed.html || null },
      lookup.intent,
    );
    if (verdict.kind === 'reject') return { ...verdict, headers };
    return { ...verdict, headers, intent: lookup.intent, user: lookup.user };
  }

  /** The type of the first of our notifications this email answers, or null. */
  private async answeredNotificationType(
    facts: MessageFacts,
    settings: ProcessingSettings,
  ): Promise<string | null> {
    for (const messageId of answeredMessageIds(facts, settings.ourMessageIdDomains)) {
      const type = await this.notifications.findDeliveryTypeByMessageId(messageId);
      if (type) return type;
    }
    return null;
  }

  /** Tries the tokens in search order; the first usable one wins. */
  private async lookUpIntent(
    candidates: readonly TokenCandidate[],
  ): Promise<{ intent: ResolvedIntent; user: User } | { unusable: UnusableToken[] }> {
    const unusable: UnusableToken[] = [];
    for (const candidate of candidates) {
      const resolution = await this.replyIntents.resolve(candidate.token);
      if (resolution.ok) {
        const { user, conversation } = resolution;
        return {
          intent: { user, conversation, token: candidate.token, source: candidate.source },
          user,
        };
      }
      unusable.push({
        candidate,
        problem: resolution.problem,
        userId: resolution.intent?.userId,
        conversationId: resolution.intent?.conversationId,
      });
    }
    return { unusable };
  }

  private async post(
    email: ClaimedIncomingEmail,
    accepted: Extract<Decision, { kind: 'post' }>,
  ): Promise<ProcessOutcome> {
    const { headers, intent, user } = accepted;
    const binding = { userId: user.id, conversationId: intent.conversation.id };
    const extraction = extractionColumns(accepted.extraction, accepted.text);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const { post } = await this.conversations.addPost(
          user,
          intent.conversation.id,
          accepted.text,
          PostSource.EMAIL,
          manager,
        );
        const marked = await this.emails.markPosted(manager, email.id, {
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
    } catch (error) {
      if (error instanceof AlreadyPosted) return 'UNCHANGED';
      if (
        error instanceof ConversationsException &&
        error.code === ConversationsErrorCode.CONVERSATION_NOT_FOUND
      ) {
        // Deleted between resolving the token and posting.
        return this.recordRejection(
          email.id,
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
        const postedAs = await this.emails.findPostedWithMessageId(error.messageId, email.id);
        return this.recordRejection(
          email.id,
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

  private async recordRejection(
    id: string,
    rejection: Rejection,
    columns: {
      headers?: HeaderColumns;
      binding?: ReplyBinding;
      extraction?: ExtractionColumns;
    },
  ): Promise<ProcessOutcome> {
    const changed = await this.emails.markRejected(id, {
      ...columns,
      reasonCode: rejection.code,
      reason: describeRejection(rejection),
    });
    return changed ? IncomingEmailStatus.REJECTED : 'UNCHANGED';
  }

  private async recordFailure(
    email: ClaimedIncomingEmail,
    settings: ProcessingSettings,
    error: unknown,
  ): Promise<ProcessOutcome> {
    const message = errorMessage(error).slice(0, MAX_ERROR_LENGTH);
    this.logger.warn(`Incoming email ${email.id} failed on attempt ${email.attempts}: ${message}`);
    const nextAttemptAt =
      email.attempts < settings.maxAttempts
        ? new Date(Date.now() + retryDelayMs(email.attempts))
        : null;
    try {
      const changed = await this.emails.markFailed(email.id, {
        lastError: message,
        reason: describeFailure({
          attempt: email.attempts,
          maxAttempts: settings.maxAttempts,
          error: message,
          nextAttemptAt,
        }),
        nextAttemptAt,
      });
      return changed ? IncomingEmailStatus.FAILED : 'UNCHANGED';
    } catch (recordError) {
      // The database itself is failing: the row keeps its status and the next run retries it.
      this.logger.error(
        `Could not record the failure of incoming email ${email.id}: ${errorMessage(recordError)}`,
      );
      return IncomingEmailStatus.FAILED;
    }
  }
}

/** What the admin sees of the extraction: the text as posted (or found), and what was cut. */
function extractionColumns(extraction: ExtractedReply, text: string): ExtractionColumns {
  return { extractedText: text, removedText: extraction.removed, extractionRule: extraction.rule };
}
