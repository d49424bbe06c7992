import { Injectable, Logger } from '@nestjs/common';
import { batchesOf } from '../common/batches.js';
import { errorMessage } from '../common/error-message.js';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from '../metrics/metrics.js';
import type {
  MailboxAuthMethod,
  MailboxMessageRef,
  MailboxSession,
  RawMailboxMessage,
} from '../mailbox/mailbox.types.js';
import { describeRejection, IncomingEmailReasonCode } from './incoming-email-reasons.js';
import type { Rejection } from './incoming-email-reasons.js';
import { IncomingEmailStatus } from './incoming-email-status.enum.js';
import { IncomingEmailRepository } from './incoming-email.repository.js';
import type { NewIncomingEmail, StoredIncomingEmail } from './incoming-email-rows.js';
import { messageFacts } from './message-facts.js';
import { parseMessage } from './message-decoding.js';
import { RejectionNotices } from './rejection-notices.js';

export interface IntakeResult {
  /** Unread messages the server listed. */
  listed: number;
  /** New rows stored by this run (too-large ones included). */
  stored: number;
  /** Of those, rejected at once as TOO_LARGE. */
  tooLarge: number;
  /** Messages marked read (new and previously stored ones). */
  markedRead: number;
  /** Messages the server refused to mark read, or that came back unread after being marked. */
  notMarkedRead: number;
  /** Set when marking read failed for the whole session: everything is stored, all stay unread. */
  markReadError?: unknown;
}

/** A message marked read before and listed unread again: the server does not keep its flag. */
const CAME_BACK_UNREAD =
  'it was marked read, but the mailbox lists it as unread again (the server did not keep the \\Seen flag)';

/** Rows are inserted this many at a time, or fewer when their bytes add up first. */
const INSERT_ROWS = 200;
const INSERT_BYTES = 16 * 1024 * 1024;
/**
 * One FETCH per batch, except that messages whose listed sizes add up beyond this are fetched in
 * several, so a batch of large messages never sits in memory at once.
 */
const FETCH_GROUP_BYTES = 64 * 1024 * 1024;

/**
 * The crash-safe half of a run: list unread mail, store every new message under its unique
 * mailbox key (multi-row INSERT ... ON CONFLICT DO NOTHING), and only then mark it read. A crash
 * before the mark leaves the message unread; the next run lists it again, finds its key stored,
 * and only marks it read. Nothing here parses a message: what cannot be stored is never lost.
 * Every attempt to mark a message read is recorded; one that keeps failing (or keeps coming back
 * unread) is stuck, and listings page past it so it cannot starve newer mail.
 */
@Injectable()
export class MailboxIntakeService {
  private readonly logger = new Logger(MailboxIntakeService.name);

  constructor(
    private readonly emails: IncomingEmailRepository,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly notices: RejectionNotices,
  ) {}

  /** The poll: every unread message, up to one batch. */
  async intake(session: MailboxSession): Promise<IntakeResult> {
    // Messages that cannot be marked read stay unread; paging past them keeps them from taking
    // the batch's places for ever.
    const refs = await session.listUnread({
      limit: this.config.mailbox.syncBatchSize,
      skip: (keys) => this.emails.stuckMailboxKeys(keys),
    });
    return this.storeAndMarkRead(session, refs, false);
  }

  /**
   * The listener: just the messages a watch reported (listed by the session's kind of mailbox),
   * stored and marked read exactly as the poll does, each attempt recorded the same way. A
   * message the poll stored meanwhile (or that another replica is storing right now) is only
   * marked read; one already marked read is left alone.
   */
  async intakeListed(
    session: MailboxSession,
    refs: readonly MailboxMessageRef[],
  ): Promise<IntakeResult> {
    // Stuck messages wait for the poll's daily retry, as the poll's listing pages past them.
    const stuck = await this.emails.stuckMailboxKeys(refs.map((ref) => ref.key));
    const due = refs.filter((ref) => !stuck.has(ref.key));
    return this.storeAndMarkRead(session, due, true);
  }

