import { Injectable, Logger } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { User } from '../auth/entities/user.entity.js';
import { AppConfig } from '../config/app-config.js';
import {
  ConversationsErrorCode,
  ConversationsException,
} from '../conversations/conversations.exception.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import type { Conversation } from '../conversations/entities/conversation.entity.js';
import { PostSource } from '../conversations/post-source.enum.js';
import { ReplyIntentsService } from '../conversations/reply-intents.service.js';
import type { ReplyIntentProblem } from '../conversations/reply-intents.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { EmailSettingsService } from '../settings/email-settings.service.js';
import { detectAutomatedMail } from './automated-mail.js';
import type { OwnMail } from './automated-mail.js';
import { IncomingEmailStatus } from './incoming-email-status.enum.js';
import {
  describeFailure,
  describePosted,
  describeRejection,
  IncomingEmailReasonCode,
  retryDelayMs,
} from './incoming-email-reasons.js';
import type { Rejection, TokenSource } from './incoming-email-reasons.js';
import { domainOf, messageFacts } from './message-facts.js';
import type { MessageFacts } from './message-facts.js';
import { extractReply } from './reply-extraction/index.js';
import type { ExtractedReply } from './reply-extraction/index.js';
import { limitReplyLength } from './reply-length.js';
import { answeredMessageIds, findReplyTokens } from './reply-token-search.js';
import type { TokenCandidate } from './reply-token-search.js';
import { findUndecodableText } from './undecodable-text.js';

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

interface ClaimedEmail {
  id: string;
  raw: Buffer;
  attempts: number;
  message_id: string | null;
}

interface Context {
  own: OwnMail;
  /** Domains our outbound Message-IDs use, to recognise answers to non-replyable notifications. */
  ownDomains: string[];
  maxAttempts: number;
}

/** Columns filled from the parsed headers, whatever the outcome. */
interface HeaderColumns {
  message_id: string | null;
  from_address: string | null;
  from_name: string | null;
  to_addresses: string | null;
  subject: string | null;
}

interface Accepted {
  user: User;
  conversation: Conversation;
  token: string;
  source: TokenSource;
  text: string;
  truncatedFrom?: number;
  extraction: ExtractedReply;
}

type Verdict =
  | {
      kind: 'reject';
      rejection: Rejection;
      columns?: HeaderColumns;
      extra?: Record<string, unknown>;
    }
  | { kind: 'accept'; accepted: Accepted; columns: HeaderColumns };

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

/** Raised by Postgres when the POSTED Message-ID unique index catches a second post of one email. */
const POSTED_MESSAGE_ID_INDEX = 'incoming_emails_posted_message_id_uq';

/**
 * Turns a stored email into a post or a reasoned rejection: parse, drop automatic mail, find and
 * resolve the reply token, check the sender, extract the reply, post. The post and the row's
 * POSTED status commit in one transaction that holds the row lock, so however many runs,
 * replicas or admins process an email at once, it is posted at most once.
 */
