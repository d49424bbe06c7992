import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { affectedCount, rowsOf } from '../common/query-result.js';
import type { Cursor } from '../common/pagination.js';
import { MailboxAuthMethod } from '../mailbox/mailbox.types.js';
import { IncomingEmail } from './entities/incoming-email.entity.js';
import { MAX_ADDRESS, MAX_MESSAGE_ID } from './incoming-email-rows.js';
import type {
  ClaimedIncomingEmail,
  FailedOutcome,
  IncomingEmailFilterValues,
  NewIncomingEmail,
  StoredIncomingEmail,
  PostedOutcome,
  RejectedOutcome,
} from './incoming-email-rows.js';
import { IncomingEmailStatus } from './incoming-email-status.enum.js';
import type { IncomingEmailReasonCode } from './incoming-email-reasons.js';
import { withoutNul } from './message-facts.js';

/**
 * Stored, waiting to be processed: never processed yet, or FAILED with a retry scheduled. (FAILED
 * without one gave up and waits for an admin.) Retention keeps the raw copy of these.
 */
const PENDING = `(status = 'RECEIVED' OR (status = 'FAILED' AND next_attempt_at IS NOT NULL))`;
/** Pending, and its retry (if it is one) is due. */
const DUE = `(status = 'RECEIVED' OR (status = 'FAILED' AND next_attempt_at <= now()))`;

/**
 * Stuck unread in the mailbox: marking it read failed, or did not last, this many times; it is not
 * listed again until its daily retry. Moving it out of the Inbox (the archive) ends that.
 */
export const MAX_MARK_READ_ATTEMPTS = 3;
const STUCK_RETRY_HOURS = 24;
const STUCK = `(mark_read_attempts >= ${MAX_MARK_READ_ATTEMPTS} AND mark_read_error IS NOT NULL AND archived_at IS NULL)`;

export interface StuckSummary {
  count: number;
  oldestReceivedAt: Date | null;
  /** The most common reasons, with how many messages each. */
  reasons: Array<{ reason: string; count: number }>;
}

/** Raised by Postgres when the POSTED Message-ID unique index catches a second post of one email. */
const POSTED_MESSAGE_ID_INDEX = 'incoming_emails_posted_message_id_uq';

/** Thrown by `markPosted` when another row with the same Message-ID is POSTED already. */
export class MessageIdAlreadyPosted extends Error {
  constructor(readonly messageId: string) {
    super(`An email with Message-ID ${messageId} was already posted`);
    this.name = 'MessageIdAlreadyPosted';
  }
}

/** Every column an outcome may set, and its name in the table. */
interface OutcomeColumns {
  messageId: string | null;
  fromAddress: string | null;
  fromName: string | null;
  toAddresses: string | null;
  subject: string | null;
  userId: string | null;
  conversationId: string | null;
  extractedText: string;
  removedText: string;
  extractionRule: string;
  postId: string | null;
  status: IncomingEmailStatus;
  reasonCode: IncomingEmailReasonCode | null;
  reason: string;
  lastError: string | null;
  nextAttemptAt: Date | null;
}

const OUTCOME_COLUMN_NAMES: Record<keyof OutcomeColumns, string> = {
  messageId: 'message_id',
  fromAddress: 'from_address',
  fromName: 'from_name',
  toAddresses: 'to_addresses',
  subject: 'subject',
  userId: 'user_id',
  conversationId: 'conversation_id',
  extractedText: 'extracted_text',
  removedText: 'removed_text',
  extractionRule: 'extraction_rule',
  postId: 'post_id',
  status: 'status',
  reasonCode: 'reason_code',
  reason: 'reason',
  lastError: 'last_error',
  nextAttemptAt: 'next_attempt_at',
};

