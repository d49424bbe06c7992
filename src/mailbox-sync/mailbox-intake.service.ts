import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import type {
  MailboxAuthMethod,
  MailboxMessageRef,
  MailboxSession,
  RawMailboxMessage,
} from '../mailbox/mailbox.types.js';
import { IncomingEmailStatus } from './incoming-email-status.enum.js';
import { describeRejection, IncomingEmailReasonCode } from './incoming-email-reasons.js';

export interface IntakeResult {
  /** Unread messages the server listed. */
  listed: number;
  /** New rows stored by this run (too-large ones included). */
  stored: number;
  /** Of those, rejected at once as TOO_LARGE. */
  tooLarge: number;
  /** Messages marked read (new and previously stored ones). */
  markedRead: number;
  /** Set when marking read failed: everything is stored, the messages stay unread. */
  markReadError?: unknown;
}

/** Rows are inserted this many at a time, or fewer when their bytes add up first. */
const INSERT_ROWS = 200;
const INSERT_BYTES = 16 * 1024 * 1024;
/**
 * One FETCH per batch, except that messages whose listed sizes add up beyond this are fetched in
 * several, so a batch of large messages never sits in memory at once.
 */
const FETCH_GROUP_BYTES = 64 * 1024 * 1024;

interface NewRow {
  ref: MailboxMessageRef;
  raw: Buffer | null;
  sizeBytes: number | null;
  tooLarge: boolean;
}

const COLUMNS = [
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
  'created_at',
];

/**
 * The crash-safe half of a run: list unread mail, store every new message under its unique
 * mailbox key (multi-row INSERT ... ON CONFLICT DO NOTHING), and only then mark it read. A crash
 * before the mark leaves the message unread; the next run lists it again, finds its key stored,
 * and only marks it read. Nothing here parses a message: what cannot be stored is never lost.
 */
@Injectable()
export class MailboxIntakeService {
  private readonly logger = new Logger(MailboxIntakeService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async intake(session: MailboxSession): Promise<IntakeResult> {
    const maxBytes = this.config.mailbox.incomingMaxBytes;
    const refs = await session.listUnread({ limit: this.config.mailbox.syncBatchSize });
    const result: IntakeResult = { listed: refs.length, stored: 0, tooLarge: 0, markedRead: 0 };
    if (!refs.length) return result;

    const known = await this.existingKeys(refs.map((ref) => ref.key));
    const safe = refs.filter((ref) => known.has(ref.key));
    const fresh = refs.filter((ref) => !known.has(ref.key));
    // The server told us the size: a message we would reject is not downloaded at all.
    const oversized = fresh.filter((ref) => ref.size !== undefined && ref.size > maxBytes);
    const toFetch = fresh.filter((ref) => !(ref.size !== undefined && ref.size > maxBytes));

    const stored = await this.insert(
      oversized.map((ref) => ({ ref, raw: null, sizeBytes: ref.size ?? null, tooLarge: true })),
      session.authMethod,
    );
    result.stored += stored;
    result.tooLarge += stored;
    safe.push(...oversized);

    for (const group of fetchGroups(toFetch)) {
      let pending: NewRow[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (!pending.length) return;
        const rows = pending;
        pending = [];
        pendingBytes = 0;
        result.stored += await this.insert(rows, session.authMethod);
        result.tooLarge += rows.filter((row) => row.tooLarge).length;
        safe.push(...rows.map((row) => row.ref));
      };
      for await (const message of session.fetchRaw(group)) {
        pending.push(newRow(message, maxBytes));
        pendingBytes += message.raw.length;
        if (pending.length >= INSERT_ROWS || pendingBytes >= INSERT_BYTES) await flush();
      }
      await flush();
    }

    // Only what is safely stored is marked read; a message that vanished meanwhile is not touched.
    try {
      if (safe.length) {
        await session.markRead(safe);
        result.markedRead = safe.length;
        await this.dataSource.query(
          `UPDATE incoming_emails SET marked_read_at = now() WHERE mailbox_key = ANY($1::text[]) AND marked_read_at IS NULL`,
          [safe.map((ref) => ref.key)],
        );
      }
    } catch (error) {
      this.logger.warn(
        `Stored ${safe.length} messages but could not mark them read: ${String(error)}`,
      );
      result.markReadError = error;
    }
    return result;
  }

  private async existingKeys(keys: string[]): Promise<Set<string>> {
    const rows = await this.dataSource.query<Array<{ mailbox_key: string }>>(
      `SELECT mailbox_key FROM incoming_emails WHERE mailbox_key = ANY($1::text[])`,
      [keys],
    );
    return new Set(rows.map((row) => row.mailbox_key));
  }

  /** Inserts new rows in one statement; returns how many were new. */
  private async insert(rows: readonly NewRow[], authMethod: MailboxAuthMethod): Promise<number> {
    if (!rows.length) return 0;
    const limit = this.config.mailbox.incomingMaxBytes;
    const params: unknown[] = [];
    const tuples = rows.map((row) => {
      const rejection = row.tooLarge
        ? describeRejection({
            code: IncomingEmailReasonCode.TOO_LARGE,
            sizeBytes: row.sizeBytes ?? 0,
            limitBytes: limit,
          })
        : null;
      const values = [
        row.ref.key,
        authMethod,
        row.ref.folder,
        row.ref.uid ?? null,
        row.ref.uidValidity ?? null,
        row.ref.graphId ?? null,
        row.ref.messageId ? row.ref.messageId.slice(0, 998) : null,
        row.ref.receivedAt,
        row.sizeBytes,
        row.raw,
        row.tooLarge ? IncomingEmailStatus.REJECTED : IncomingEmailStatus.RECEIVED,
        row.tooLarge ? IncomingEmailReasonCode.TOO_LARGE : null,
        rejection,
        row.tooLarge ? new Date() : null,
      ];
      const start = params.length;
      params.push(...values);
      // created_at is kept to the millisecond: the admin log's page cursors carry a JavaScript
      // Date, and rows of one INSERT share a timestamp that must compare equal to the cursor's.
      return `(${values.map((_, index) => `$${start + index + 1}`).join(', ')}, date_trunc('milliseconds', now()))`;
    });
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO incoming_emails (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}
       ON CONFLICT (mailbox_key) DO NOTHING RETURNING id`,
      params,
    );
    return inserted.length;
  }
}

function newRow(message: RawMailboxMessage, maxBytes: number): NewRow {
  const tooLarge = message.raw.length > maxBytes;
  // A Graph message has no listed size, so it can only be judged once downloaded; then it is
  // recorded like an IMAP one, without its bytes.
  return {
    ref: message.ref,
    raw: tooLarge ? null : message.raw,
    sizeBytes: message.raw.length,
    tooLarge,
  };
}

function fetchGroups(refs: readonly MailboxMessageRef[]): MailboxMessageRef[][] {
  const groups: MailboxMessageRef[][] = [];
  let current: MailboxMessageRef[] = [];
  let bytes = 0;
  for (const ref of refs) {
    const size = ref.size ?? 0;
    if (current.length && bytes + size > FETCH_GROUP_BYTES) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(ref);
    bytes += size;
  }
  if (current.length) groups.push(current);
  return groups;
}