@Injectable()
export class IncomingEmailProcessor {
  private readonly logger = new Logger(IncomingEmailProcessor.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly settings: EmailSettingsService,
    private readonly conversations: ConversationsService,
    private readonly replyIntents: ReplyIntentsService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Processes stored emails that await processing: RECEIVED ones, and FAILED ones due a retry. */
  async processPending(options: ProcessPendingOptions): Promise<ProcessingCounts> {
    const counts: ProcessingCounts = { posted: 0, rejected: 0, failed: 0 };
    const context = await this.context();
    counts.failed += await this.giveUpOnCrashers(context.maxAttempts);

    const pending = await this.dataSource.query<Array<{ id: string; size: number }>>(
      `SELECT id, coalesce(size_bytes, 0) AS size FROM incoming_emails
        WHERE (status = 'RECEIVED' OR (status = 'FAILED' AND next_attempt_at <= now()))
          AND attempts < $1
        ORDER BY received_at, id
        LIMIT $2`,
      [context.maxAttempts, options.limit],
    );

    for (const chunk of chunks(pending)) {
      if (options.shouldStop?.()) break;
      const claimed = await this.claim(chunk, `status IN ('RECEIVED', 'FAILED')`);
      await forEachConcurrently(claimed, options.concurrency, async (email) => {
        const outcome = await this.handle(email, context);
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
    const [email] = await this.claim([{ id }], `status <> 'POSTED' AND raw IS NOT NULL`);
    if (!email) return 'UNCHANGED';
    return this.handle(email, await this.context());
  }

  private async context(): Promise<Context> {
    const replyByEmail = await this.settings.getReplyByEmail();
    const own: OwnMail = {
      replyToAddress: replyByEmail.replyToAddress,
      fromAddress: this.config.mail.fromAddress,
    };
    const ownDomains = [own.fromAddress, own.replyToAddress]
      .filter((address): address is string => !!address)
      .map(domainOf);
    return {
      own,
      ownDomains: [...new Set(ownDomains)],
      maxAttempts: this.config.mailbox.incomingMaxAttempts,
    };
  }

  /**
   * An email still RECEIVED after its last attempt was claimed never finished processing: the
   * process died on it (memory, a hang, a kill). Retrying it forever could take every run down,
   * so it is set aside for an admin.
   */
  private async giveUpOnCrashers(maxAttempts: number): Promise<number> {
    const rows = await this.dataSource.query<unknown>(
      `UPDATE incoming_emails
          SET status = 'FAILED', next_attempt_at = NULL, updated_at = now(),
              last_error = 'Processing never finished: the process stopped while handling this email',
              reason = $2
        WHERE status = 'RECEIVED' AND attempts >= $1
        RETURNING id`,
      [
        maxAttempts,
        describeFailure({
          attempt: maxAttempts,
          maxAttempts,
          error: 'processing never finished (the process stopped while handling this email)',
          nextAttemptAt: null,
        }),
      ],
    );
    return rowsOf(rows).length;
  }

  /** Counts the attempt before it starts (so a crash still counts) and loads the raw bytes. */
  private async claim(
    rows: ReadonlyArray<{ id: string }>,
    condition: string,
  ): Promise<ClaimedEmail[]> {
    if (!rows.length) return [];
    const result = await this.dataSource.query<unknown>(
      `UPDATE incoming_emails SET attempts = attempts + 1, updated_at = now()
        WHERE id = ANY($1::uuid[]) AND ${condition}
        RETURNING id, raw, attempts, message_id`,
      [rows.map((row) => row.id)],
    );
    const claimed = rowsOf<ClaimedEmail>(result).filter((row) => row.raw !== null);
    const order = new Map(rows.map((row, index) => [row.id, index]));
    return claimed.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  }

  private async handle(email: ClaimedEmail, context: Context): Promise<ProcessOutcome> {
    try {
      const verdict = await this.evaluate(email, context);
      if (verdict.kind === 'reject') {
        return await this.reject(this.dataSource.manager, email.id, verdict);
      }
      return await this.post(email, verdict.accepted, verdict.columns);
    } catch (error) {
      return this.fail(email, context, error);
    }
  }

  private async evaluate(email: ClaimedEmail, context: Context): Promise<Verdict> {
    let parsed: ParsedMail;
    try {
      parsed = await simpleParser(email.raw, PARSER_OPTIONS);
    } catch (error) {
      return reject({
        code: IncomingEmailReasonCode.MALFORMED,
        problem: `its MIME structure cannot be parsed (${errorText(error)})`,
      });
    }
    const facts = messageFacts(parsed);
    const columns = headerColumns(facts, email.message_id);

    const automated = detectAutomatedMail(facts, context.own);
    if (automated) return reject(automated, columns);
    if (!facts.from.length) {
      return reject(
        { code: IncomingEmailReasonCode.MALFORMED, problem: 'it has no readable From address' },
        columns,
      );
    }

    const candidates = findReplyTokens(facts).slice(0, MAX_TOKEN_LOOKUPS);
    if (!candidates.length) return reject(await this.withoutToken(facts, context), columns);

    const resolved = await this.resolve(candidates);
    if (!resolved.ok) {
      return reject(resolved.rejection, columns, {
        user_id: resolved.userId ?? null,
        conversation_id: resolved.conversationId ?? null,
      });
    }
    const { user, conversation, candidate } = resolved;
    const binding = { user_id: user.id, conversation_id: conversation.id };

    const expected = user.email.toLowerCase();
    if (!facts.from.every((address) => address === expected)) {
      return reject(
        {
          code: IncomingEmailReasonCode.SENDER_MISMATCH,
          from: facts.from,
          expected: user.email,
          username: user.username,
        },
        columns,
        binding,
      );
    }

    const extraction = extractReply({ text: parsed.text ?? null, html: parsed.html || null });
    const extractionColumns = {
      extracted_text: extraction.text,
      removed_text: extraction.removed,
      extraction_rule: extraction.rule,
    };
    if (!extraction.text.trim()) {
      return reject(
        { code: IncomingEmailReasonCode.EMPTY_REPLY, removedChars: extraction.removed.length },
        columns,
        { ...binding, ...extractionColumns },
      );
    }
    const undecodable = findUndecodableText(extraction.text);
    if (undecodable) {
      return reject(
        {
          code: IncomingEmailReasonCode.MALFORMED,
          problem: `its text cannot be decoded: ${undecodable.unreadable} of ${undecodable.total} characters are unreadable in the declared charset`,
        },
        columns,
        { ...binding, ...extractionColumns },
      );
    }
    const limited = limitReplyLength(extraction.text.trim());
    return {
      kind: 'accept',
      columns,
      accepted: {
        user,
        conversation,
        token: candidate.token,
        source: candidate.source,
        text: limited.text,
        truncatedFrom: limited.truncatedFrom,
        extraction,
      },
    };
  }

  /** No token: an answer to one of our other notifications, or simply not a reply to us. */
  private async withoutToken(facts: MessageFacts, context: Context): Promise<Rejection> {
    for (const messageId of answeredMessageIds(facts, context.ownDomains)) {
      const type = await this.notifications.findDeliveryTypeByMessageId(messageId);
      if (type === 'conversation_mention') {
        return { code: IncomingEmailReasonCode.NO_INTENT, lostPlusTag: true };
      }
      if (type) return { code: IncomingEmailReasonCode.NOT_REPLYABLE, notificationType: type };
    }
    return { code: IncomingEmailReasonCode.NO_INTENT };
  }

  /**
   * Tries the tokens in search order; the first usable one wins. When none is usable, the most
   * telling problem is reported (an expired token says more than a stray unknown one).
   */
  private async resolve(
    candidates: readonly TokenCandidate[],
  ): Promise<
    | { ok: true; user: User; conversation: Conversation; candidate: TokenCandidate }
    | { ok: false; rejection: Rejection; userId?: string; conversationId?: string | null }
  > {
    let problem:
      | {
          problem: ReplyIntentProblem;
          candidate: TokenCandidate;
          userId?: string;
          conversationId?: string | null;
        }
      | undefined;
    for (const candidate of candidates) {
      const resolution = await this.replyIntents.resolve(candidate.token);
      if (resolution.ok) {
        return {
          ok: true,
          user: resolution.user,
          conversation: resolution.conversation,
          candidate,
        };
      }
      if (!problem || (problem.problem === 'UNKNOWN' && resolution.problem !== 'UNKNOWN')) {
        problem = {
          problem: resolution.problem,
          candidate,
          userId: resolution.intent?.userId,
          conversationId: resolution.intent?.conversationId,
        };
      }
    }
    const found = problem as NonNullable<typeof problem>;
    const details = { token: found.candidate.token, source: found.candidate.source };
    const code = {
      UNKNOWN: IncomingEmailReasonCode.UNKNOWN_INTENT,
      EXPIRED: IncomingEmailReasonCode.EXPIRED_INTENT,
      CONVERSATION_GONE: IncomingEmailReasonCode.CONVERSATION_GONE,
      USER_INACTIVE: IncomingEmailReasonCode.USER_INACTIVE,
    }[found.problem] as
      | IncomingEmailReasonCode.UNKNOWN_INTENT
      | IncomingEmailReasonCode.EXPIRED_INTENT
      | IncomingEmailReasonCode.CONVERSATION_GONE
      | IncomingEmailReasonCode.USER_INACTIVE;
    return {
      ok: false,
      rejection: { code, ...details },
      userId: found.userId,
      conversationId: found.problem === 'CONVERSATION_GONE' ? null : found.conversationId,
    };
  }

  private async post(
    email: ClaimedEmail,
    accepted: Accepted,
    columns: HeaderColumns,
  ): Promise<ProcessOutcome> {
    const { user, conversation } = accepted;
    const binding = {
      user_id: user.id,
      conversation_id: conversation.id,
      extracted_text: accepted.text,
      removed_text: accepted.extraction.removed,
      extraction_rule: accepted.extraction.rule,
    };
    try {
      return await this.dataSource.transaction(async (manager) => {
        const { post } = await this.conversations.addPost(
          user,
          conversation.id,
          accepted.text,
          PostSource.EMAIL,
          manager,
        );
        // This UPDATE takes the row lock and checks the status in one statement: a processor that
        // lost a race (another run, replica or admin) finds POSTED here and rolls its post back.
        // The unique index on POSTED Message-IDs does the same for a copy stored under another key.
        const marked = await update(
          manager,
          email.id,
          {
            ...columns,
            ...binding,
            status: IncomingEmailStatus.POSTED,
            post_id: post.id,
            reason_code: null,
            reason: describePosted({
              username: user.username,
              conversationTitle: conversation.title,
              source: accepted.source,
              truncatedFrom: accepted.truncatedFrom,
            }),
            last_error: null,
            next_attempt_at: null,
          },
          `status <> 'POSTED'`,
        );
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
        return this.reject(this.dataSource.manager, email.id, {
          rejection: {
            code: IncomingEmailReasonCode.CONVERSATION_GONE,
            token: accepted.token,
            source: accepted.source,
          },
          columns,
          extra: { ...binding, conversation_id: null },
        });
      }
      if (isUniqueViolation(error, POSTED_MESSAGE_ID_INDEX) && columns.message_id) {
        // The same email, stored under another mailbox key, was posted already.
        const duplicate = await this.postedWithMessageId(
          this.dataSource.manager,
          columns.message_id,
          email.id,
        );
        return this.reject(this.dataSource.manager, email.id, {
          rejection: {
            code: IncomingEmailReasonCode.DUPLICATE,
            messageId: columns.message_id,
            postedAs: duplicate ?? 'another row',
          },
          columns,
        });
      }
      throw error;
    }
  }

  private async postedWithMessageId(
    manager: EntityManager,
    messageId: string,
    exceptId: string,
  ): Promise<string | null> {
    const [row] = await manager.query<Array<{ id: string }>>(
      `SELECT id FROM incoming_emails WHERE message_id = $1 AND status = 'POSTED' AND id <> $2 LIMIT 1`,
      [messageId, exceptId],
    );
    return row?.id ?? null;
  }

  private async reject(
    manager: EntityManager,
    id: string,
    verdict: { rejection: Rejection; columns?: HeaderColumns; extra?: Record<string, unknown> },
  ): Promise<ProcessOutcome> {
    const changed = await update(
      manager,
      id,
      {
        ...verdict.columns,
        ...verdict.extra,
        status: IncomingEmailStatus.REJECTED,
        reason_code: verdict.rejection.code,
        reason: describeRejection(verdict.rejection),
        last_error: null,
        next_attempt_at: null,
      },
      `status <> 'POSTED'`,
    );
    return changed ? IncomingEmailStatus.REJECTED : 'UNCHANGED';
  }

  private async fail(
    email: ClaimedEmail,
    context: Context,
    error: unknown,
  ): Promise<ProcessOutcome> {
    const message = errorText(error).slice(0, MAX_ERROR_LENGTH);
    this.logger.warn(`Incoming email ${email.id} failed on attempt ${email.attempts}: ${message}`);
    const nextAttemptAt =
      email.attempts < context.maxAttempts
        ? new Date(Date.now() + retryDelayMs(email.attempts))
        : null;
    try {
      const changed = await update(
        this.dataSource.manager,
        email.id,
        {
          status: IncomingEmailStatus.FAILED,
          last_error: message,
          reason: describeFailure({
            attempt: email.attempts,
            maxAttempts: context.maxAttempts,
            error: message,
            nextAttemptAt,
          }),
          next_attempt_at: nextAttemptAt,
        },
        `status <> 'POSTED'`,
      );
      return changed ? IncomingEmailStatus.FAILED : 'UNCHANGED';
    } catch (updateError) {
      // The database itself is failing: the row keeps its status and the next run retries it.
      this.logger.error(
        `Could not record the failure of incoming email ${email.id}: ${errorText(updateError)}`,
      );
      return IncomingEmailStatus.FAILED;
    }
  }
}

function reject(
  rejection: Rejection,
  columns?: HeaderColumns,
  extra?: Record<string, unknown>,
): Verdict {
  return { kind: 'reject', rejection, columns, extra };
}

function headerColumns(facts: MessageFacts, storedMessageId: string | null): HeaderColumns {
  return {
    message_id: (facts.messageId ?? storedMessageId)?.slice(0, 998) ?? null,
    from_address: facts.from.length ? facts.from.join(', ').slice(0, 320) : null,
    from_name: facts.fromName?.slice(0, 320) ?? null,
    to_addresses: [...facts.to, ...facts.cc].join(', ') || null,
    subject: facts.subject,
  };
}

/** Sets columns (snake_case) and processed_at; returns whether a row matched. */
async function update(
  manager: EntityManager,
  id: string,
  values: Record<string, unknown>,
  condition?: string,
): Promise<boolean> {
  const entries = Object.entries(values).filter(([, value]) => value !== undefined);
  const sets = entries.map(([column], index) => `${column} = $${index + 2}`);
  const result = await manager.query<unknown>(
    `UPDATE incoming_emails SET ${sets.join(', ')}, processed_at = now(), updated_at = now()
      WHERE id = $1${condition ? ` AND ${condition}` : ''} RETURNING id`,
    [id, ...entries.map(([, value]) => value)],
  );
  return rowsOf(result).length > 0;
}

/** TypeORM answers UPDATE ... RETURNING on Postgres with `[rows, count]`, other statements with rows. */
function rowsOf<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError =
    (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? error;
  const { code, constraint: name } = driverError as { code?: string; constraint?: string };
  return code === '23505' && name === constraint;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function chunks(rows: ReadonlyArray<{ id: string; size: number }>): Array<Array<{ id: string }>> {
  const result: Array<Array<{ id: string }>> = [];
  let current: Array<{ id: string }> = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Number(row.size);
    if (current.length && (current.length >= CHUNK_ROWS || bytes + size > CHUNK_BYTES)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push({ id: row.id });
    bytes += size;
  }
  if (current.length) result.push(current);
  return result;
}

async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from(
    { length: Math.max(1, Math.min(concurrency, items.length)) },
    async () => {
      while (next < items.length) {
        const item = items[next++];
        await work(item);
      }
    },
  );
  await Promise.all(workers);
}
