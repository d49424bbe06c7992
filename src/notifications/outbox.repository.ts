import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../common/query-result.js';
import type { DeliveryFailureClass } from './delivery-failure-class.enum.js';
import { DeliveryStatus } from './delivery-status.enum.js';
import type { MailTransportName } from './transport/mail-transport.js';

/** A row as `enqueue` writes it. */
export interface NewDelivery {
  id: string;
  type: string;
  recipientUserId: string | null;
  recipientEmail: string;
  recipientName: string | null;
  replyTo: string | null;
  subject: string;
  textBody: string;
  htmlBody: string;
  headers: Record<string, string>;
  status: DeliveryStatus.PENDING | DeliveryStatus.SUPPRESSED;
  suppressionReason: string | null;
  /** "Send this once": a second row with the same key is never written. */
  idempotencyKey: string | null;
  /** The delivery this one resends. */
  resentFromId: string | null;
  /** The worker leaves the row alone this long (its writer sends it first itself). */
  holdMs: number;
}

/** What a worker needs to send a claimed row. */
export type ClaimedDelivery = Pick<
  NewDelivery,
  | 'id'
  | 'type'
  | 'recipientEmail'
  | 'recipientName'
  | 'replyTo'
  | 'subject'
  | 'textBody'
  | 'htmlBody'
  | 'headers'
> & {
  /** Including the attempt just claimed. */
  attempts: number;
};

/** What became of one send; `type` is the row's notification type, for the metrics. */
export type DeliveryOutcome = { id: string; type: string; transport: MailTransportName } & (
  | { kind: 'sent'; providerMessageId: string | null }
  | { kind: 'retry'; error: string; delayMs: number }
  | { kind: 'failed'; error: string; failureClass?: DeliveryFailureClass }
);

/** A delivery as `resendDelivery` copies it. */
export type ResendSource = Pick<
  NewDelivery,
  | 'id'
  | 'type'
  | 'recipientUserId'
  | 'recipientEmail'
  | 'recipientName'
  | 'replyTo'
  | 'subject'
  | 'textBody'
  | 'htmlBody'
  | 'headers'
> & {
  status: DeliveryStatus;
  /** The delivery that already resends it, if any. */
  resentAsId: string | null;
};

/** How many rows of each notification type a statement changed. */
export type CountsByType = Map<string, number>;

/** What the outbox holds right now, for the metrics. */
export interface OutboxDepthRow {
  pending: number;
  sending: number;
  oldestAgeSeconds: number | null;
}

const MS = `* interval '1 millisecond'`;

