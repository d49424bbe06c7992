import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DateRange } from '../common/date-range.js';
import type { Cursor } from '../common/pagination.js';
import { isUuid } from '../common/uuid.js';
import type { DeliveryFailureClass } from './delivery-failure-class.enum.js';
import type { DeliveryStatus } from './delivery-status.enum.js';
import type { EmailProviderStatus } from './provider-status.enum.js';

export interface DeliveryFilter {
  /** One delivery by id (the console's detail; a test email or resend read back). */
  id?: string;
  statuses?: DeliveryStatus[];
  providerStatus?: EmailProviderStatus;
  type?: string;
  /** A recipient user id, or part of a recipient email address (case-insensitive). */
  recipient?: string;
  created?: DateRange;
}

export interface DeliveryListRow {
  id: string;
  type: string;
  recipientUserId: string | null;
  recipientEmail: string;
  recipientName: string | null;
  subject: string;
  textBody: string;
  htmlBody: string;
  status: DeliveryStatus;
  suppressionReason: string | null;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  failureClass: DeliveryFailureClass | null;
  providerStatus: EmailProviderStatus | null;
  providerStatusReason: string | null;
  providerStatusAt: Date | null;
  providerMessageId: string | null;
  transport: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
  resentFromId: string | null;
  /** created_at with its microseconds, for a keyset cursor that Date's milliseconds would break. */
  cursorAt: string;
}

/**
 * The admin's list of notification emails (`emailDeliveries`): a read-only query over the outbox
 * table, kept apart from the worker's claims and outcomes in OutboxRepository.
 */
@Injectable()
export class EmailDeliveriesQuery {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first; `first + 1` rows so the caller can tell whether there is a next page. */
  async list(filter: DeliveryFilter, first: number, after?: Cursor): Promise<DeliveryListRow[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.id) conditions.push(`id = ${param(filter.id)}::uuid`);
    if (filter.providerStatus) {
      conditions.push(`provider_status = ${param(filter.providerStatus)}::email_provider_status`);
    }
    if (filter.statuses?.length) {
      conditions.push(`status = ANY(${param(filter.statuses)}::email_delivery_status[])`);
    }
    if (filter.type) conditions.push(`type = ${param(filter.type)}`);
    if (filter.recipient) {
      conditions.push(
        isUuid(filter.recipient)
          ? `recipient_user_id = ${param(filter.recipient)}::uuid`
          : `recipient_email ILIKE ${param(`%${escapeLike(filter.recipient)}%`)}`,
      );
    }
    if (filter.created?.since) conditions.push(`created_at >= ${param(filter.created.since)}`);
    if (filter.created?.before) conditions.push(`created_at < ${param(filter.created.before)}`);
    if (after) {
      conditions.push(
        `(created_at, id) < (${param(after.at)}::timestamptz, ${param(after.id)}::uuid)`,
      );
    }
    const rows = await this.dataSource.query<ListRow[]>(
      `SELECT id, type, recipient_user_id, recipient_email, recipient_name, subject, text_body,
         html_body, status, suppression_reason, attempts, next_attempt_at, last_error,
         failure_class, provider_status, provider_status_reason, provider_status_at,
         provider_message_id, transport, created_at, updated_at, sent_at, resent_from_id,
         to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
       FROM email_deliveries
       ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC
       LIMIT ${param(first + 1)}`,
      params,
    );
    return rows.map((row) => ({
      id: row.id,
      type: row.type,
      recipientUserId: row.recipient_user_id,
      recipientEmail: row.recipient_email,
      recipientName: row.recipient_name,
      subject: row.subject,
      textBody: row.text_body,
      htmlBody: row.html_body,
      status: row.status,
      suppressionReason: row.suppression_reason,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at,
      lastError: row.last_error,
      failureClass: row.failure_class,
      providerStatus: row.provider_status,
      providerStatusReason: row.provider_status_reason,
      providerStatusAt: row.provider_status_at,
      providerMessageId: row.provider_message_id,
      transport: row.transport,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      sentAt: row.sent_at,
      resentFromId: row.resent_from_id,
      cursorAt: row.cursor_at,
    }));
  }

  async get(id: string): Promise<DeliveryListRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.list({ id }, 1);
    return row ?? null;
  }
}

interface ListRow {
  id: string;
  type: string;
  recipient_user_id: string | null;
  recipient_email: string;
  recipient_name: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  status: DeliveryStatus;
  suppression_reason: string | null;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  failure_class: DeliveryFailureClass | null;
  provider_status: EmailProviderStatus | null;
  provider_status_reason: string | null;
  provider_status_at: Date | null;
  provider_message_id: string | null;
  transport: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
  resent_from_id: string | null;
  cursor_at: string;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
