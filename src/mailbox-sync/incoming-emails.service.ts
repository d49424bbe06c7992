import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Not, Repository } from 'typeorm';
import type { Cursor } from '../common/pagination.js';
import { MailboxAuthMethod } from '../mailbox/mailbox.types.js';
import { IncomingEmail } from './entities/incoming-email.entity.js';
import { IncomingEmailStatus } from './incoming-email-status.enum.js';
import type { IncomingEmailReasonCode } from './incoming-email-reasons.js';
import { MailboxSyncErrorCode, MailboxSyncException } from './mailbox-sync.exception.js';

export interface IncomingEmailFilterValues {
  status?: IncomingEmailStatus;
  reasonCode?: IncomingEmailReasonCode;
}

/**
 * The incoming email log. Public API of the module (exported for the archive module):
 *
 * - `findArchivable(limit)`: processed (POSTED or REJECTED) IMAP emails still in the INBOX and not
 *   archived, oldest first. Rebuild a `MailboxMessageRef` from `mailboxKey`, `folder`, `imapUid`,
 *   `imapUidValidity` and `receivedAt`; a ref whose UIDVALIDITY no longer matches the folder is
 *   refused by the mailbox session (STALE_REFERENCE) rather than touching the wrong message.
 * - `markArchived(ids, folder)`: records the move (folder and archivedAt).
 * - `purgeRawOlderThan(cutoff)`: drops the raw copy of emails received before `cutoff` that are
 *   done with (not RECEIVED, not FAILED awaiting a retry), keeping the row for the admin history.
 *
 * Everything else here serves this module's resolver.
 */
@Injectable()
export class IncomingEmailsService {
  constructor(
    @InjectRepository(IncomingEmail) private readonly emails: Repository<IncomingEmail>,
  ) {}

  findArchivable(limit: number): Promise<IncomingEmail[]> {
    return this.emails.find({
      where: {
        status: In([IncomingEmailStatus.POSTED, IncomingEmailStatus.REJECTED]),
        folder: 'INBOX',
        archivedAt: IsNull(),
        authMethod: MailboxAuthMethod.BASIC,
      },
      order: { receivedAt: 'ASC', id: 'ASC' },
      take: limit,
    });
  }

  async markArchived(ids: string[], folder: string): Promise<void> {
    if (!ids.length) return;
    await this.emails.update({ id: In(ids) }, { folder, archivedAt: new Date() });
  }

  async purgeRawOlderThan(cutoff: Date): Promise<number> {
    const result = await this.emails.query<[unknown[], number]>(
      `UPDATE incoming_emails SET raw = NULL, raw_purged_at = now(), updated_at = now()
        WHERE received_at < $1 AND raw IS NOT NULL
          AND status <> 'RECEIVED' AND NOT (status = 'FAILED' AND next_attempt_at IS NOT NULL)
        RETURNING id`,
      [cutoff],
    );
    return result[1];
  }

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
    if (after) query.andWhere('(e.created_at, e.id) < (:at, :id)', { at: after.at, id: after.id });
    return query.getMany();
  }

  async get(id: string): Promise<IncomingEmail> {
    const email = await this.emails.findOneBy({ id });
    if (!email) {
      throw new MailboxSyncException(
        MailboxSyncErrorCode.INCOMING_EMAIL_NOT_FOUND,
        `Incoming email ${id} not found`,
      );
    }
    return email;
  }

  /** Whether the raw message is still stored (it is not selected with the entity). */
  async hasRaw(id: string): Promise<boolean> {
    const [row] = await this.emails.query<Array<{ has_raw: boolean }>>(
      `SELECT raw IS NOT NULL AS has_raw FROM incoming_emails WHERE id = $1`,
      [id],
    );
    return row?.has_raw ?? false;
  }

  /** Emails waiting for processing or for a retry. */
  countPending(): Promise<number> {
    return this.emails.count({
      where: [
        { status: IncomingEmailStatus.RECEIVED },
        { status: IncomingEmailStatus.FAILED, nextAttemptAt: Not(IsNull()) },
      ],
    });
  }
}