const INSERT_COLUMNS = [
  'mailbox_key',
  'auth_method',
  'folder',
  'imap_uid',
  'imap_uid_validity',
  'graph_id',
  'message_id',
  'received_at',
  'size_bytes',
  'raw',
  'status',
  'reason_code',
  'reason',
  'processed_at',
  'from_address',
  'subject',
  'created_at',
];

/**
 * All SQL of the `incoming_emails` table. Plain SQL where a sync run repeats a statement for every
 * email (intake, claims, outcomes), the entity layer for the admin's reads. Outcomes never
 * overwrite a POSTED row: whoever posted first wins, however many runs, replicas or admins race.
 * Longer than ~400 lines on purpose: every statement on the table lives here, in sections, so
 * what "pending", "stuck" or "archivable" means is written once.
 */
@Injectable()
export class IncomingEmailRepository {
  constructor(
    @InjectRepository(IncomingEmail) private readonly emails: Repository<IncomingEmail>,
  ) {}

  // --- intake -----------------------------------------------------------------------------------

  /**
   * Which of these mailbox keys are stored already, and whether each was marked read before: one
   * that was and is listed unread again did not keep the flag.
   */
  async storedMailboxKeys(keys: readonly string[]): Promise<Map<string, { markedRead: boolean }>> {
    const rows = await this.emails.query<Array<{ mailbox_key: string; marked_read: boolean }>>(
      `SELECT mailbox_key, marked_read_at IS NOT NULL AS marked_read FROM incoming_emails
        WHERE mailbox_key = ANY($1::text[])`,
      [keys],
    );
    return new Map(rows.map((row) => [row.mailbox_key, { markedRead: row.marked_read }]));
  }

  /** Which of these keys are stuck and not yet due for their daily retry: listings skip them. */
  async stuckMailboxKeys(keys: readonly string[]): Promise<Set<string>> {
    const rows = await this.emails.query<Array<{ mailbox_key: string }>>(
      `SELECT mailbox_key FROM incoming_emails
        WHERE mailbox_key = ANY($1::text[]) AND ${STUCK}
          AND mark_read_attempted_at > now() - make_interval(hours => $2)`,
      [keys, STUCK_RETRY_HOURS],
    );
    return new Set(rows.map((row) => row.mailbox_key));
  }

  /** Inserts new rows in one statement, skipping keys stored meanwhile; returns how many were new. */
  async insertNew(rows: readonly NewIncomingEmail[]): Promise<StoredIncomingEmail[]> {
    if (!rows.length) return [];
    const params: unknown[] = [];
    const tuples = rows.map((row) => {
      const values = [
        row.ref.key,
        row.authMethod,
        row.ref.folder,
        row.ref.uid ?? null,
        row.ref.uidValidity ?? null,
        row.ref.graphId ?? null,
        row.ref.messageId ? withoutNul(row.ref.messageId).slice(0, MAX_MESSAGE_ID) : null,
        row.ref.receivedAt,
        row.sizeBytes,
        row.raw,
        row.rejection ? IncomingEmailStatus.REJECTED : IncomingEmailStatus.RECEIVED,
        row.rejection?.code ?? null,
        row.rejection?.reason ?? null,
        row.rejection ? new Date() : null,
        row.fromAddress?.slice(0, MAX_ADDRESS) ?? null,
        row.subject ?? null,
      ];
      const start = params.length;
      params.push(...values);
      // created_at is kept to the millisecond: the admin log's page cursors carry a JavaScript
      // Date, and rows of one INSERT share a timestamp that must compare equal to the cursor's.
      return `(${values.map((_, index) => `$${start + index + 1}`).join(', ')}, date_trunc('milliseconds', now()))`;
    });
    const inserted = await this.emails.query<unknown>(
      `INSERT INTO incoming_emails (${INSERT_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}
       ON CONFLICT (mailbox_key) DO NOTHING RETURNING id, mailbox_key`,
      params,
    );
    return rowsOf<{ id: string; mailbox_key: string }>(inserted).map((row) => ({
      id: row.id,
      mailboxKey: row.mailbox_key,
    }));
  }

