import { Injectable } from '@nestjs/common';
import type { ParsedMail } from 'mailparser';
import type { User } from '../auth/entities/user.entity.js';
import { batchesOf, forEachConcurrently } from '../common/batches.js';
import { errorMessage } from '../common/error-message.js';
import { AppConfig } from '../config/app-config.js';
import { ReplyIntentsService } from '../conversations/reply-intents.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { EmailSettingsService } from '../settings/email-settings.service.js';
import type { OwnMail } from './automated-mail.js';
import { extractionColumns, IncomingEmailOutcomes } from './incoming-email-outcomes.js';
import type { AcceptedReply, ProcessOutcome } from './incoming-email-outcomes.js';
import { headerColumnsOf } from './incoming-email-rows.js';
import type { ClaimedIncomingEmail, HeaderColumns } from './incoming-email-rows.js';
import { IncomingEmailStatus } from './incoming-email-status.enum.js';
import { IncomingEmailReasonCode } from './incoming-email-reasons.js';
import type { Rejection } from './incoming-email-reasons.js';
import { IncomingEmailRepository } from './incoming-email.repository.js';
import { domainOf, messageFacts, withoutNul } from './message-facts.js';
import type { MessageFacts } from './message-facts.js';
import { answeredMessageIds, findReplyTokens } from './reply-token-search.js';
import type { TokenCandidate } from './reply-token-search.js';
import {
  judgeReply,
  rejectionForUnusableTokens,
  rejectionWithoutToken,
  screenMessage,
} from './reply-verdict.js';
import type { ReplyBinding, ReplyVerdict, ResolvedIntent, UnusableToken } from './reply-verdict.js';
import { forgedSenderVerdict } from './authentication-results.js';
import { parseMessage } from './message-decoding.js';
import { findBase64Errors } from './transfer-encoding-errors.js';

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

/** What every email of one call is judged against, read once per call. */
interface ProcessingSettings {
  ownMail: OwnMail;
  /** Domains our outbound Message-IDs use, to recognise answers to non-replyable notifications. */
  ourMessageIdDomains: string[];
  maxAttempts: number;
}

/**
 * A verdict with the header columns to record (when the message could be parsed), and for a
 * rejection whether the receiving server found the sender forged (then its sender is not told).
 */
type Decision =
  | (Extract<ReplyVerdict, { kind: 'reject' }> & {
      headers?: HeaderColumns;
      forgedSender?: string | null;
    })
  | AcceptedReply;

/** Chunks of claimed emails: their raw bytes are loaded together, so a chunk is bounded by both. */
const CHUNK_ROWS = 100;
const CHUNK_BYTES = 32 * 1024 * 1024;
/** A hostile email can carry hundreds of plus-tagged addresses; each costs a lookup. */
const MAX_TOKEN_LOOKUPS = 5;

/**
 * Turns stored emails into posts or reasoned rejections. It gathers the facts (parses the
 * message, looks up its reply token and what it answers), lets the pure functions of
 * reply-verdict.ts decide, and hands the verdict to IncomingEmailOutcomes, which posts or records
 * it. Claims, chunks and concurrency keep a run's memory and database load bounded.
 */
@Injectable()
export class IncomingEmailProcessor {
  constructor(
    private readonly emails: IncomingEmailRepository,
    private readonly outcomes: IncomingEmailOutcomes,
    private readonly config: AppConfig,
    private readonly settings: EmailSettingsService,
    private readonly replyIntents: ReplyIntentsService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Processes stored emails that await processing: RECEIVED ones, and FAILED ones due a retry. */
  async processPending(options: ProcessPendingOptions): Promise<ProcessingCounts> {
    const counts: ProcessingCounts = { posted: 0, rejected: 0, failed: 0 };
    const settings = await this.processingSettings();
    counts.failed += await this.outcomes.giveUpOnInterrupted(settings.maxAttempts);

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

  private async handle(
    email: ClaimedIncomingEmail,
    settings: ProcessingSettings,
  ): Promise<ProcessOutcome> {
    try {
      const decision = await this.decide(email, settings);
      if (decision.kind === 'post') return await this.outcomes.post(email.id, decision);
      const { headers, rejection, binding, extraction, forgedSender } = decision;
      return await this.outcomes.reject(email.id, rejection, {
        headers,
        binding,
        extraction: extraction && extractionColumns(extraction, extraction.text),
        forgedSender: forgedSender ?? null,
      });
    } catch (error) {
      return this.outcomes.fail(email, settings.maxAttempts, error);
    }
  }

  /** Gathers what the verdict needs, cheapest first: headers, then lookups, then extraction. */
  private async decide(
    email: ClaimedIncomingEmail,
    settings: ProcessingSettings,
  ): Promise<Decision> {
    let forgedSender: string | null = null;
    const reject = (
      rejection: Rejection,
      headers?: HeaderColumns,
      binding?: ReplyBinding,
    ): Decision => ({ kind: 'reject', rejection, headers, binding, forgedSender });
    let parsed: ParsedMail;
    try {
      parsed = await parseMessage(email.raw);
    } catch (error) {
      return reject({
        code: IncomingEmailReasonCode.MALFORMED,
        problem: `its MIME structure cannot be parsed (${errorMessage(error)})`,
      });
    }
    const facts = messageFacts(parsed);
    const headers = headerColumnsOf(facts, email.messageId);
    forgedSender = forgedSenderVerdict(facts.headers['authentication-results']);

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
      {
        text: withoutNul(parsed.text ?? null),
        html: withoutNul(parsed.html || null),
        base64Errors: findBase64Errors(email.raw),
      },
      lookup.intent,
      this.config.mailbox.authentication,
    );
    if (verdict.kind === 'reject') return { ...verdict, headers, forgedSender };
    return {
      ...verdict,
      headers,
      intent: lookup.intent,
      user: lookup.user,
      timing: { dateHeader: parsed.date ?? null, receivedAt: email.receivedAt },
    };
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
}