/**
 * The outbox table's SQL (all of its writes, one table one repository, hence the length; the
 * admin list's read is in email-deliveries.query.ts). Written by hand because these statements
 * are the whole point of the module: claims with `FOR UPDATE SKIP LOCKED`, bulk inserts and bulk outcome updates in one
 * statement each (arrays through `unnest`, so the statement text does not grow with the batch).
 * Every method that changes a claimed row checks `locked_by`, so a worker whose lease ran out can
 * never overwrite the outcome of the worker that took the row over.
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One INSERT for any number of rows, in the caller's transaction. */
  async insertMany(manager: EntityManager, rows: NewDelivery[]): Promise<Date> {
    const result: unknown = await manager.query(
      `INSERT INTO email_deliveries
         (id, type, recipient_user_id, recipient_email, recipient_name, reply_to, subject,
          text_body, html_body, headers, status, suppression_reason, idempotency_key,
          resent_from_id, next_attempt_at)
       SELECT id, type, recipient_user_id, recipient_email, recipient_name, reply_to, subject,
          text_body, html_body, headers, status, suppression_reason, idempotency_key,
          resent_from_id, now() + hold_ms ${MS}
       FROM unnest($1::uuid[], $2::varchar[], $3::uuid[], $4::varchar[], $5::varchar[],
          $6::varchar[], $7::varchar[], $8::text[], $9::text[], $10::jsonb[],
          $11::email_delivery_status[], $12::text[], $13::varchar[], $14::uuid[], $15::int[])
         AS r(id, type, recipient_user_id, recipient_email, recipient_name, reply_to, subject,
          text_body, html_body, headers, status, suppression_reason, idempotency_key,
          resent_from_id, hold_ms)
       RETURNING created_at`,
      [
        rows.map((row) => row.id),
        rows.map((row) => row.type),
        rows.map((row) => row.recipientUserId),
        rows.map((row) => row.recipientEmail),
        rows.map((row) => row.recipientName),
        rows.map((row) => row.replyTo),
        rows.map((row) => row.subject),
        rows.map((row) => row.textBody),
        rows.map((row) => row.htmlBody),
        rows.map((row) => JSON.stringify(row.headers)),
        rows.map((row) => row.status),
        rows.map((row) => row.suppressionReason),
        rows.map((row) => row.idempotencyKey),
        rows.map((row) => row.resentFromId),
        rows.map((row) => Math.round(row.holdMs)),
      ],
    );
    return rowsOf<{ created_at: Date }>(result)[0].created_at;
  }

  /**
   * Serialises, across replicas, the decisions about one recipient and type in the caller's
   * transaction (held until it ends): a count followed by an insert cannot race another one.
   */
  async lockRecipient(manager: EntityManager, type: string, email: string): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('lockRecipient needs a transaction: the lock lasts until it ends');
    }
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `email_deliveries:${type}:${email.trim().toLowerCase()}`,
    ]);
  }

  /** How many emails of `type` went to `email` (any status) in the last `withinMs`. */
  async countRecentTo(
    manager: EntityManager,
    type: string,
    email: string,
    withinMs: number,
  ): Promise<number> {
    const [row] = await manager.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM email_deliveries
        WHERE type = $1 AND lower(recipient_email) = lower($2) AND created_at > now() - $3::int ${MS}`,
      [type, email.trim(), withinMs],
    );
    return row?.count ?? 0;
  }

  /** The id and status of the delivery written under an idempotency key, if any. */
  async findByIdempotencyKey(
    manager: EntityManager,
    key: string,
  ): Promise<{ id: string; status: DeliveryStatus } | null> {
    const [row] = await manager.query<Array<{ id: string; status: DeliveryStatus }>>(
      `SELECT id, status FROM email_deliveries WHERE idempotency_key = $1`,
      [key],
    );
    return row ?? null;
  }

  /** A delivery to resend, locked against a concurrent resend until the transaction ends. */
  async findForResend(manager: EntityManager, id: string): Promise<ResendSource | null> {
    const [row] = await manager.query<ResendSourceRow[]>(
      `SELECT d.id, d.type, d.recipient_user_id, d.recipient_email, d.recipient_name, d.reply_to,
              d.subject, d.text_body, d.html_body, d.headers, d.status,
              (SELECT r.id FROM email_deliveries r WHERE r.resent_from_id = d.id) AS resent_as_id
         FROM email_deliveries d WHERE d.id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) return null;
    return {
      id: row.id,
      type: row.type,
      recipientUserId: row.recipient_user_id,
      recipientEmail: row.recipient_email,
      recipientName: row.recipient_name,
      replyTo: row.reply_to,
      subject: row.subject,
      textBody: row.text_body,
      htmlBody: row.html_body,
      headers: row.headers,
      status: row.status,
      resentAsId: row.resent_as_id,
    };
  }

  /**
   * Claims one PENDING row for `workerId` whatever its due time: the writer of a held row sends
   * it itself. Null when someone else has it (the worker took it after the hold ran out).
   */
  async claimOne(id: string, workerId: string, leaseMs: number): Promise<ClaimedDelivery | null> {
    const result: unknown = await this.dataSource.query(
      `UPDATE email_deliveries SET status = 'SENDING', attempts = attempts + 1,
         locked_by = $2, locked_until = now() + $3::int ${MS}, updated_at = now()
       WHERE id = $1 AND status = 'PENDING'
       RETURNING id, type, recipient_email, recipient_name, reply_to, subject, text_body,
         html_body, headers, attempts`,
      [id, workerId, leaseMs],
    );
    const [row] = rowsOf<ClaimedRow>(result);
    return row ? toClaimed(row) : null;
  }

  /**
   * Rows whose worker died mid-send (lease ran out) go back to PENDING, or to FAILED when they
   * have used every attempt: a message that crashes the process each time must not loop forever.
   */
  async releaseExpiredLeases(
    manager: EntityManager,
    maxAttempts: number,
    limit: number,
  ): Promise<CountsByType> {
    const result: unknown = await manager.query(
      `WITH expired AS (
         SELECT id FROM email_deliveries
         WHERE status = 'SENDING' AND locked_until < now()
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE email_deliveries d SET
         status = CASE WHEN d.attempts >= $1 THEN 'FAILED' ELSE 'PENDING' END::email_delivery_status,
         last_error = CASE WHEN d.attempts >= $1
           THEN 'Gave up after ' || d.attempts || ' attempts: the last one was interrupted (the sending process stopped)'
           ELSE 'Attempt ' || d.attempts || ' was interrupted (the sending process stopped); it may have reached the provider'
         END,
         next_attempt_at = now(), locked_by = NULL, locked_until = NULL, updated_at = now()
       FROM expired WHERE d.id = expired.id
       RETURNING d.type, d.status`,
      [maxAttempts, limit],
    );
    return countByType(
      rowsOf<{ type: string; status: string }>(result).filter((row) => row.status === 'FAILED'),
    );
  }

  /** Kill switch on: due rows of every type but `exemptTypes` become SUPPRESSED. */
  async suppressDue(
    manager: EntityManager,
    exemptTypes: readonly string[],
    reason: string,
    limit: number,
  ): Promise<CountsByType> {
    const result: unknown = await manager.query(
      `WITH due AS (
         SELECT id FROM email_deliveries
         WHERE status = 'PENDING' AND next_attempt_at <= now() AND NOT (type = ANY($1::varchar[]))
         LIMIT $3
         FOR UPDATE SKIP LOCKED
       )
       UPDATE email_deliveries d SET status = 'SUPPRESSED', suppression_reason = $2,
         updated_at = now()
       FROM due WHERE d.id = due.id
       RETURNING d.type`,
      [exemptTypes, reason, limit],
    );
    return countByType(rowsOf<{ type: string }>(result));
  }

  /** Takes up to `limit` due rows for `workerId`, oldest due first, skipping rows others hold. */
  async claimDue(
    manager: EntityManager,
    claim: { workerId: string; limit: number; leaseMs: number; onlyTypes?: readonly string[] },
  ): Promise<ClaimedDelivery[]> {
    const result: unknown = await manager.query(
      `WITH due AS (
         SELECT id FROM email_deliveries
         WHERE status = 'PENDING' AND next_attempt_at <= now()
           AND ($4::varchar[] IS NULL OR type = ANY($4::varchar[]))
         ORDER BY next_attempt_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       )
       UPDATE email_deliveries d SET status = 'SENDING', attempts = d.attempts + 1,
         locked_by = $2, locked_until = now() + $3::int ${MS}, updated_at = now()
       FROM due WHERE d.id = due.id
       RETURNING d.id, d.type, d.recipient_email, d.recipient_name, d.reply_to, d.subject,
         d.text_body, d.html_body, d.headers, d.attempts`,
      [claim.limit, claim.workerId, claim.leaseMs, claim.onlyTypes ?? null],
    );
    return rowsOf<ClaimedRow>(result).map(toClaimed);
  }

  /** Keeps the rows a live worker still holds from being taken over. */
  async extendLeases(workerId: string, ids: string[], leaseMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE email_deliveries SET locked_until = now() + $3::int ${MS}
       WHERE id = ANY($1::uuid[]) AND locked_by = $2 AND status = 'SENDING'`,
      [ids, workerId, leaseMs],
    );
  }

  /**
   * Records many send outcomes in one statement, and each attempt's answer in the delivery's
   * history (`email_delivery_events`, source TRANSPORT) in the same statement: only for rows this
   * worker still held, so a stale worker leaves no history either.
   */
  async recordOutcomes(workerId: string, outcomes: DeliveryOutcome[]): Promise<void> {
    await this.dataSource.query(
      `WITH o AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::varchar[], $4::varchar[], $5::text[],
           $6::int[], $8::varchar[])
           AS o(id, status, transport, provider_message_id, error, delay_ms, failure_class)
       ), recorded AS (
         UPDATE email_deliveries d SET
           status = o.status::email_delivery_status,
           transport = o.transport,
           provider_message_id = CASE WHEN o.status = 'SENT' THEN o.provider_message_id ELSE d.provider_message_id END,
           sent_at = CASE WHEN o.status = 'SENT' THEN now() ELSE d.sent_at END,
           last_error = COALESCE(o.error, d.last_error),
           failure_class = CASE WHEN o.status = 'FAILED' THEN o.failure_class END,
           next_attempt_at = CASE WHEN o.status = 'PENDING' THEN now() + o.delay_ms ${MS} ELSE d.next_attempt_at END,
           locked_by = NULL, locked_until = NULL, updated_at = now()
         FROM o
         WHERE d.id = o.id AND d.locked_by = $7 AND d.status = 'SENDING'
         RETURNING d.id, d.attempts, o.status, o.transport, o.provider_message_id, o.error
       )
       INSERT INTO email_delivery_events
         (delivery_id, source, event, occurred_at, attempt, detail, provider_message_id)
       SELECT id, 'TRANSPORT',
         CASE status WHEN 'SENT' THEN 'ACCEPTED' WHEN 'PENDING' THEN 'RETRY' ELSE 'FAILED' END,
         now(), attempts,
         CASE WHEN status = 'SENT' THEN 'Accepted by ' || transport ELSE error END,
         provider_message_id
       FROM recorded`,
      [
        outcomes.map((outcome) => outcome.id),
        outcomes.map((outcome) => STATUS_OF[outcome.kind]),
        outcomes.map((outcome) => outcome.transport),
        outcomes.map((outcome) => (outcome.kind === 'sent' ? outcome.providerMessageId : null)),
        outcomes.map((outcome) => (outcome.kind === 'sent' ? null : outcome.error)),
        outcomes.map((outcome) => (outcome.kind === 'retry' ? Math.round(outcome.delayMs) : 0)),
        workerId,
        outcomes.map((outcome) =>
          outcome.kind === 'failed' ? (outcome.failureClass ?? null) : null,
        ),
      ],
    );
  }

  /** Hands back claimed rows that were never attempted (clean shutdown): not an attempt. */
  async release(workerId: string, ids: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE email_deliveries SET status = 'PENDING', attempts = greatest(attempts - 1, 0),
         locked_by = NULL, locked_until = NULL, updated_at = now()
       WHERE id = ANY($1::uuid[]) AND locked_by = $2 AND status = 'SENDING'`,
      [ids, workerId],
    );
  }

  /**
   * How many emails wait (due or not) and are being sent, and how old the oldest is, in one
   * statement. Each condition matches one of the two small partial indexes (PENDING by due time,
   * SENDING by lease), so the cost follows the backlog, not the size of the table.
   */
  async depth(): Promise<OutboxDepthRow> {
    const [row] = await this.dataSource.query<
      Array<{ pending: number; sending: number; oldest_age: number | null }>
    >(
      `SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS pending,
              count(*) FILTER (WHERE status = 'SENDING')::int AS sending,
              extract(epoch FROM now() - min(created_at))::float8 AS oldest_age
         FROM email_deliveries
        WHERE status = 'PENDING' OR status = 'SENDING'`,
    );
    return {
      pending: row?.pending ?? 0,
      sending: row?.sending ?? 0,
      oldestAgeSeconds: row?.oldest_age ?? null,
    };
  }

  /** The type of the delivery that went out with this default Message-ID, if it was ours. */
  async typeOfMessageId(
    id: string,
    messageId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string | null> {
    const rows = await manager.query<Array<{ type: string }>>(
      `SELECT type FROM email_deliveries
       WHERE id = $1::uuid AND lower(headers->>'Message-ID') = lower($2)`,
      [id, messageId],
    );
    return rows[0]?.type ?? null;
  }
}

function countByType(rows: ReadonlyArray<{ type: string }>): CountsByType {
  const counts: CountsByType = new Map();
  for (const { type } of rows) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

const STATUS_OF: Record<DeliveryOutcome['kind'], DeliveryStatus> = {
  sent: DeliveryStatus.SENT,
  retry: DeliveryStatus.PENDING,
  failed: DeliveryStatus.FAILED,
};

function toClaimed(row: ClaimedRow): ClaimedDelivery {
  return {
    id: row.id,
    type: row.type,
    recipientEmail: row.recipient_email,
    recipientName: row.recipient_name,
    replyTo: row.reply_to,
    subject: row.subject,
    textBody: row.text_body,
    htmlBody: row.html_body,
    headers: row.headers,
    attempts: row.attempts,
  };
}

interface ResendSourceRow {
  id: string;
  type: string;
  recipient_user_id: string | null;
  recipient_email: string;
  recipient_name: string | null;
  reply_to: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  headers: Record<string, string>;
  status: DeliveryStatus;
  resent_as_id: string | null;
}

interface ClaimedRow {
  id: string;
  type: string;
  recipient_email: string;
  recipient_name: string | null;
  reply_to: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  headers: Record<string, string>;
  attempts: number;
}