  /**
   * Records one attempt to mark each message read: `error` null when it worked, else why it
   * failed or did not last. A message only counts as read once an attempt worked.
   */
  async recordMarkRead(
    attempts: ReadonlyArray<{ key: string; error: string | null }>,
  ): Promise<void> {
    if (!attempts.length) return;
    await this.emails.query(
      `UPDATE incoming_emails AS e
          SET mark_read_attempts = e.mark_read_attempts + 1, mark_read_attempted_at = now(),
              mark_read_error = a.error,
              marked_read_at = CASE WHEN a.error IS NULL THEN coalesce(e.marked_read_at, now())
                                    ELSE e.marked_read_at END
         FROM unnest($1::text[], $2::text[]) AS a(key, error)
        WHERE e.mailbox_key = a.key`,
      [attempts.map((attempt) => attempt.key), attempts.map((attempt) => attempt.error)],
    );
  }

  /** How many stored messages are stuck unread in the mailbox, the oldest, and the reasons. */
  async stuckSummary(): Promise<StuckSummary> {
    const [totals] = await this.emails.query<Array<{ count: number; oldest: Date | null }>>(
      `SELECT count(*)::int AS count, min(received_at) AS oldest FROM incoming_emails WHERE ${STUCK}`,
    );
    const reasons = await this.emails.query<Array<{ reason: string; count: number }>>(
      `SELECT mark_read_error AS reason, count(*)::int AS count FROM incoming_emails
        WHERE ${STUCK} GROUP BY mark_read_error ORDER BY count(*) DESC, mark_read_error LIMIT 5`,
    );
    return { count: totals?.count ?? 0, oldestReceivedAt: totals?.oldest ?? null, reasons };
  }

  // --- processing -------------------------------------------------------------------------------

  /**
   * Emails still RECEIVED after their last attempt was claimed: processing never finished (the
   * process died on them). They become FAILED without a retry; returns how many.
   */
  async giveUpOnInterrupted(
    maxAttempts: number,
    failure: Omit<FailedOutcome, 'nextAttemptAt'>,
  ): Promise<number> {
    const result = await this.emails.query<unknown>(
      `UPDATE incoming_emails
          SET status = 'FAILED', next_attempt_at = NULL, updated_at = now(), last_error = $2, reason = $3
        WHERE status = 'RECEIVED' AND attempts >= $1
        RETURNING id`,
      [maxAttempts, failure.lastError, failure.reason],
    );
    return rowsOf(result).length;
  }

  /** Pending emails that are due and have attempts left, oldest first, with their sizes. */
  async findDue(
    maxAttempts: number,
    limit: number,
  ): Promise<Array<{ id: string; sizeBytes: number }>> {
    const rows = await this.emails.query<Array<{ id: string; size: number }>>(
      `SELECT id, coalesce(size_bytes, 0) AS size FROM incoming_emails
        WHERE ${DUE} AND attempts < $1
        ORDER BY received_at, id
        LIMIT $2`,
      [maxAttempts, limit],
    );
    return rows.map((row) => ({ id: row.id, sizeBytes: Number(row.size) }));
  }

  /**
   * Claims these emails for an attempt, in the given order, skipping any that were finished
   * meanwhile. The attempt is counted before it starts, so a crash during it still counts.
   */
  claimPending(ids: readonly string[]): Promise<ClaimedIncomingEmail[]> {
    return this.claim(ids, `status IN ('RECEIVED', 'FAILED')`);
  }

  /** Claims one email for reprocessing, whatever its status but POSTED; null if it cannot be. */
  async claimForReprocessing(id: string): Promise<ClaimedIncomingEmail | null> {
    const [email] = await this.claim([id], `status <> 'POSTED' AND raw IS NOT NULL`);
    return email ?? null;
  }