  /**
   * `pushed`: the refs come from a watch, which saw them unread perhaps before the poll marked
   * them read. Such a message is left alone rather than counted as 'came back unread': only a
   * listing made just now (the poll's) says the server did not keep the flag.
   */
  private async storeAndMarkRead(
    session: MailboxSession,
    listed: readonly MailboxMessageRef[],
    pushed: boolean,
  ): Promise<IntakeResult> {
    const maxBytes = this.config.mailbox.incomingMaxBytes;
    const result: IntakeResult = {
      listed: listed.length,
      stored: 0,
      tooLarge: 0,
      markedRead: 0,
      notMarkedRead: 0,
    };
    if (!listed.length) return result;

    const known = await this.emails.storedMailboxKeys(listed.map((ref) => ref.key));
    const refs = pushed ? listed.filter((ref) => !known.get(ref.key)?.markedRead) : listed;
    const safe = refs.filter((ref) => known.has(ref.key));
    const fresh = refs.filter((ref) => !known.has(ref.key));
    // The server told us the size: a message we would reject is not downloaded at all.
    const oversized = fresh.filter((ref) => ref.size !== undefined && ref.size > maxBytes);
    const toFetch = fresh.filter((ref) => !(ref.size !== undefined && ref.size > maxBytes));

    const oversizedRows = oversized.map((ref) =>
      this.newEmail(session.authMethod, ref, null, ref.size ?? null),
    );
    const stored = await this.emails.insertNew(oversizedRows);
    result.stored += stored.length;
    result.tooLarge += stored.length;
    this.countTooLarge(stored.length);
    await this.noticeTooLarge(oversizedRows, stored);
    safe.push(...oversized);

    const fetchGroups = batchesOf(toFetch, {
      maxBytes: FETCH_GROUP_BYTES,
      sizeOf: (ref) => ref.size ?? 0,
    });
    for (const group of fetchGroups) {
      let pending: NewIncomingEmail[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (!pending.length) return;
        const rows = pending;
        pending = [];
        pendingBytes = 0;
        const inserted = await this.emails.insertNew(rows);
        result.stored += inserted.length;
        const insertedKeys = new Set(inserted.map((row) => row.mailboxKey));
        const tooLarge = rows.filter((row) => row.rejection && insertedKeys.has(row.ref.key));
        result.tooLarge += tooLarge.length;
        this.countTooLarge(tooLarge.length);
        await this.noticeTooLarge(rows, inserted);
        safe.push(...rows.map((row) => row.ref));
      };
      for await (const message of session.fetchRaw(group)) {
        pending.push(await this.downloaded(session.authMethod, message));
        pendingBytes += message.raw.length;
        if (pending.length >= INSERT_ROWS || pendingBytes >= INSERT_BYTES) await flush();
      }
      await flush();
    }

    // Only what is safely stored is marked read; a message that vanished meanwhile is not touched.
    try {
      if (safe.length) {
        const failures = new Map(
          (await session.markRead(safe)).map((failure) => [failure.key, failure.reason]),
        );
        const attempts = safe.map((ref) => ({
          key: ref.key,
          error:
            failures.get(ref.key) ?? (known.get(ref.key)?.markedRead ? CAME_BACK_UNREAD : null),
        }));
        await this.emails.recordMarkRead(attempts);
        result.notMarkedRead = attempts.filter((attempt) => attempt.error !== null).length;
        result.markedRead = safe.length - failures.size;
      }
    } catch (error) {
      this.logger.warn(
        `Stored ${safe.length} messages but could not mark them read: ${errorMessage(error)}`,
      );
      result.markReadError = error;
    }
    return result;
  }

  private countTooLarge(count: number): void {
    this.metrics.countIncomingEmail(
      IncomingEmailStatus.REJECTED,
      IncomingEmailReasonCode.TOO_LARGE,
      count,
    );
  }

  /**
   * A Graph message has no listed size, so it can only be judged once downloaded; then it is
   * recorded like an IMAP one, without its bytes.
   */
  private async downloaded(
    authMethod: MailboxAuthMethod,
    message: RawMailboxMessage,
  ): Promise<NewIncomingEmail> {
    const tooLarge = message.raw.length > this.config.mailbox.incomingMaxBytes;
    if (!tooLarge) return this.newEmail(authMethod, message.ref, message.raw, message.raw.length);
    // Not kept, but its header says who sent it (for the rejection notice and the admin).
    const sender = await senderOf(message.raw);
    return this.newEmail(authMethod, { ...message.ref, ...sender }, null, message.raw.length);
  }

  /**
   * Rejection notices for the TOO_LARGE rows this intake stored (never for a row already there).
   * Written after the row, in a transaction of their own: a crash between the two loses the
   * notice, never the email. A notice that cannot be written is logged, and intake goes on.
   */
  private async noticeTooLarge(
    rows: readonly NewIncomingEmail[],
    stored: readonly StoredIncomingEmail[],
  ): Promise<void> {
    const idOf = new Map(stored.map((row) => [row.mailboxKey, row.id]));
    for (const row of rows) {
      const id = idOf.get(row.ref.key);
      if (!id || !row.rejection || !row.fromAddress) continue;
      const rejection: Rejection = {
        code: IncomingEmailReasonCode.TOO_LARGE,
        sizeBytes: row.sizeBytes ?? 0,
        limitBytes: this.config.mailbox.incomingMaxBytes,
      };
      await this.notices
        .noticeForStoredRejection(id, rejection, {
          fromAddress: row.fromAddress,
          subject: row.subject ?? null,
        })
        .catch((error: unknown) =>
          this.logger.warn(
            `Could not write the rejection notice for incoming email ${id}: ${errorMessage(error)}`,
          ),
        );
    }
  }

  /** A row to store: with its bytes, or without them and rejected as TOO_LARGE. */
  private newEmail(
    authMethod: MailboxAuthMethod,
    ref: MailboxMessageRef,
    raw: Buffer | null,
    sizeBytes: number | null,
  ): NewIncomingEmail {
    const rejection =
      raw === null
        ? {
            code: IncomingEmailReasonCode.TOO_LARGE,
            reason: describeRejection({
              code: IncomingEmailReasonCode.TOO_LARGE,
              sizeBytes: sizeBytes ?? 0,
              limitBytes: this.config.mailbox.incomingMaxBytes,
            }),
          }
        : null;
    return {
      ref,
      authMethod,
      raw,
      sizeBytes,
      rejection,
      fromAddress: raw === null ? (ref.from ?? null) : null,
      subject: raw === null ? (ref.subject ?? null) : null,
    };
  }
}

/** The header block of a message: enough to read its From and Subject without the body. */
const MAX_HEADER_BYTES = 256 * 1024;

async function senderOf(raw: Buffer): Promise<{ from?: string; subject?: string }> {
  const head = raw.subarray(0, MAX_HEADER_BYTES);
  const end = head.indexOf('\r\n\r\n');
  const headers = end >= 0 ? head.subarray(0, end + 4) : head;
  try {
    const facts = messageFacts(await parseMessage(headers));
    return { from: facts.from[0], subject: facts.subject ?? undefined };
  } catch {
    return {};
  }
}