  /**
   * Marks an email POSTED in the posting transaction; false when it was POSTED meanwhile (the
   * caller rolls its post back). This UPDATE takes the row lock and checks the status in one
   * statement, and the unique index on POSTED Message-IDs catches a copy stored under another key.
   */
  async markPosted(manager: EntityManager, id: string, posted: PostedOutcome): Promise<boolean> {
    try {
      return await this.setOutcome(manager, id, {
        ...posted.headers,
        ...posted.binding,
        ...posted.extraction,
        status: IncomingEmailStatus.POSTED,
        postId: posted.postId,
        reasonCode: null,
        reason: posted.reason,
        lastError: null,
        nextAttemptAt: null,
      });
    } catch (error) {
      if (isUniqueViolation(error, POSTED_MESSAGE_ID_INDEX) && posted.headers.messageId) {
        throw new MessageIdAlreadyPosted(posted.headers.messageId);
      }
      throw error;
    }
  }

  /** The id of the POSTED email with this Message-ID, other than `exceptId`. */
  async findPostedWithMessageId(messageId: string, exceptId: string): Promise<string | null> {
    const [row] = await this.emails.query<Array<{ id: string }>>(
      `SELECT id FROM incoming_emails WHERE message_id = $1 AND status = 'POSTED' AND id <> $2 LIMIT 1`,
      [messageId, exceptId],
    );
    return row?.id ?? null;
  }

  /** False when the email was POSTED meanwhile, which stays as it is. */
  markRejected(
    id: string,
    rejected: RejectedOutcome,
    manager: EntityManager = this.emails.manager,
  ): Promise<boolean> {
    return this.setOutcome(manager, id, {
      ...rejected.headers,
      ...rejected.binding,
      ...rejected.extraction,
      status: IncomingEmailStatus.REJECTED,
      reasonCode: rejected.reasonCode,
      reason: rejected.reason,
      lastError: null,
      nextAttemptAt: null,
    });
  }

  /** False when the email was POSTED meanwhile, which stays as it is. */
  markFailed(id: string, failed: FailedOutcome): Promise<boolean> {
    return this.setOutcome(this.emails.manager, id, {
      status: IncomingEmailStatus.FAILED,
      lastError: failed.lastError,
      reason: failed.reason,
      nextAttemptAt: failed.nextAttemptAt,
    });
  }

  // --- archive and retention --------------------------------------------------------------------

  /**
   * Emails in a final status, still in the Inbox: POSTED, REJECTED, and FAILED for good (no retry
   * left). Those stay in the log and the database for an admin to reprocess; the Inbox does not
   * need them any more than the others.
   */
  findArchivable(limit: number): Promise<IncomingEmail[]> {
    const inInbox = { folder: 'INBOX', archivedAt: IsNull(), authMethod: MailboxAuthMethod.BASIC };
    return this.emails.find({
      where: [
        { ...inInbox, status: In([IncomingEmailStatus.POSTED, IncomingEmailStatus.REJECTED]) },
        { ...inInbox, status: IncomingEmailStatus.FAILED, nextAttemptAt: IsNull() },
      ],
      order: { receivedAt: 'ASC', id: 'ASC' },
      take: limit,
    });
  }

  async markArchived(ids: readonly string[], folder: string): Promise<void> {
    if (!ids.length) return;
    await this.emails.update({ id: In([...ids]) }, { folder, archivedAt: new Date() });
  }

  /** Drops the raw copy of emails received before `cutoff` that are no longer pending. */
  async purgeRawOlderThan(cutoff: Date): Promise<number> {
    const result = await this.emails.query<unknown>(
      `UPDATE incoming_emails SET raw = NULL, raw_purged_at = now(), updated_at = now()
        WHERE received_at < $1 AND raw IS NOT NULL AND NOT ${PENDING}
        RETURNING id`,
      [cutoff],
    );
    return affectedCount(result);
  }

  // --- admin reads ------------------------------------------------------------------------------

  /** Newest first; `first + 1` rows so the caller can tell whether there is a next page. */
  list(filter: IncomingEmailFilterValues, first: number, after?: Cursor): Promise<IncomingEmail[]> {
    const query = this.emails
      .createQueryBuilder('e')
      .orderBy('e.created_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .take(first + 1);
    if (filter.status) query.andWhere('e.status = :status', { status: filter.status });
    if (filter.reasonCode)
      query.andWhere('e.reason_code = :reasonCode', { reasonCode: filter.reasonCode });
    if (filter.received?.since)
      query.andWhere('e.received_at >= :since', { since: filter.received.since });
    if (filter.received?.before)
      query.andWhere('e.received_at < :before', { before: filter.received.before });
    if (after) query.andWhere('(e.created_at, e.id) < (:at, :id)', { at: after.at, id: after.id });
    return query.getMany();
  }

  findById(id: string): Promise<IncomingEmail | null> {
    return this.emails.findOneBy({ id });
  }

  /** The stored raw message, or null when it was not kept or retention dropped it. */
  async findRaw(id: string): Promise<Buffer | null> {
    const [row] = await this.emails.query<Array<{ raw: Buffer | null }>>(
      `SELECT raw FROM incoming_emails WHERE id = $1`,
      [id],
    );
    return row?.raw ?? null;
  }

  /** Whether the raw message is still stored (it is not selected with the entity). */
  async hasRaw(id: string): Promise<boolean> {
    const [row] = await this.emails.query<Array<{ has_raw: boolean }>>(
      `SELECT raw IS NOT NULL AS has_raw FROM incoming_emails WHERE id = $1`,
      [id],
    );
    return row?.has_raw ?? false;
  }

  async countPending(): Promise<number> {
    const [row] = await this.emails.query<Array<{ pending: number }>>(
      `SELECT count(*)::int AS pending FROM incoming_emails WHERE ${PENDING}`,
    );
    return row?.pending ?? 0;
  }

  private async claim(ids: readonly string[], condition: string): Promise<ClaimedIncomingEmail[]> {
    if (!ids.length) return [];
    const result = await this.emails.query<unknown>(
      `UPDATE incoming_emails SET attempts = attempts + 1, updated_at = now()
        WHERE id = ANY($1::uuid[]) AND ${condition}
        RETURNING id, raw, attempts, message_id, received_at`,
      [ids],
    );
    const claimed = rowsOf<{
      id: string;
      raw: Buffer | null;
      attempts: number;
      message_id: string | null;
      received_at: Date;
    }>(result).filter((row): row is typeof row & { raw: Buffer } => row.raw !== null);
    const order = new Map(ids.map((id, index) => [id, index]));
    return claimed
      .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
      .map((row) => ({
        id: row.id,
        raw: row.raw,
        attempts: row.attempts,
        messageId: row.message_id,
        receivedAt: row.received_at,
      }));
  }

  /** Sets the given columns (absent ones stay as they are) unless the row is POSTED. */
  private async setOutcome(
    manager: EntityManager,
    id: string,
    values: Partial<OutcomeColumns>,
  ): Promise<boolean> {
    const entries = (Object.keys(values) as Array<keyof OutcomeColumns>)
      .filter((key) => values[key] !== undefined)
      .map((key) => [OUTCOME_COLUMN_NAMES[key], values[key]] as const);
    const sets = entries.map(([column], index) => `${column} = $${index + 2}`);
    const result = await manager.query<unknown>(
      `UPDATE incoming_emails SET ${sets.join(', ')}, processed_at = now(), updated_at = now()
        WHERE id = $1 AND status <> 'POSTED' RETURNING id`,
      [id, ...entries.map(([, value]) => value)],
    );
    return rowsOf(result).length > 0;
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError =
    (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? error;
  const { code, constraint: name } = driverError as { code?: string; constraint?: string };
  return code === '23505' && name === constraint;
}
